//! One fresh database per test, cloned from a migrated template.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use diesel::prelude::*;
use partnerdesk::db::{migrate, quote_ident};
use rand::Rng;
use sha2::{Digest, Sha256};

const LOCK_KEY: i64 = 0x7465_7374_5f74_706c;

/// The server the tests use; override with TEST_DATABASE_SERVER.
pub fn server_url() -> String {
    std::env::var("TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string())
}

pub(super) fn admin_connection() -> PgConnection {
    PgConnection::establish(&format!("{}/postgres", server_url())).expect("PostgreSQL must be reachable for the tests")
}

/// A database dropped when the test ends, even when it fails.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub fn create() -> TestDb {
        let template = template_name();
        let name = format!("pd_test_{}", rand::thread_rng().gen_range(0..u64::MAX));
        let placed = match super::ram::tablespace() {
            Some(tablespace) => format!(" TABLESPACE {}", quote_ident(tablespace)),
            None => String::new(),
        };
        // FILE_COPY copies the template's files after one checkpoint; the
        // default (WAL_LOG) writes all of it to the WAL, several times slower.
        diesel::sql_query(format!(
            "CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY{placed}",
            quote_ident(&name),
            quote_ident(template)
        ))
        .execute(&mut admin_connection())
        .expect("creating the test database");
        TestDb { name }
    }

    /// Without TLS: a test server is local, and no libpq thread is then
    /// inside OpenSSL when the test process exits. Commits do not wait for
    /// the disk: a test database never outlives a crash.
    pub fn url(&self) -> String {
        format!("{}/{}?sslmode=disable&options=-c%20synchronous_commit%3Doff", server_url(), self.name)
    }

    /// A connection of its own, e.g. to hold a lock while the app works.
    pub fn connect(&self) -> PgConnection {
        PgConnection::establish(&self.url()).expect("connecting to the test database")
    }

    /// Runs `query` on the test's kept connection to this database.
    pub fn with<T>(&self, query: impl FnOnce(&mut PgConnection) -> T) -> T {
        with_connection(&self.url(), query)
    }

    /// Drops the database now (for tests of an unreachable database).
    /// Never panics: it also runs while a failed test unwinds.
    pub fn drop_now(&self) {
        forget_connection(&self.url());
        if let Ok(mut admin) = PgConnection::establish(&format!("{}/postgres", server_url())) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(&self.name)))
                .execute(&mut admin);
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        self.drop_now();
    }
}

/// The migrated template; its name carries a hash of `migrations/`, so an
/// edited migration gets a new template rather than a stale one.
fn template_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let name = format!("pd_template_{}", migrations_hash());
        let mut admin = admin_connection();
        diesel::sql_query(format!("SELECT pg_advisory_lock({LOCK_KEY})")).execute(&mut admin).expect("locking");
        if !database_exists(&mut admin, &name) {
            build_template(&mut admin, &name);
        }
        diesel::sql_query(format!("SELECT pg_advisory_unlock({LOCK_KEY})")).execute(&mut admin).expect("unlocking");
        name
    })
}

fn build_template(admin: &mut PgConnection, name: &str) {
    let building = format!("{name}_building");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(&building)))
        .execute(admin)
        .expect("dropping a half-built template");
    diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(&building)))
        .execute(admin)
        .expect("creating the template");
    {
        let mut conn =
            PgConnection::establish(&format!("{}/{building}", server_url())).expect("connecting to the template");
        migrate(&mut conn).expect("migrating the template");
    }
    // Renamed only once complete, so no test ever clones a half-migrated template.
    diesel::sql_query(format!("ALTER DATABASE {} RENAME TO {}", quote_ident(&building), quote_ident(name)))
        .execute(admin)
        .expect("publishing the template");
}

fn database_exists(admin: &mut PgConnection, name: &str) -> bool {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
        "EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"
    )))
    .get_result(admin)
    .expect("looking up the template")
}

fn migrations_hash() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = walk(&root);
    files.sort();
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file).unwrap_or_default());
    }
    hex::encode(hasher.finalize())[..16].to_string()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { found.extend(walk(&path)) } else { found.push(path) }
    }
    found
}

/// The connections the helpers keep, one per database: a new backend for
/// every count or poll would cost PostgreSQL far more than the query.
fn kept() -> &'static Mutex<HashMap<String, PgConnection>> {
    static KEPT: OnceLock<Mutex<HashMap<String, PgConnection>>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

/// Runs `query` on the kept connection to `url`, made on first use. The
/// connection is taken out while in use, so no lock is held during a query.
pub fn with_connection<T>(url: &str, query: impl FnOnce(&mut PgConnection) -> T) -> T {
    let taken = kept().lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(url);
    let mut conn = taken.unwrap_or_else(|| PgConnection::establish(url).expect("connecting to the test database"));
    let result = query(&mut conn);
    kept().lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(url.to_string(), conn);
    result
}

fn forget_connection(url: &str) {
    kept().lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(url);
}
