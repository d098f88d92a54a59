//! Sessions end when they should: log-out, password change, throttling.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, into_page, location};

#[tokio::test]
async fn a_cookie_replayed_after_log_out_gets_the_log_in_page() {
    let app = TestApp::spawn().await;
    let slug = app.sign_up_vendor("Acme", "owner@acme.example").await;
    let stolen = app.cookie_header();
    assert_eq!(app.get_with_cookie(&format!("/vendor/{slug}"), &stolen).await.status(), StatusCode::OK);

    app.log_out().await;

    let replay = app.get_with_cookie(&format!("/vendor/{slug}"), &stolen).await;
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert!(location(&replay).starts_with("/login"));
    let after = app.page("/login").await;
    assert_eq!(after.text(".flash-success"), "You have been logged out.");
}

#[tokio::test]
async fn log_out_ends_the_sessions_in_other_browsers_too() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let laptop = app.new_agent();
    laptop.log_in("pat@example.com", PASSWORD).await;
    assert_eq!(laptop.get("/partner").await.status(), StatusCode::OK);

    app.log_out().await;

    assert!(location(&laptop.get("/partner").await).starts_with("/login"));
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_keeps_this_one() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let phone = app.new_agent();
    phone.log_in("pat@example.com", PASSWORD).await;

    let response =
        app.post("/account/password", &[("current_password", PASSWORD), ("new_password", "a brand new secret")]).await;

    assert_eq!(location(&response), "/account");
    assert!(app.page("/account").await.text(".flash-success").contains("Password changed"));
    assert!(location(&phone.get("/partner").await).starts_with("/login"));
    assert_eq!(into_page(phone.log_in("pat@example.com", PASSWORD).await).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(location(&phone.log_in("pat@example.com", "a brand new secret").await), "/partner");
}

#[tokio::test]
async fn a_password_change_needs_the_current_password_and_a_valid_new_one() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;

    let page = into_page(
        app.post("/account/password", &[("current_password", "wrong guess"), ("new_password", "short")]).await,
    )
    .await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.field_error("current_password").unwrap().contains("not your current password"));
    assert!(page.field_error("new_password").unwrap().contains("at least 8"));
    assert_eq!(location(&app.new_agent().log_in("pat@example.com", PASSWORD).await), "/partner");
}

#[tokio::test]
async fn an_account_is_locked_for_a_while_after_five_failed_log_ins() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let attacker = app.new_agent();
    for _ in 0..5 {
        assert_eq!(attacker.log_in("pat@example.com", "guess").await.status(), StatusCode::UNAUTHORIZED);
    }

    let locked = into_page(app.new_agent().log_in("pat@example.com", PASSWORD).await).await;

    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.text(".flash-error").contains("Too many failed log-in attempts"));
    assert_eq!(app.count("login_failures"), 10, "one row per key per failure, none of them raw");
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_throttled() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let attacker = app.new_agent();
    for n in 0..30 {
        attacker.log_in(&format!("guess{n}@example.com"), "guess").await;
    }

    let throttled = attacker.log_in("pat@example.com", PASSWORD).await;

    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_successful_log_in_forgives_earlier_failures_of_the_account() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let other = app.new_agent();
    for _ in 0..4 {
        other.log_in("pat@example.com", "typo").await;
    }
    assert_eq!(location(&other.log_in("pat@example.com", PASSWORD).await), "/partner");
    other.log_out().await;

    for _ in 0..4 {
        other.log_in("pat@example.com", "typo").await;
    }

    assert_eq!(location(&other.log_in("pat@example.com", PASSWORD).await), "/partner");
}
