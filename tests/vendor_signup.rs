//! VENDOR_SIGNUP: who may start a program, and `partnerdesk vendor create`.

use std::process::{Command, Stdio};

use partnerdesk::config::VendorSignup;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, eventually, location, random_text};
use crate::helpers::smtp::SmtpServer;

fn vendor_fields<'a>(company: &'a str, email: &'a str) -> [(&'a str, &'a str); 5] {
    [
        ("company_name", company),
        ("company_website", "https://example.com"),
        ("name", "Owner"),
        ("email", email),
        ("password", PASSWORD),
    ]
}

#[tokio::test]
async fn closed_sign_up_lets_the_first_vendor_in_and_then_asks_for_the_operator() {
    let app = TestApp::spawn_with(|s| s.vendor_signup = VendorSignup::Closed).await;
    assert!(app.page("/").await.has("a[href='/signup/vendor'].button"), "an empty install takes its first vendor");
    let first = app.new_agent().post("/signup/vendor", &vendor_fields("Acme", "owner@acme.example")).await;
    assert_eq!(location(&first), "/vendor/acme");

    let visitor = app.new_agent();
    let home = visitor.page("/").await;
    assert!(home.has("#ask-operator") && !home.has(".hero a[href='/signup/vendor']"));
    let form = visitor.page_with_status("/signup/vendor", StatusCode::FORBIDDEN).await;
    assert!(form.text("#signup-closed").contains("partnerdesk vendor create"));
    let refused = visitor.post("/signup/vendor", &vendor_fields("Globex", "owner@globex.example")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("vendors"), 1);
    assert_eq!(app.count("users WHERE email = 'owner@globex.example'"), 0, "nothing half-made");
}

#[tokio::test]
async fn two_first_sign_ups_at_once_on_a_closed_install_make_one_vendor() {
    let app = TestApp::spawn_with(|s| s.vendor_signup = VendorSignup::Closed).await;
    let (a, b) = (app.new_agent(), app.new_agent());
    let (acme, globex) = (vendor_fields("Acme", "a@acme.example"), vendor_fields("Globex", "b@globex.example"));
    let (first, second) = tokio::join!(a.post("/signup/vendor", &acme), b.post("/signup/vendor", &globex));
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::FORBIDDEN]);
    assert_eq!(app.count("vendors"), 1);
}

#[tokio::test]
async fn open_sign_up_takes_every_vendor() {
    let app = TestApp::spawn_with(|s| s.vendor_signup = VendorSignup::Open).await;
    app.new_agent().post("/signup/vendor", &vendor_fields("Acme", "owner@acme.example")).await;
    let second = app.new_agent().post("/signup/vendor", &vendor_fields("Globex", "owner@globex.example")).await;
    assert_eq!(location(&second), "/vendor/globex");
    assert!(app.new_agent().page("/").await.has(".hero a[href='/signup/vendor']"));
}

#[tokio::test]
async fn the_operator_creates_a_vendor_and_its_owner_sets_a_password_from_the_email() {
    let smtp = SmtpServer::start().await;
    let (url, key) = (smtp.url(), random_text(64));
    let server_key = key.clone();
    let app = TestApp::spawn_with(|s| {
        s.smtp_url = Some(url);
        s.session_key = Some(server_key);
        s.vendor_signup = VendorSignup::Closed;
    })
    .await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;

    let output = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args([
            "vendor",
            "create",
            "--name",
            "Globex",
            "--owner-email",
            "Boss@Globex.example",
            "--website",
            "globex.example",
        ])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", app.db.url())
        .env("SESSION_KEY", &key)
        .env("BASE_URL", &app.base_url)
        .env("DATA_DIR", app.data_dir())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("/vendor/globex") && stdout.contains("boss@globex.example"), "{stdout}");

    let email = eventually(
        async || smtp.received_with_confirmations().into_iter().find(|e| e.envelope_to == ["boss@globex.example"]),
        Option::is_some,
    )
    .await
    .expect("the owner's email, sent by the running portal");
    let link = email.link(&format!("{}/verify/", app.base_url)).trim_start_matches(&app.base_url).to_string();
    let boss = app.new_agent();
    assert!(boss.page(&link).await.has("#password"), "the link asks the new owner for a password");
    let set = boss.post(&link, &[("password", "the boss's secret")]).await;
    assert_eq!(location(&set), "/vendor/globex");
    assert_eq!(boss.page("/vendor/globex").await.status, StatusCode::OK);
    assert_eq!(location(&app.new_agent().log_in("boss@globex.example", "the boss's secret").await), "/vendor/globex");
}
