//! Secrets kept at rest encrypted with a key derived from the session key,
//! one key per purpose: a database dump alone reveals none of them.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

const NONCE_LEN: usize = 12;

#[derive(Clone)]
pub struct SecretBox {
    cipher: ChaCha20Poly1305,
}

impl SecretBox {
    /// `purpose` keeps the keys of different uses apart.
    pub fn from_secret(secret: &[u8], purpose: &[u8]) -> Self {
        let digest = Sha256::new().chain_update(purpose).chain_update(secret).finalize();
        SecretBox { cipher: ChaCha20Poly1305::new(Key::from_slice(&digest)) }
    }

    pub fn seal(&self, plain: &[u8]) -> anyhow::Result<Vec<u8>> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plain).map_err(|_| anyhow::anyhow!("sealing a secret"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    pub fn open(&self, sealed: &[u8]) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(sealed.len() > NONCE_LEN, "sealed secret too short");
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| anyhow::anyhow!("cannot open a sealed secret: was SESSION_KEY changed since it was sealed?"))
    }
}

#[cfg(test)]
mod tests {
    use super::SecretBox;

    #[test]
    fn a_sealed_secret_opens_only_with_the_same_key_and_purpose() {
        let sealed = SecretBox::from_secret(b"one", b"stripe").seal(b"whsec_abc123").unwrap();

        assert!(!String::from_utf8_lossy(&sealed).contains("abc123"));
        assert_eq!(SecretBox::from_secret(b"one", b"stripe").open(&sealed).unwrap(), b"whsec_abc123");
        assert!(SecretBox::from_secret(b"two", b"stripe").open(&sealed).is_err());
        assert!(SecretBox::from_secret(b"one", b"outbox").open(&sealed).is_err());
    }
}
