//! Outbox bodies are encrypted at rest: they can hold one-time links whose
//! tokens must never sit in the database in plain text.

use anyhow::Context;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

use super::content::Bodies;

const NONCE_LEN: usize = 12;

#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl Sealer {
    /// A key of its own, derived from the session key.
    pub fn from_secret(secret: &[u8]) -> Self {
        let digest = Sha256::new().chain_update(b"partnerdesk outbox v1").chain_update(secret).finalize();
        Sealer { cipher: ChaCha20Poly1305::new(Key::from_slice(&digest)) }
    }

    pub fn seal(&self, bodies: &Bodies) -> anyhow::Result<Vec<u8>> {
        let plain = serde_json::to_vec(bodies)?;
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plain.as_slice()).map_err(|_| anyhow::anyhow!("sealing an email"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    pub fn open(&self, sealed: &[u8]) -> anyhow::Result<Bodies> {
        anyhow::ensure!(sealed.len() > NONCE_LEN, "sealed email too short");
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| anyhow::anyhow!("cannot open the email: was SESSION_KEY changed since it was queued?"))?;
        serde_json::from_slice(&plain).context("reading an opened email")
    }
}

#[cfg(test)]
mod tests {
    use super::{Bodies, Sealer};

    #[test]
    fn a_sealed_body_opens_only_with_the_same_secret_and_hides_its_text() {
        let bodies = Bodies { text: "token abc123".into(), html: "<p>token abc123</p>".into() };
        let sealed = Sealer::from_secret(b"one").seal(&bodies).unwrap();

        assert!(!String::from_utf8_lossy(&sealed).contains("abc123"));
        assert_eq!(Sealer::from_secret(b"one").open(&sealed).unwrap().text, "token abc123");
        assert!(Sealer::from_secret(b"two").open(&sealed).is_err());
    }
}
