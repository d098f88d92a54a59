//! The database layer: pool, start-up preparation, typed ids and states,
//! and the helpers that run synchronous Diesel code on the blocking pool.

pub mod ids;
pub mod prepared;
pub mod schema;
pub mod states;

use std::cell::RefCell;
use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use url::Url;

use crate::web::AppError;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Shared connection pool.
pub type DbPool = Pool<ConnectionManager<PgConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<PgConnection>>;

/// How long start-up waits for PostgreSQL before giving up with a message.
const CONNECT_TIMEOUT_SECS: u64 = 3;
/// No query of a page may take longer: a stalled database gives a 503
/// within seconds instead of a page that never loads.
const STATEMENT_TIMEOUT_MS: u64 = 5_000;

/// Sets [`STATEMENT_TIMEOUT_MS`] on every connection the pool opens.
#[derive(Debug)]
struct StatementTimeout;

impl diesel::r2d2::CustomizeConnection<PgConnection, diesel::r2d2::Error> for StatementTimeout {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        diesel::sql_query(format!("SET statement_timeout = {STATEMENT_TIMEOUT_MS}"))
            .execute(conn)
            .map(|_| ())
            .map_err(diesel::r2d2::Error::QueryError)
    }
}
/// Any fixed number works; it only has to be the same in every node.
const MIGRATION_LOCK_KEY: i64 = 0x5041_5254_4e45_5244;

thread_local! {
    /// Work to do once the current [`run`] has finished, see [`after_commit`].
    static AFTER_COMMIT: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `hook` when the [`run`] in progress on this thread returns `Ok`,
/// after every transaction in it has committed, e.g. to wake a worker that
/// would not yet see an uncommitted row. Dropped when the work fails.
pub(crate) fn after_commit(hook: impl FnOnce() + 'static) {
    AFTER_COMMIT.with(|hooks| hooks.borrow_mut().push(Box::new(hook)));
}

/// Runs `f` with a pooled connection on the blocking thread pool.
pub(crate) async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || with_after_commit(|| pool.get().map_err(AppError::from).and_then(|mut conn| f(&mut conn))))
        .await?
}

/// Runs `work`, then the hooks it queued with [`after_commit`] if it succeeded.
fn with_after_commit<T>(work: impl FnOnce() -> Result<T, AppError>) -> Result<T, AppError> {
    AFTER_COMMIT.with(|hooks| hooks.borrow_mut().clear());
    let outcome = work();
    let hooks = AFTER_COMMIT.with(|hooks| std::mem::take(&mut *hooks.borrow_mut()));
    if outcome.is_ok() {
        hooks.into_iter().for_each(|hook| hook());
    }
    outcome
}

/// Like [`run`], with `f` inside one transaction: all of it commits or none.
pub(crate) async fn transaction<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    run(pool, move |conn| conn.transaction(f)).await
}

/// Whether PostgreSQL answers within `timeout`.
pub(crate) async fn ping(pool: &DbPool, timeout: Duration) -> bool {
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get_timeout(timeout).ok()?;
        diesel::sql_query("SELECT 1").execute(&mut conn).ok()
    })
    .await
    .ok()
    .flatten()
    .is_some()
}

/// Connects, creating the database when missing, and migrates it.
pub fn prepare(database_url: &Url) -> anyhow::Result<DbPool> {
    let url = with_connect_timeout(database_url);
    create_database_if_missing(&url)?;
    let pool = Pool::builder()
        .max_size(16)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(CONNECT_TIMEOUT_SECS))
        .connection_customizer(Box::new(StatementTimeout))
        .build(ConnectionManager::<PgConnection>::new(url.as_str()))
        .with_context(|| format!("cannot connect to DATABASE_URL {}", redacted(database_url)))?;
    let mut conn = pool.get().context("cannot take a database connection")?;
    // A migration may rightly take long; the pooled limit comes back after.
    diesel::sql_query("SET statement_timeout = 0").execute(&mut conn)?;
    migrate(&mut conn)?;
    diesel::sql_query(format!("SET statement_timeout = {STATEMENT_TIMEOUT_MS}")).execute(&mut conn)?;
    Ok(pool)
}

/// Runs pending migrations; an advisory lock keeps nodes that start
/// together from migrating at once.
pub fn migrate(conn: &mut PgConnection) -> anyhow::Result<()> {
    diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    let result = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|_| ())
        .map_err(|e| anyhow::anyhow!("running database migrations failed: {e}"));
    diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    result
}

fn create_database_if_missing(url: &Url) -> anyhow::Result<()> {
    let error = match PgConnection::establish(url.as_str()) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    if !error.to_string().contains("does not exist") {
        anyhow::bail!(
            "cannot connect to DATABASE_URL {}: {}; is PostgreSQL running there?",
            redacted(url),
            first_line(&error.to_string())
        );
    }
    let name = database_name(url);
    let mut maintenance_url = url.clone();
    maintenance_url.set_path("/postgres");
    let mut conn = PgConnection::establish(maintenance_url.as_str())
        .with_context(|| format!("cannot connect to {} to create database {name:?}", redacted(&maintenance_url)))?;
    diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(&name)))
        .execute(&mut conn)
        .with_context(|| format!("cannot create database {name:?}"))?;
    tracing::info!(database = %name, "created database");
    Ok(())
}

/// The database name from the URL's path, percent-decoded.
pub fn database_name(url: &Url) -> String {
    let raw = url.path().trim_start_matches('/');
    url::form_urlencoded::parse(format!("n={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| raw.to_string())
}

/// Quotes an SQL identifier (a database name cannot be a bind parameter).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The URL with a connect timeout, so an unreachable database is an error
/// within seconds rather than a hang.
pub(crate) fn with_connect_timeout(url: &Url) -> Url {
    let mut url = url.clone();
    if !url.query_pairs().any(|(k, _)| k == "connect_timeout") {
        url.query_pairs_mut().append_pair("connect_timeout", &CONNECT_TIMEOUT_SECS.to_string());
    }
    url
}

/// The URL with any password masked, for messages.
pub fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.set_query(None);
    shown.to_string()
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim()
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::{after_commit, with_after_commit};
    use crate::web::AppError;

    #[test]
    fn hooks_run_after_work_that_succeeded_and_never_after_work_that_failed() {
        let ran = Rc::new(Cell::new(0));
        let hook = |ran: &Rc<Cell<i32>>| {
            let ran = ran.clone();
            move || ran.set(ran.get() + 1)
        };
        let done = with_after_commit(|| {
            after_commit(hook(&ran));
            assert_eq!(ran.get(), 0, "not before the work has returned");
            Ok(())
        });
        assert!(done.is_ok());
        assert_eq!(ran.get(), 1);

        let failed: Result<(), AppError> = with_after_commit(|| {
            after_commit(hook(&ran));
            Err(AppError::NotFound)
        });
        assert!(failed.is_err());
        with_after_commit(|| Ok(())).ok();
        assert_eq!(ran.get(), 1, "a failed unit's hook is dropped, not run by the next one");
    }
}
