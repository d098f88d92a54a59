//! Email verification and account pre-hijacking: an account proves its
//! mailbox before it joins, applies, invites or makes keys, and whoever
//! proves a mailbox takes over an account someone else made with it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, location};
use crate::helpers::smtp::SmtpServer;

async fn acme_with_mail(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    app
}

/// The path of the newest link to `to` that starts with `prefix`.
async fn emailed_path(app: &TestApp, smtp: &SmtpServer, to: &str, prefix: &str) -> String {
    let wanted = format!("{}{prefix}", app.base_url);
    let email = crate::helpers::app::eventually(
        async || {
            smtp.received_with_confirmations()
                .into_iter()
                .rev()
                .find(|e| e.envelope_to == [to] && e.text().contains(&wanted))
        },
        Option::is_some,
    )
    .await
    .unwrap_or_else(|| panic!("no {prefix} email to {to}"));
    email.link(&wanted).trim_start_matches(&app.base_url).to_string()
}

fn is_verified(app: &TestApp, email: &str) -> bool {
    app.text_for(&format!("SELECT (email_verified_at IS NOT NULL)::text AS value FROM users WHERE email = '{email}'"))
        == "true"
}

#[tokio::test]
async fn a_new_partner_confirms_the_email_through_its_link_and_only_then_joins() {
    let smtp = SmtpServer::start().await;
    let app = acme_with_mail(&smtp).await;
    let pat = app.new_agent();
    let signed_up = pat
        .post(
            "/signup/partner",
            &[("name", "Pat"), ("email", "pat@example.com"), ("password", PASSWORD), ("next", "/join/acme/default")],
        )
        .await;
    assert_eq!(location(&signed_up), "/join/acme/default");

    let join_page = pat.page("/join/acme/default").await;
    assert!(join_page.text("#standing").contains("Confirm your email"), "{}", join_page.text("#standing"));
    assert!(join_page.has("#unverified"), "the notice offers to send the link again");
    assert!(!join_page.has("#join"));
    assert_eq!(pat.post("/join/acme/default", &[]).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("partnerships"), 0, "no joining before the email is confirmed");

    let link = emailed_path(&app, &smtp, "pat@example.com", "/verify/").await;
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(app.count(&format!("email_verifications WHERE token_hash = '{token}'")), 0, "only a hash is stored");
    let shown = pat.page(&link).await;
    assert!(shown.has("#verify button") && !shown.has("#password"), "from its own session: a button, no password");
    assert!(!is_verified(&app, "pat@example.com"), "opening the link (as mail scanners do) changes nothing");

    let confirmed = pat.post(&link, &[]).await;
    assert_eq!(location(&confirmed), "/join/acme/default", "back where the sign-up started");
    assert!(is_verified(&app, "pat@example.com"));
    assert_eq!(location(&pat.post("/join/acme/default", &[]).await), "/partner/acme");
    pat.page_with_status(&link, StatusCode::GONE).await;
}

#[tokio::test]
async fn a_confirmation_link_works_for_a_day() {
    let smtp = SmtpServer::start().await;
    let app = acme_with_mail(&smtp).await;
    let pat = app.new_agent();
    pat.post("/signup/partner", &[("name", "Pat"), ("email", "pat@example.com"), ("password", PASSWORD)]).await;
    let link = emailed_path(&app, &smtp, "pat@example.com", "/verify/").await;
    let stranger = app.new_agent();

    app.clock.advance(std::time::Duration::from_secs(24 * 3600 - 60));
    assert!(stranger.page(&link).await.has("#verify"), "open until the day is over");
    app.clock.advance(std::time::Duration::from_secs(120));
    stranger.page_with_status(&link, StatusCode::GONE).await;
    let refused = stranger.post(&link, &[("password", "a brand new secret")]).await;
    assert_eq!(refused.status(), StatusCode::GONE);
    assert!(!is_verified(&app, "pat@example.com"));
}

#[tokio::test]
async fn an_invite_link_takes_back_an_account_someone_else_made_with_the_email() {
    let smtp = SmtpServer::start().await;
    let app = acme_with_mail(&smtp).await;
    let hijacker = app.new_agent();
    let made = hijacker
        .post("/signup/partner", &[("name", "Mallory"), ("email", "alice@example.com"), ("password", "mallory's own")])
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);

    let group = app.group_id("acme", "Default").to_string();
    app.post_page("/vendor/acme/invites", &[("emails", "alice@example.com"), ("group_id", &group), ("message", "")])
        .await;
    let invite = emailed_path(&app, &smtp, "alice@example.com", "/invites/").await;

    let alice = app.new_agent();
    let page = alice.page(&invite).await;
    assert!(page.has("#password"), "an unproven account is claimed by setting a password, not by logging in");
    let joined = alice.post(&format!("{invite}/signup"), &[("name", "Alice"), ("password", "alice's secret")]).await;
    assert_eq!(location(&joined), "/partner/acme");

    assert_eq!(hijacker.get("/account").await.status(), StatusCode::SEE_OTHER, "the maker's session ended");
    assert_eq!(
        location(&app.new_agent().log_in("alice@example.com", "mallory's own").await),
        "",
        "their password is gone"
    );
    assert_eq!(location(&app.new_agent().log_in("alice@example.com", "alice's secret").await), "/partner");
    assert!(is_verified(&app, "alice@example.com"));
    assert_eq!(app.text_for("SELECT name AS value FROM users WHERE email = 'alice@example.com'"), "Alice");
}

