//! Log-in throttling per account and per client address, kept in the
//! database so every node sees the same counts.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::login_failures;

pub const WINDOW_MINUTES: i64 = 15;
pub const ACCOUNT_LIMIT: i64 = 5;
/// Higher than the account limit: many people can share one address.
pub const ADDRESS_LIMIT: i64 = 30;

/// The throttle keys of one log-in attempt, salted and hashed so the table
/// holds neither raw addresses nor the emails people probed.
pub struct AttemptKeys {
    account: String,
    address: String,
}

impl AttemptKeys {
    pub fn new(salt: &[u8], email: &str, address: &str) -> Self {
        AttemptKeys { account: keyed(salt, "account", email), address: keyed(salt, "ip", address) }
    }
}

/// A salted hash of `value` for counting of one `kind`: no table holds raw
/// addresses or the emails people tried.
pub fn keyed(salt: &[u8], kind: &str, value: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(kind.as_bytes());
    hasher.update(b":");
    hasher.update(value.as_bytes());
    hex::encode(hasher.finalize())
}

/// After the limit, an attempt is let through only this long after the
/// last failure, doubling with each further one, up to the whole window:
/// guessing slows to a crawl while the owner gets in after a short wait.
const FIRST_DELAY_SECONDS: i64 = 15;

/// A slot taken for one attempt: counted as a failure unless released.
pub struct Reservation {
    ids: Vec<i64>,
    account: String,
}

/// Decides and records an attempt made `now` in one step, under a lock on
/// its keys, so parallel attempts are counted one after the other. `Err`
/// carries how long to wait before the next attempt.
pub fn reserve(
    conn: &mut PgConnection,
    keys: &AttemptKeys,
    now: DateTime<Utc>,
) -> QueryResult<Result<Reservation, Duration>> {
    conn.transaction(|conn| {
        let mut ordered = [&keys.account, &keys.address];
        ordered.sort();
        for key in ordered {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind::<diesel::sql_types::Text, _>(key)
                .execute(conn)?;
        }
        let since = now - Duration::minutes(WINDOW_MINUTES);
        for (key, limit) in [(&keys.account, ACCOUNT_LIMIT), (&keys.address, ADDRESS_LIMIT)] {
            if let Some(wait) = wait_for(conn, key, limit, (since, now))? {
                return Ok(Err(wait));
            }
        }
        diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(since))).execute(conn)?;
        let ids: Vec<i64> = diesel::insert_into(login_failures::table)
            .values(&vec![
                (login_failures::key_hash.eq(&keys.account), login_failures::failed_at.eq(now)),
                (login_failures::key_hash.eq(&keys.address), login_failures::failed_at.eq(now)),
            ])
            .returning(login_failures::id)
            .get_results(conn)?;
        Ok(Ok(Reservation { ids, account: keys.account.clone() }))
    })
}

/// How long `key` must still wait at `now`, if it is over `limit` in the
/// window that began `since`.
fn wait_for(
    conn: &mut PgConnection,
    key: &str,
    limit: i64,
    (since, now): (DateTime<Utc>, DateTime<Utc>),
) -> QueryResult<Option<Duration>> {
    let (count, last): (i64, Option<DateTime<Utc>>) = login_failures::table
        .filter(login_failures::key_hash.eq(key))
        .filter(login_failures::failed_at.gt(since))
        .select((diesel::dsl::count_star(), diesel::dsl::max(login_failures::failed_at)))
        .first(conn)?;
    if count < limit {
        return Ok(None);
    }
    let doublings = u32::try_from(count - limit).unwrap_or(u32::MAX).min(16);
    let delay =
        Duration::seconds(FIRST_DELAY_SECONDS.saturating_mul(1 << doublings)).min(Duration::minutes(WINDOW_MINUTES));
    let left = last.map_or(Duration::zero(), |last| last + delay - now);
    Ok((left > Duration::zero()).then_some(left))
}

/// The attempt succeeded: its slot is given back and the account's
/// earlier failures are forgiven.
pub fn release(conn: &mut PgConnection, reservation: Reservation) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq_any(&reservation.ids))).execute(conn)?;
    diesel::delete(login_failures::table.filter(login_failures::key_hash.eq(&reservation.account))).execute(conn)?;
    Ok(())
}

/// A successful log-in forgives the account's earlier failures.
pub fn clear_account(conn: &mut PgConnection, keys: &AttemptKeys) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::key_hash.eq(&keys.account))).execute(conn)?;
    Ok(())
}
