//! A tablespace in memory for the test databases, where the tests may make
//! one: as root, beside a local PostgreSQL. Copying the template to disk
//! costs an fsync per file, over a second a database on some machines and
//! most of a short test; in memory it costs nothing. Anywhere else the
//! databases stay in the default tablespace, only slower.

use std::path::Path;
use std::sync::OnceLock;

use diesel::prelude::*;
use partnerdesk::db::quote_ident;

use super::db::{admin_connection, server_url};

const MEMORY: &str = "/dev/shm";

/// The tablespace for test databases, or `None` for the default one.
pub fn tablespace() -> Option<&'static str> {
    static NAME: OnceLock<Option<String>> = OnceLock::new();
    NAME.get_or_init(prepare).as_deref()
}

fn prepare() -> Option<String> {
    if !is_local(&server_url()) || !Path::new(MEMORY).is_dir() {
        return None;
    }
    // Memory is emptied by a reboot: each boot has its own tablespace.
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let name = format!("pd_test_ram_{}", boot.chars().filter(char::is_ascii_hexdigit).take(12).collect::<String>());
    let mut admin = admin_connection();
    if !exists(&mut admin, &name) && !create(&mut admin, &name) && !exists(&mut admin, &name) {
        return None;
    }
    forget_earlier_boots(&mut admin, &name);
    Some(name)
}

fn is_local(url: &str) -> bool {
    ["@127.0.0.1:", "@localhost:", "@[::1]:"].iter().any(|host| url.contains(host))
}

/// Makes the folder PostgreSQL's own, then the tablespace; false when
/// either is not allowed here (not root, or the server cannot see it).
fn create(admin: &mut PgConnection, name: &str) -> bool {
    let folder = Path::new(MEMORY).join(name);
    if std::fs::create_dir_all(&folder).is_err() {
        return false;
    }
    let owned = std::process::Command::new("chown")
        .arg("postgres:postgres")
        .arg(&folder)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    owned
        && diesel::sql_query(format!("CREATE TABLESPACE {} LOCATION '{}'", quote_ident(name), folder.display()))
            .execute(admin)
            .is_ok()
}

fn exists(admin: &mut PgConnection, name: &str) -> bool {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        found: bool,
    }
    diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_tablespace WHERE spcname = $1) AS found")
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<Found>(admin)
        .is_ok_and(|row| row.found)
}

/// Drops the tablespaces of earlier boots, whose folders are gone; one still
/// holding a database left by a killed run stays, harmlessly.
fn forget_earlier_boots(admin: &mut PgConnection, current: &str) {
    #[derive(QueryableByName)]
    struct Tablespace {
        #[diesel(sql_type = diesel::sql_types::Text)]
        spcname: String,
    }
    let earlier: Vec<Tablespace> = diesel::sql_query(
        "SELECT spcname::text FROM pg_tablespace WHERE spcname LIKE 'pd\\_test\\_ram\\_%' AND spcname <> $1",
    )
    .bind::<diesel::sql_types::Text, _>(current)
    .load(admin)
    .unwrap_or_default();
    for tablespace in earlier {
        let _ = diesel::sql_query(format!("DROP TABLESPACE {}", quote_ident(&tablespace.spcname))).execute(admin);
    }
}
