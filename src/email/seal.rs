//! Outbox bodies are encrypted at rest: they can hold one-time links whose
//! tokens must never sit in the database in plain text.

use anyhow::Context;

use super::content::Bodies;
use crate::auth::sealed::SecretBox;

#[derive(Clone)]
pub struct Sealer {
    secret_box: SecretBox,
}

impl Sealer {
    /// A key of its own, derived from the session key.
    pub fn from_secret(secret: &[u8]) -> Self {
        Sealer { secret_box: SecretBox::from_secret(secret, b"partnerdesk outbox v1") }
    }

    pub fn seal(&self, bodies: &Bodies) -> anyhow::Result<Vec<u8>> {
        self.secret_box.seal(&serde_json::to_vec(bodies)?)
    }

    pub fn open(&self, sealed: &[u8]) -> anyhow::Result<Bodies> {
        let plain = self.secret_box.open(sealed).context("cannot open the email")?;
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
