//! The background sender: claims due outbox rows, sends them, marks them.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lettre::message::Mailbox;
use tokio::sync::Notify;

use super::outbox::{self, Claimed, MAX_ATTEMPTS};
use super::seal::Sealer;
use super::transport::{Mailer, SendFailure};
use crate::db::DbPool;

const POLL_INTERVAL: Duration = Duration::from_secs(1);
const BATCH: i64 = 20;
/// How often rows stuck in `sending` are looked for.
const RELEASE_EVERY: Duration = Duration::from_secs(10);

/// Wakes the worker at once when a request has queued an email.
#[derive(Clone, Default)]
pub struct WakeUp(Arc<Notify>);

impl WakeUp {
    pub fn now(&self) {
        self.0.notify_one();
    }
}

pub struct OutboxWorker {
    pub pool: DbPool,
    pub mailer: Mailer,
    pub sealer: Sealer,
    pub from: Mailbox,
    pub wake_up: WakeUp,
}

impl OutboxWorker {
    /// Runs until `stop` is notified; an email being sent then is finished
    /// and recorded first. Rows another worker left in `sending` are
    /// released while it runs, not only at start.
    pub async fn run(self, stop: Arc<Notify>) {
        let mut last_release: Option<std::time::Instant> = None;
        loop {
            if last_release.is_none_or(|at| at.elapsed() >= RELEASE_EVERY) {
                if let Err(error) = self.with_conn(outbox::release_stale_claims).await {
                    tracing::warn!(%error, "could not release stale outbox claims");
                }
                last_release = Some(std::time::Instant::now());
            }
            match self.with_conn(|conn| outbox::claim_due(conn, BATCH)).await {
                Ok(batch) if !batch.is_empty() => {
                    for email in batch {
                        self.deliver(email).await;
                    }
                    continue;
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "outbox unavailable"),
            }
            tokio::select! {
                () = stop.notified() => return,
                _ = tokio::time::timeout(POLL_INTERVAL, self.wake_up.0.notified()) => {}
            }
        }
    }

    async fn deliver(&self, email: Claimed) {
        let outcome = match email.sealed_body.as_deref().map(|sealed| self.sealer.open(sealed)) {
            Some(Ok(bodies)) => {
                let message_id = format!("<outbox-{}@{}>", email.id, self.from.email.domain());
                self.mailer.send(message_id, &self.from, &email.recipient, &email.subject, bodies).await
            }
            Some(Err(error)) => Err(SendFailure { permanent: true, reason: error.to_string() }),
            None => Err(SendFailure { permanent: true, reason: "the email has no body".into() }),
        };
        let (id, attempts) = (email.id, email.attempts);
        let marked = self
            .with_conn(move |conn| match outcome {
                Ok(()) => outbox::mark_sent(conn, id),
                Err(failure) if failure.permanent || attempts >= MAX_ATTEMPTS => {
                    tracing::warn!(id = %id, reason = %failure.reason, "email failed for good");
                    outbox::mark_failed(conn, id, &failure.reason)
                }
                Err(failure) => {
                    tracing::info!(id = %id, attempts, reason = %failure.reason, "email will be retried");
                    outbox::mark_retry(conn, id, &failure.reason, Utc::now() + outbox::retry_delay(attempts))
                }
            })
            .await;
        if let Err(error) = marked {
            tracing::error!(id = %id, %error, "could not record an email's outcome");
        }
    }

    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut diesel::PgConnection) -> diesel::QueryResult<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let pool = self.pool.clone();
        actix_web::web::block(move || -> anyhow::Result<T> { Ok(work(&mut *pool.get()?)?) }).await?
    }
}
