//! Log-in throttling per account and per client address, kept in the
//! database so every node sees the same counts.

use chrono::{Duration, Utc};
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

fn keyed(salt: &[u8], kind: &str, value: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(kind.as_bytes());
    hasher.update(b":");
    hasher.update(value.as_bytes());
    hex::encode(hasher.finalize())
}

/// Whether either key has used up its failures in the window.
pub fn is_throttled(conn: &mut PgConnection, keys: &AttemptKeys) -> QueryResult<bool> {
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    let count = |conn: &mut PgConnection, key: &str| {
        login_failures::table
            .filter(login_failures::key_hash.eq(key))
            .filter(login_failures::failed_at.gt(since))
            .count()
            .get_result::<i64>(conn)
    };
    Ok(count(conn, &keys.account)? >= ACCOUNT_LIMIT || count(conn, &keys.address)? >= ADDRESS_LIMIT)
}

pub fn record_failure(conn: &mut PgConnection, keys: &AttemptKeys) -> QueryResult<()> {
    let expired = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(expired))).execute(conn)?;
    diesel::insert_into(login_failures::table)
        .values(&vec![login_failures::key_hash.eq(&keys.account), login_failures::key_hash.eq(&keys.address)])
        .execute(conn)?;
    Ok(())
}

/// A successful log-in forgives the account's earlier failures.
pub fn clear_account(conn: &mut PgConnection, keys: &AttemptKeys) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::key_hash.eq(&keys.account))).execute(conn)?;
    Ok(())
}
