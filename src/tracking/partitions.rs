//! Raw clicks live in one table per month (`clicks_2026_11`, …). The
//! months ahead are made before they start, so a click never waits for
//! one; with `CLICK_RETENTION_MONTHS` set, months past it are dropped
//! whole. The daily rollups the pages read are never dropped.

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Timestamptz};

use crate::db::{self, DbPool};

/// How often the months are checked: far more often than they change.
const CHECK_EVERY: Duration = Duration::from_secs(3600);
/// Months made ahead of the current one.
const MONTHS_AHEAD: i32 = 3;
/// One node at a time makes or drops months.
const LOCK_KEY: i64 = 0x5044_434c_4943_4b53;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Maintenance {
    pub made: i32,
    pub dropped: i32,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Integer)]
    n: i32,
}

/// Makes the months from `from`'s to three months after `to`'s, e.g.
/// before writing clicks dated in the past.
pub fn ensure_months(
    conn: &mut PgConnection,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> QueryResult<i32> {
    one_node_at_a_time(conn, |conn| {
        let made: Count = diesel::sql_query(format!(
            "SELECT pd_ensure_click_partitions($1, $2 + interval '{MONTHS_AHEAD} months') AS n"
        ))
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .get_result(conn)?;
        Ok(made.n)
    })
}

/// Drops the months that ended more than `months` whole months ago, and
/// any click older than that waiting in the default table.
pub fn expire(conn: &mut PgConnection, months: u32) -> QueryResult<i32> {
    one_node_at_a_time(conn, |conn| {
        let cutoff =
            format!("date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '{months} months'");
        // Straight from the default table, so the rollups keep these clicks.
        diesel::sql_query(format!("DELETE FROM clicks_default WHERE clicked_at < {cutoff}")).execute(conn)?;
        let dropped: Count =
            diesel::sql_query(format!("SELECT pd_drop_click_partitions({cutoff}) AS n")).get_result(conn)?;
        Ok(dropped.n)
    })
}

/// Runs `work` in a transaction holding the months' lock.
fn one_node_at_a_time<T>(
    conn: &mut PgConnection,
    work: impl FnOnce(&mut PgConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    conn.transaction(|conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(LOCK_KEY)
            .execute(conn)?;
        work(conn)
    })
}

/// One round: the months ahead, then the retention.
pub fn maintain_once(conn: &mut PgConnection, retention_months: Option<u32>) -> QueryResult<Maintenance> {
    let now = chrono::Utc::now();
    let made = ensure_months(conn, now, now)?;
    let dropped = match retention_months {
        Some(months) => expire(conn, months)?,
        None => 0,
    };
    Ok(Maintenance { made, dropped })
}

/// Keeps the months up to date, until aborted.
pub async fn maintain(pool: DbPool, retention_months: Option<u32>) {
    loop {
        match db::run(&pool, move |conn| Ok(maintain_once(conn, retention_months)?)).await {
            Ok(Maintenance { made: 0, dropped: 0 }) => {}
            Ok(done) => tracing::info!(made = done.made, dropped = done.dropped, "raw click months made and dropped"),
            Err(error) => tracing::warn!(%error, "could not make or drop raw click months; trying again"),
        }
        tokio::time::sleep(CHECK_EVERY).await;
    }
}
