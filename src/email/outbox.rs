//! The outbox table: [`Outbox`] queues inside the caller's transaction;
//! the worker claims, sends and marks.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bytea, Int8, Integer, Nullable, Text};

use super::content::{EmailContent, OutgoingEmail};
use super::seal::Sealer;
use super::worker::WakeUp;
use crate::db::ids::OutboxEmailId;
use crate::db::schema::outbox_emails;
use crate::db::states::OutboxStatus;
use crate::web::AppError;

/// After this many failed attempts a transient failure is given up on.
/// Enough attempts for retries to go on for more than a day: the delays
/// double from a second up to an hour (about 68 minutes for the first 13),
/// then an hour each.
pub const MAX_ATTEMPTS: i32 = 37;
/// A row claimed this long ago by a worker that never reported back is
/// released again: that worker died, perhaps after sending.
const STALE_CLAIM_MINUTES: i64 = 10;

/// What a feature sends email through: it renders, seals and queues an
/// email in the caller's transaction, and wakes the worker once that
/// transaction has committed.
#[derive(Clone)]
pub struct Outbox {
    sealer: Sealer,
    base_url: String,
    wake_up: WakeUp,
}

impl Outbox {
    pub fn new(sealer: Sealer, base_url: String, wake_up: WakeUp) -> Self {
        Outbox { sealer, base_url, wake_up }
    }

    /// The absolute URL of `path` for an email: always BASE_URL, never the
    /// Host a request came with.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Queues `content` for `to`; returns the outbox id. Call inside the
    /// transaction of whatever caused the email, so both commit or neither does.
    pub fn enqueue(
        &self,
        conn: &mut PgConnection,
        to: &str,
        content: &impl EmailContent,
    ) -> Result<OutboxEmailId, AppError> {
        let email = content.to_email(to).map_err(|e| anyhow::anyhow!("rendering an email: {e}"))?;
        let sealed = self.sealer.seal(&email.bodies)?;
        let id = insert(conn, &email, sealed)?;
        let wake_up = self.wake_up.clone();
        crate::db::after_commit(move || wake_up.now());
        Ok(id)
    }
}

fn insert(conn: &mut PgConnection, email: &OutgoingEmail, sealed_body: Vec<u8>) -> QueryResult<OutboxEmailId> {
    diesel::insert_into(outbox_emails::table)
        .values((
            outbox_emails::recipient.eq(&email.to),
            outbox_emails::subject.eq(&email.subject),
            outbox_emails::sealed_body.eq(sealed_body),
        ))
        .returning(outbox_emails::id)
        .get_result(conn)
}

/// A row a worker has taken to send.
#[derive(Debug, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = Int8)]
    pub id: OutboxEmailId,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = Nullable<Bytea>)]
    pub sealed_body: Option<Vec<u8>>,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
}

/// Takes up to `limit` due rows, marking them sending in the same
/// statement; `SKIP LOCKED` keeps two workers from taking the same row.
const CLAIM_DUE: &str = "
UPDATE outbox_emails SET status = $2, claimed_at = now(), attempts = attempts + 1
WHERE id IN (
    SELECT id FROM outbox_emails
    WHERE status = $3 AND next_attempt_at <= now()
    ORDER BY next_attempt_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, recipient, subject, sealed_body, attempts";

pub fn claim_due(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<Claimed>> {
    diesel::sql_query(CLAIM_DUE)
        .bind::<BigInt, _>(limit)
        .bind::<Text, _>(OutboxStatus::Sending)
        .bind::<Text, _>(OutboxStatus::Pending)
        .load(conn)
}

/// Sent: the body, with its one-time links, is wiped.
pub fn mark_sent(conn: &mut PgConnection, id: OutboxEmailId) -> QueryResult<()> {
    diesel::update(outbox_emails::table.find(id))
        .set((
            outbox_emails::status.eq(OutboxStatus::Sent),
            outbox_emails::sent_at.eq(diesel::dsl::now),
            outbox_emails::sealed_body.eq(None::<Vec<u8>>),
            outbox_emails::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// A transient failure: try again after `retry_at`.
pub fn mark_retry(conn: &mut PgConnection, id: OutboxEmailId, error: &str, retry_at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(outbox_emails::table.find(id))
        .set((
            outbox_emails::status.eq(OutboxStatus::Pending),
            outbox_emails::next_attempt_at.eq(retry_at),
            outbox_emails::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// A permanent failure, shown to the vendor with its reason.
pub fn mark_failed(conn: &mut PgConnection, id: OutboxEmailId, error: &str) -> QueryResult<()> {
    diesel::update(outbox_emails::table.find(id))
        .set((
            outbox_emails::status.eq(OutboxStatus::Failed),
            outbox_emails::last_error.eq(error),
            outbox_emails::sealed_body.eq(None::<Vec<u8>>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Exponential backoff: 1 s, 2 s, 4 s … capped at an hour.
pub fn retry_delay(attempts: i32) -> Duration {
    Duration::seconds(1i64 << attempts.clamp(1, 13).saturating_sub(1)).min(Duration::hours(1))
}

/// Returns rows stuck in `sending` to the queue. Such a row may have been
/// sent just before its worker died, so this can repeat one email.
pub fn release_stale_claims(conn: &mut PgConnection) -> QueryResult<usize> {
    let stale = Utc::now() - Duration::minutes(STALE_CLAIM_MINUTES);
    diesel::update(
        outbox_emails::table
            .filter(outbox_emails::status.eq(OutboxStatus::Sending))
            .filter(outbox_emails::claimed_at.lt(stale)),
    )
    .set(outbox_emails::status.eq(OutboxStatus::Pending))
    .execute(conn)
}

#[cfg(test)]
mod retry_tests {
    use super::{MAX_ATTEMPTS, retry_delay};

    #[test]
    fn retries_go_on_for_more_than_a_day_with_delays_capped_at_an_hour() {
        let total: i64 = (1..MAX_ATTEMPTS).map(|attempt| retry_delay(attempt).num_seconds()).sum();
        assert!(total >= 24 * 3600, "{total} s");
        assert_eq!(retry_delay(30).num_seconds(), 3600);
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::retry_delay;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let delays: Vec<i64> = (1..=5).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(delays, vec![1, 2, 4, 8, 16]);
        assert_eq!(retry_delay(40), Duration::hours(1));
    }
}
