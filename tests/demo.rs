//! `partnerdesk demo`: the real binary fills the test database with a
//! living program that the pages then show.

use std::process::Command;

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::location;

pub fn run_demo(app: &TestApp, partners: &str, clicks: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["demo", "--partners", partners, "--clicks", clicks])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", app.db.url())
        .env("BASE_URL", &app.base_url)
        .env("DATA_DIR", app.data_dir())
        .output()
        .expect("running partnerdesk demo")
}

#[tokio::test]
async fn the_demo_fills_a_program_that_the_vendor_and_a_partner_log_in_to_and_see() {
    let app = TestApp::spawn().await;
    // Enough clicks that the demo's random refunds (about 11 expected here)
    // are never none: at 6,000 clicks one run in a hundred had none.
    let output = run_demo(&app, "120", "15000");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.contains("owner@northwind.example / demo-password"), "{printed}");
    assert!(printed.contains("partner1@partners.northwind.example / demo-password"), "{printed}");

    assert_eq!(app.count("partnerships"), 120);
    assert_eq!(app.count("clicks"), 15000);
    assert!(app.count("partnerships WHERE parent_id IS NOT NULL") > 5, "child partners");
    assert!(app.count("ads") > 10);
    let days = app.text_for("SELECT count(DISTINCT clicked_at::date)::text AS value FROM clicks");
    assert!(days.parse::<i64>().unwrap() > 60, "clicks spread over the last 90 days: {days} days");
    for status in ["pending", "approved", "paid", "rejected"] {
        assert!(app.count(&format!("commissions WHERE status = '{status}'")) > 0, "a {status} commission");
    }
    assert!(app.count("refunds") > 0 && app.count("payouts WHERE status = 'paid'") > 0);
    assert!(
        app.count("pipeline_entries WHERE pipeline = 'leads'") > 0
            && app.count("pipeline_entries WHERE pipeline = 'deals'") > 0
    );

    let logged_in = app.log_in("owner@northwind.example", "demo-password").await;
    assert_eq!(logged_in.status(), StatusCode::SEE_OTHER);
    let slug = app.text_for("SELECT slug AS value FROM vendors");
    let overview = app.page(&format!("/vendor/{slug}/overview")).await;
    assert_ne!(overview.text("#measure-clicks .measure-value"), "0", "the overview is alive");
    assert_eq!(overview.texts("#top-partners tbody tr[data-code]").len(), 5);
    let partner = app.new_agent();
    let partner_in = partner.log_in("partner1@partners.northwind.example", "demo-password").await;
    assert_eq!(location(&partner_in), "/partner");
    assert_eq!(partner.get(&format!("/partner/{slug}")).await.status(), StatusCode::OK);

    let again = run_demo(&app, "10", "10");
    assert!(!again.status.success(), "a second demo in one database is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has the demo"));
}

fn check_books(app: &TestApp, events: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["demo", "--check-books", events])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", app.db.url())
        .env("BASE_URL", &app.base_url)
        .env("DATA_DIR", app.data_dir())
        .output()
        .expect("running partnerdesk demo --check-books");
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), said)
}

#[tokio::test]
async fn the_demos_commissions_are_what_the_ledger_writes_overrides_and_refunds_included() {
    let app = TestApp::spawn().await;
    let output = run_demo(&app, "150", "20000");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(app.count("commissions WHERE kind = 'referral_override'") > 0, "recruiters earn their overrides");
    let twenty = app.text_for(
        "SELECT arithmetic AS value FROM commissions WHERE kind = 'commission' AND arithmetic LIKE '20% of %' LIMIT 1",
    );
    assert!(twenty.starts_with("20% of $") && twenty.contains(" = $"), "the ledger's own words: {twenty}");
    let commissions = app.count("commissions");

    let (agreed, said) = check_books(&app, "90");
    assert!(agreed, "{said}");
    let numbers: Vec<usize> = said.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    let [events, commissions_checked, overrides] = numbers[..] else { panic!("{said}") };
    assert!(events >= 30 && commissions_checked >= 20 && overrides > 0, "a sample worth the name: {said}");
    assert_eq!(app.count("commissions"), commissions, "the check changes nothing");

    app.execute("UPDATE commissions SET earned_cents = earned_cents + 1 WHERE kind = 'referral_override'");
    let (agreed, said) = check_books(&app, "90");
    assert!(!agreed, "a book that is off by a cent is found: {said}");
    assert!(said.contains("differ from what the ledger writes"), "{said}");
}
