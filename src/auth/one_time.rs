//! The life cycle every emailed one-time link shares — partner invites,
//! team invites, password resets, email confirmations: a token issued with
//! an expiry and stored only as its hash, looked up while unused and
//! unexpired, and used up in the one statement that checks it, so of many
//! simultaneous uses exactly one wins. Expiry is judged by the app's clock.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int8, Text, Timestamptz};

use super::tokens::{new_token, token_hash};

/// A table of one-time links: it has `id`, `token_hash` and `expires_at`,
/// and says in its own columns whether a link was used.
#[derive(Debug, Clone, Copy)]
pub struct OneTimeLinks {
    table: &'static str,
    /// SQL that holds while a link is unused.
    unused: &'static str,
    /// SQL assignments that use a link up at the time bound as `$2`.
    use_up: &'static str,
}

/// A link just issued: the token goes into the email, the hash and the
/// expiry into the table's new row.
pub struct IssuedLink {
    pub token: String,
    pub hash: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct LinkId {
    #[diesel(sql_type = Int8)]
    id: i64,
}

impl OneTimeLinks {
    /// Links whose `used_column` holds when they were used (NULL until then).
    pub const fn marked_by(table: &'static str, used_column: UsedColumn) -> Self {
        OneTimeLinks { table, unused: used_column.unused, use_up: used_column.use_up }
    }

    /// Links that say in their own words whether they are unused and how
    /// they are used up (`use_up` may bind the time as `$2`).
    pub const fn with(table: &'static str, unused: &'static str, use_up: &'static str) -> Self {
        OneTimeLinks { table, unused, use_up }
    }

    pub fn issue(valid_for: Duration, now: DateTime<Utc>) -> IssuedLink {
        let (token, hash) = new_token();
        IssuedLink { token, hash, expires_at: now + valid_for }
    }

    /// The id of the unused, unexpired link `token` opens.
    pub fn find_usable(&self, conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> QueryResult<Option<i64>> {
        let sql =
            format!("SELECT id FROM {} WHERE token_hash = $1 AND {} AND expires_at > $2", self.table, self.unused);
        self.run(conn, &sql, token, now)
    }

    /// Uses the link up if it is still usable, returning its id; `None`
    /// when it was used, expired or never existed.
    pub fn use_up(&self, conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> QueryResult<Option<i64>> {
        let sql = format!(
            "UPDATE {} SET {} WHERE token_hash = $1 AND {} AND expires_at > $2 RETURNING id",
            self.table, self.use_up, self.unused
        );
        self.run(conn, &sql, token, now)
    }

    fn run(&self, conn: &mut PgConnection, sql: &str, token: &str, now: DateTime<Utc>) -> QueryResult<Option<i64>> {
        let found: Option<LinkId> = diesel::sql_query(sql)
            .bind::<Text, _>(token_hash(token))
            .bind::<Timestamptz, _>(now)
            .get_result(conn)
            .optional()?;
        Ok(found.map(|link| link.id))
    }
}

/// A nullable column that records when a link was used.
#[derive(Debug, Clone, Copy)]
pub struct UsedColumn {
    unused: &'static str,
    use_up: &'static str,
}

pub const USED_AT: UsedColumn = UsedColumn { unused: "used_at IS NULL", use_up: "used_at = $2" };
pub const ACCEPTED_AT: UsedColumn = UsedColumn { unused: "accepted_at IS NULL", use_up: "accepted_at = $2" };