#[tokio::test]
async fn an_api_partnership_stays_closed_to_an_unproven_account_until_the_owner_proves_the_mailbox() {
    let smtp = SmtpServer::start().await;
    let app = acme_with_mail(&smtp).await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "CRM")]).await.text("#secret");
    let hijacker = app.new_agent();
    hijacker
        .post("/signup/partner", &[("name", "Mallory"), ("email", "bob@example.com"), ("password", "mallory's own")])
        .await;

    let created = app
        .client
        .post(app.url("/api/v1/partnerships"))
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(json!({"email": "bob@example.com", "first_name": "Bob", "last_name": "Builder"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);

    hijacker.page_with_status("/partner/acme", StatusCode::NOT_FOUND).await;
    let join = hijacker.post("/join/acme/default", &[]).await;
    assert_eq!(join.status(), StatusCode::CONFLICT, "the public join link does not activate it");
    let status = app.text_for("SELECT status AS value FROM partnerships");
    assert_eq!(status, "pending");

    // Bob follows the confirmation link the sign-up sent to his mailbox, from his own browser.
    let link = emailed_path(&app, &smtp, "bob@example.com", "/verify/").await;
    let bob = app.new_agent();
    assert!(bob.page(&link).await.has("#password"), "from elsewhere the link asks for a new password");
    let short = bob.post_page(&link, &[("password", "short")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.field_error("password").is_some());
    let confirmed = bob.post(&link, &[("password", "bob's own secret")]).await;
    assert_eq!(location(&confirmed), "/partner");

    assert_eq!(hijacker.get("/account").await.status(), StatusCode::SEE_OTHER, "the maker's session ended");
    let invite = emailed_path(&app, &smtp, "bob@example.com", "/invites/").await;
    assert_eq!(location(&bob.post(&format!("{invite}/accept"), &[]).await), "/partner/acme");
    assert_eq!(bob.page("/partner/acme").await.status, StatusCode::OK, "the program opens for the proven owner");
    assert_eq!(location(&app.new_agent().log_in("bob@example.com", "mallory's own").await), "");
}

#[tokio::test]
async fn an_unconfirmed_vendor_cannot_invite_import_or_make_keys_and_can_ask_for_the_link_again() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    let fields = [
        ("company_name", "Acme"),
        ("company_website", "https://acme.example"),
        ("name", "Owner"),
        ("email", "owner@acme.example"),
        ("password", PASSWORD),
    ];
    assert_eq!(location(&app.post("/signup/vendor", &fields).await), "/vendor/acme");
    let dashboard = app.page("/vendor/acme").await;
    assert!(dashboard.has("#unverified"), "the dashboard says the email is not confirmed");

    let group = app.group_id("acme", "Default").to_string();
    let typed = "pat@example.com";
    let invite =
        app.post_page("/vendor/acme/invites", &[("emails", typed), ("group_id", &group), ("message", "")]).await;
    assert_eq!(invite.status, StatusCode::FORBIDDEN);
    assert!(invite.field_error("emails").unwrap().contains("Confirm your email"));
    assert_eq!(invite.text("textarea#emails"), typed, "what was typed is kept");
    let teammate = app.post_page("/vendor/acme/team", &[("email", "sam@acme.example")]).await;
    assert_eq!(teammate.status, StatusCode::FORBIDDEN);
    assert!(teammate.field_error("email").unwrap().contains("Confirm your email"));
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "CRM")]).await;
    assert_eq!(key.status, StatusCode::FORBIDDEN);
    assert_eq!(key.field_value("name").as_deref(), Some("CRM"));
    let token = app.csrf_token().await;
    let body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\nemail,name\npat@example.com,Pat\r\n--b--\r\n";
    let import = app
        .client
        .post(app.url(&format!("/vendor/acme/import?csrf_token={token}")))
        .header("content-type", "multipart/form-data; boundary=b")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), StatusCode::FORBIDDEN);
    assert!(import.text().await.unwrap().contains("Confirm your email"));
    assert_eq!(app.count("invites") + app.count("team_invites") + app.count("api_keys") + app.count("imports"), 0);

    for _ in 0..3 {
        app.post("/account/verify", &[]).await;
    }
    let refused = app.post("/account/verify", &[]).await;
    assert_eq!(location(&refused), "/account");
    assert!(
        app.page("/account").await.text(".flash-error").contains("Several links"),
        "a fourth in the hour is refused"
    );
    let sent = crate::helpers::app::eventually(
        async || smtp.received_with_confirmations().iter().filter(|e| e.envelope_to == ["owner@acme.example"]).count(),
        |n| *n >= 4,
    )
    .await;
    assert_eq!(sent, 4, "the sign-up's link and three more");

    let link = emailed_path(&app, &smtp, "owner@acme.example", "/verify/").await;
    app.post(&link, &[]).await;
    let invited =
        app.post_page("/vendor/acme/invites", &[("emails", typed), ("group_id", &group), ("message", "")]).await;
    assert_eq!(invited.status, StatusCode::OK);
    assert!(!app.page("/vendor/acme").await.has("#unverified"));
}

#[tokio::test]
async fn a_password_reset_proves_the_mailbox_too() {
    let smtp = SmtpServer::start().await;
    let app = acme_with_mail(&smtp).await;
    let maker = app.new_agent();
    maker
        .post("/signup/partner", &[("name", "Mallory"), ("email", "cat@example.com"), ("password", "mallory's own")])
        .await;
    app.new_agent().post("/password/forgot", &[("email", "cat@example.com")]).await;
    let reset = emailed_path(&app, &smtp, "cat@example.com", "/password/reset/").await;
    app.new_agent().post(&reset, &[("new_password", "cat's own secret")]).await;
    assert!(is_verified(&app, "cat@example.com"));
    assert_eq!(maker.get("/account").await.status(), StatusCode::SEE_OTHER, "the maker's session ended");
}
