//! One-time link tokens (invites, team invites, password resets, email
//! confirmations): 32 random bytes in the link, only their SHA-256 stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token for a link, and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The SHA-256 a token is stored and looked up by.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_random_and_only_their_hash_is_kept() {
        let (one, hash_one) = super::new_token();
        let (two, _) = super::new_token();
        assert_eq!(one.len(), 43);
        assert_ne!(one, two);
        assert_eq!(super::token_hash(&one), hash_one);
        assert!(!hash_one.contains(&one));
    }
}
