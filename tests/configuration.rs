//! The binary's start-up: defaults, bad settings, `migrate`.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::app::random_text;
use crate::helpers::db::{TestDb, server_url};

/// Runs the real binary with exactly these variables.
fn run_binary(args: &[&str], vars: &[(&str, &str)]) -> (Output, Duration) {
    let data_dir = std::env::temp_dir().join(format!("partnerdesk-cfg-{}", random_text(8)));
    let mut command = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    command.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("DATA_DIR", &data_dir);
    command.env("BIND", "127.0.0.1:0").stdin(Stdio::null());
    for (key, value) in vars {
        command.env(key, value);
    }
    let started = Instant::now();
    let output = command.output().expect("running partnerdesk");
    let _ = std::fs::remove_dir_all(&data_dir);
    (output, started.elapsed())
}

fn stderr_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.starts_with("partnerdesk:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn bad_settings_stop_start_up_quickly_with_one_line_naming_the_setting() {
    let key = random_text(64);
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("DATABASE_URL", "not a url")], "DATABASE_URL"),
        (&[("DATABASE_URL", "mysql://root@127.0.0.1/x")], "DATABASE_URL"),
        (&[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/partnerdesk")], "DATABASE_URL"),
        (&[("SESSION_KEY", "too-short")], "SESSION_KEY"),
        (&[("BASE_URL", "partners.example.com")], "BASE_URL"),
        (&[("BASE_URL", "https://partners.example.com/app")], "BASE_URL"),
        (&[("BIND", "not-an-address")], "BIND"),
        (&[("SMTP_URL", "http://mail.example.com")], "SMTP_URL"),
        (&[("MAIL_FROM", "nobody")], "MAIL_FROM"),
    ];
    for (vars, setting) in cases {
        let mut vars = vars.to_vec();
        if !vars.iter().any(|(k, _)| *k == "SESSION_KEY") {
            vars.push(("SESSION_KEY", &key));
        }
        let (output, took) = run_binary(&[], &vars);

        assert!(!output.status.success(), "{vars:?} started");
        let lines = stderr_lines(&output);
        assert_eq!(lines.len(), 1, "{vars:?}: {lines:?}");
        assert!(lines[0].contains(setting), "{vars:?}: {lines:?}");
        assert!(took < Duration::from_secs(10), "{vars:?} took {took:?}");
    }
}

#[test]
fn migrate_creates_a_missing_database_and_runs_the_migrations_alone() {
    let db = TestDb { name: format!("pd_test_migrate_{}", random_text(10).to_lowercase()) };
    let url = db.url();

    let (output, _) = run_binary(&["migrate"], &[("DATABASE_URL", &url), ("SESSION_KEY", &random_text(64))]);

    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    use diesel::prelude::*;
    let tables: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('users','vendors','vendor_members','partner_groups','links','partnerships'))",
    ))
    .get_result(&mut db.connect())
    .expect("counting tables");
    assert_eq!(tables, 6);
    assert!(server_url().starts_with("postgres://"));
}

#[test]
fn without_session_key_one_is_generated_into_data_dir_and_reused() {
    let data_dir = std::env::temp_dir().join(format!("partnerdesk-key-{}", random_text(8)));
    let settings = |dir: &std::path::Path| partnerdesk::config::Settings {
        session_key: None,
        ..crate::helpers::app::test_settings(format!("{}/unused", server_url()), dir)
    };

    let first = partnerdesk::config::Config::from_settings(settings(&data_dir)).expect("generated");
    let second = partnerdesk::config::Config::from_settings(settings(&data_dir)).expect("reused");

    assert!(first.session_key.expose().len() >= 64);
    assert_eq!(first.session_key.expose(), second.session_key.expose());
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[test]
fn the_sending_quota_is_generous_when_vendor_sign_up_is_closed_and_tight_when_open_unless_set() {
    use partnerdesk::config::{Config, VendorSignup};
    let dir = std::env::temp_dir();
    let quota = |mode: VendorSignup, set: Option<u32>| {
        let settings = partnerdesk::config::Settings {
            vendor_signup: mode,
            sending_quota_per_day: set,
            ..crate::helpers::app::test_settings(format!("{}/unused", server_url()), &dir)
        };
        Config::from_settings(settings).unwrap().sending_quota_per_day
    };
    assert!(quota(VendorSignup::Closed, None) > quota(VendorSignup::Open, None));
    assert_eq!(quota(VendorSignup::Open, None), 100);
    assert_eq!(quota(VendorSignup::Open, Some(7)), 7, "the setting wins");
}

#[test]
fn domains_need_proof_by_default_only_when_anyone_may_sign_up() {
    use partnerdesk::config::{Config, VendorSignup};
    let dir = std::env::temp_dir();
    let verify = |mode: VendorSignup, set: Option<bool>| {
        let settings = partnerdesk::config::Settings {
            vendor_signup: mode,
            verify_domains: set,
            ..crate::helpers::app::test_settings(format!("{}/unused", server_url()), &dir)
        };
        Config::from_settings(settings).unwrap().verify_domains
    };
    assert!(verify(VendorSignup::Open, None));
    assert!(!verify(VendorSignup::Closed, None));
    assert!(verify(VendorSignup::Closed, Some(true)), "the setting wins");
    assert!(!verify(VendorSignup::Open, Some(false)), "the setting wins");
}

#[tokio::test]
async fn fixed_hand_written_queries_are_prepared_once_per_connection() {
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Int4};
    use partnerdesk::db::prepared::prepared;

    #[derive(QueryableByName)]
    struct Number {
        #[diesel(sql_type = Int4)]
        n: i32,
    }
    #[derive(QueryableByName)]
    struct Kept {
        #[diesel(sql_type = BigInt)]
        kept: i64,
    }
    let app = crate::helpers::TestApp::spawn().await;
    let mut conn = app.db.connect();
    let kept = |conn: &mut PgConnection, sql: &str| {
        diesel::sql_query("SELECT count(*) AS kept FROM pg_prepared_statements WHERE statement = $1")
            .bind::<diesel::sql_types::Text, _>(sql)
            .get_result::<Kept>(conn)
            .expect("prepared statements")
            .kept
    };

    for n in 0..3 {
        let row: Number = prepared(diesel::sql_query("SELECT $1::int4 AS n").bind::<Int4, _>(n))
            .get_result(&mut conn)
            .expect("the prepared query");
        assert_eq!(row.n, n, "each call binds its own value");
        let _: Number = diesel::sql_query("SELECT $1::int4 + 0 AS n").bind::<Int4, _>(n).get_result(&mut conn).unwrap();
    }

    assert_eq!(kept(&mut conn, "SELECT $1::int4 AS n"), 1, "prepared once, then reused");
    assert_eq!(kept(&mut conn, "SELECT $1::int4 + 0 AS n"), 0, "plain text is planned each time");
}
