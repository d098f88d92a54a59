//! Sending one email through lettre: SMTP, or files when no SMTP is set.

use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use url::Url;

use super::content::Bodies;
use crate::config::Config;

const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Development: each email becomes a file under `DATA_DIR/mail`.
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a send did not happen; permanent failures are not retried.
#[derive(Debug)]
pub struct SendFailure {
    pub permanent: bool,
    pub reason: String,
}

impl Mailer {
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        let Some(secret) = &config.smtp_url else {
            let dir = config.data_dir.join("mail");
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create the mail folder {}", dir.display()))?;
            return Ok(Mailer::Files(AsyncFileTransport::new(dir)));
        };
        let raw = String::from_utf8(secret.expose().to_vec()).context("SMTP_URL is not text")?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&with_starttls_when_offered(&raw))
            .map_err(|e| anyhow::anyhow!("SMTP_URL cannot be used: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Mailer::Smtp(transport))
    }

    /// Sends one email; `message_id` is the same on every attempt, so a
    /// repeat after a lost acknowledgement can be recognised as one.
    pub async fn send(
        &self,
        message_id: String,
        from: &Mailbox,
        to: &str,
        subject: &str,
        bodies: Bodies,
    ) -> Result<(), SendFailure> {
        let message = build_message(message_id, from, to, subject, bodies)?;
        match self {
            Mailer::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendFailure { permanent: e.is_permanent(), reason: e.to_string() }),
            Mailer::Files(files) => files
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendFailure { permanent: false, reason: e.to_string() }),
        }
    }
}

fn build_message(
    message_id: String,
    from: &Mailbox,
    to: &str,
    subject: &str,
    bodies: Bodies,
) -> Result<Message, SendFailure> {
    let permanent = |reason: String| SendFailure { permanent: true, reason };
    let to: Mailbox = to.parse().map_err(|e| permanent(format!("bad recipient address: {e}")))?;
    Message::builder()
        .message_id(Some(message_id))
        .from(from.clone())
        .to(to)
        .subject(super::content::one_line(subject))
        .multipart(MultiPart::alternative_plain_html(bodies.text, bodies.html))
        .map_err(|e| permanent(format!("cannot build the email: {e}")))
}

/// A bare `smtp://` URL upgrades to TLS when the server offers STARTTLS;
/// `?tls=required` or `smtps://` are kept as given.
fn with_starttls_when_offered(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if url.scheme() == "smtp" && !url.query_pairs().any(|(k, _)| k == "tls") => {
            url.query_pairs_mut().append_pair("tls", "opportunistic");
            url.to_string()
        }
        _ => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::with_starttls_when_offered;

    #[test]
    fn plain_smtp_urls_upgrade_when_offered_and_explicit_choices_stay() {
        assert_eq!(
            with_starttls_when_offered("smtp://mail.example.com:587"),
            "smtp://mail.example.com:587?tls=opportunistic"
        );
        assert_eq!(with_starttls_when_offered("smtp://h:25?tls=required"), "smtp://h:25?tls=required");
        assert_eq!(with_starttls_when_offered("smtps://u:p@h:465"), "smtps://u:p@h:465");
    }
}
