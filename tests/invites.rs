//! Email invites, end to end through a real SMTP server.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, eventually, into_page, location};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::world::Vendor;

/// An app sending mail to `smtp`, with vendor "acme" signed in.
async fn acme_with_mail(smtp: &SmtpServer) -> (TestApp, Vendor) {
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    let acme = app.world().vendor("Acme").await;
    (app, acme)
}

fn default_group(app: &TestApp) -> String {
    app.group_id("acme", "Default").to_string()
}

async fn invite(app: &TestApp, emails: &str, message: &str) -> crate::helpers::html::Page {
    let group = default_group(app);
    app.post_page("/vendor/acme/invites", &[("emails", emails), ("group_id", &group), ("message", message)]).await
}

/// Invites `email` alone and returns the accept link of the email that arrives.
async fn invited_link(app: &TestApp, smtp: &SmtpServer, email: &str) -> String {
    let before = smtp.received().len();
    invite(app, email, "").await;
    smtp.wait_for(before + 1).await;
    accept_path(app, smtp, email)
}

/// The accept link of the newest email to `to`, as a path.
fn accept_path(app: &TestApp, smtp: &SmtpServer, to: &str) -> String {
    let email = smtp.received().into_iter().rev().find(|e| e.envelope_to == [to]).expect("an email to the invitee");
    email.link(&format!("{}/invites/", app.base_url)).trim_start_matches(&app.base_url).to_string()
}

#[tokio::test]
async fn invite_emails_arrive_over_smtp_with_the_link_and_the_personal_message() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;

    let page = invite(&app, "ann@example.com, Bob@Example.com", "Loved your review, join us!").await;

    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text("#invited"), "Invited 2: ann@example.com, bob@example.com.");
    let emails = smtp.wait_for(2).await;
    let mut recipients: Vec<_> = emails.iter().map(|e| e.envelope_to.join(",")).collect();
    recipients.sort();
    assert_eq!(recipients, vec!["ann@example.com", "bob@example.com"]);
    let ann = emails.iter().find(|e| e.envelope_to == ["ann@example.com"]).unwrap();
    assert_eq!(ann.header("Subject").as_deref(), Some("Owner invited you to the Acme partner program"));
    assert_eq!(ann.header("To").as_deref(), Some("ann@example.com"));
    assert!(ann.header("From").unwrap().contains("noreply@localhost"));
    assert!(ann.text().contains("Loved your review, join us!"));
    assert!(ann.html().contains("Loved your review, join us!"));
    let link = ann.link(&format!("{}/invites/", app.base_url));
    assert_eq!(link.len(), app.base_url.len() + "/invites/".len() + 43, "{link}");
    assert!(ann.html().contains(&link));
    let list = app.page("/vendor/acme/invites").await;
    assert_eq!(list.texts("#invites tbody .email"), vec!["bob@example.com", "ann@example.com"]);
    assert_eq!(list.texts("#invites tbody .times-sent"), vec!["1", "1"]);
    assert_eq!(list.texts("#invites tbody .status"), vec!["pending", "pending"]);
    wait_until(|| app.count("outbox_emails WHERE status = 'sent'") == 2).await;
    assert_eq!(app.count("outbox_emails WHERE sealed_body IS NOT NULL"), 0, "sent bodies are wiped");
}

#[tokio::test]
async fn names_with_line_breaks_cannot_inject_headers() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.post(
        "/signup/vendor",
        &[
            ("company_name", "Acme\r\nBcc: victim@example.com"),
            ("company_website", "acme.example"),
            ("name", "Eve\nX-Injected: yes"),
            ("email", "eve@acme.example"),
            ("password", PASSWORD),
        ],
    )
    .await;
    app.confirm_email("eve@acme.example").await;
    let group = app.id_for("SELECT id FROM partner_groups");
    app.post("/vendor/acme-bcc-victim-example-com/invites", &[("emails", "ann@example.com"), ("group_id", &group)])
        .await;

    let email = smtp.wait_for(1).await.remove(0);

    assert_eq!(email.envelope_to, vec!["ann@example.com"]);
    assert_eq!(email.header("Bcc"), None);
    assert_eq!(email.header("X-Injected"), None);
    assert!(!email.header("Subject").unwrap().contains('\n'));
}

#[tokio::test]
async fn invalid_addresses_are_listed_back_and_existing_partners_are_not_invited() {
    let smtp = SmtpServer::start().await;
    let (app, acme) = acme_with_mail(&smtp).await;
    acme.partner("Pat").await;

    let page = invite(&app, "ann@example.com\nnot-an-address, pat@example.com; bad@", "").await;

    assert_eq!(page.text("#invited"), "Invited 1: ann@example.com.");
    assert!(page.text("#invalid").contains("not-an-address, bad@"));
    assert!(page.text("#already-partners").contains("pat@example.com"));
    assert_eq!(
        page.html.select(&scraper::Selector::parse("#emails").unwrap()).next().unwrap().inner_html(),
        "not-an-address\nbad@"
    );
    let again = invite(&app, "ann@example.com", "").await;
    assert!(again.text("#already-invited").contains("ann@example.com"));
    let too_many: Vec<String> = (0..101).map(|n| format!("p{n}@example.com")).collect();
    let refused = invite(&app, &too_many.join(","), "").await;
    assert!(refused.field_error("emails").unwrap().contains("at most 100"));
    assert_eq!(app.count("invites"), 1);
}

#[tokio::test]
async fn with_smtp_down_the_invite_is_kept_and_sent_once_when_the_server_is_back() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;

    let page = invite(&app, "ann@example.com", "").await;
    assert_eq!(page.status, StatusCode::OK);
    wait_until(|| {
        app.count("outbox_emails WHERE recipient = 'ann@example.com' AND attempts >= 1 AND status = 'pending' AND last_error IS NOT NULL") == 1
    })
    .await;
    assert_eq!(app.count("invites"), 1);

    let smtp = SmtpServer::start_on(port).await;
    smtp.wait_for(1).await;
    // One more pass of the outbox worker (it polls every second) sends nothing more.
    tokio::time::sleep(Duration::from_secs(1)).await;

    assert_eq!(smtp.received().len(), 1, "sent exactly once");
    assert_eq!(app.count("outbox_emails WHERE recipient = 'ann@example.com' AND status = 'sent'"), 1);
}

#[tokio::test]
async fn a_permanent_smtp_refusal_marks_the_invite_failed_with_the_reason() {
    let smtp = SmtpServer::start().await;
    smtp.refuse_recipients_with("550 5.1.1 mailbox unavailable");
    let (app, _) = acme_with_mail(&smtp).await;

    invite(&app, "gone@example.com", "").await;
    wait_until(|| app.count("outbox_emails WHERE status = 'failed'") == 1).await;

    let list = app.page("/vendor/acme/invites").await;
    assert_eq!(list.text("#invites tbody .status"), "failed");
    assert!(list.text("#invites tbody .failure-reason").contains("mailbox unavailable"));
    assert_eq!(app.count("outbox_emails WHERE attempts = 1"), 1, "a 5xx is not retried");
}

#[tokio::test]
async fn a_new_person_accepts_by_signing_up_with_the_invited_email() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    let link = invited_link(&app, &smtp, "ann@example.com").await;
    let ann = app.new_agent();

    let form = ann.page(&link).await;
    assert_eq!(form.attr("#email", "value").as_deref(), Some("ann@example.com"));
    assert!(form.has("#email[readonly]"));
    let bad = ann.post_page(&format!("{link}/signup"), &[("name", "Ann"), ("password", "short")]).await;
    assert!(bad.field_error("password").is_some());
    assert_eq!(bad.field_value("name").as_deref(), Some("Ann"));
    let joined = ann
        .post(&format!("{link}/signup"), &[("name", "Ann"), ("password", PASSWORD), ("email", "other@evil.example")])
        .await;

    assert_eq!(location(&joined), "/partner/acme");
    let program = ann.page("/partner/acme").await;
    assert!(program.text(".flash-success").contains("Welcome to Acme"));
    let code = program.text(".details dd code");
    assert!(
        (6..=12).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(app.count("users WHERE email = 'ann@example.com'"), 1);
    assert_eq!(
        app.count(
            "partnerships p JOIN users u ON u.id = p.user_id WHERE u.email = 'ann@example.com' AND p.status = 'active'"
        ),
        1
    );
    assert_eq!(app.count("invites WHERE status = 'accepted' AND partnership_id IS NOT NULL"), 1);
}

#[tokio::test]
async fn someone_with_an_account_logs_in_with_the_email_prefilled_then_joins() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    let bob = app.new_agent();
    bob.sign_up_partner("Bob", "bob@example.com").await;
    bob.log_out().await;
    let link = invited_link(&app, &smtp, "bob@example.com").await;

    let to_login = bob.get(&link).await;
    let login_path = location(&to_login);
    let form = bob.page(&login_path).await;
    assert_eq!(form.field_value("email").as_deref(), Some("bob@example.com"));
    assert_eq!(form.field_value("next").as_deref(), Some(link.as_str()));
    let logged_in = bob.post("/login", &[("email", "bob@example.com"), ("password", PASSWORD), ("next", &link)]).await;
    assert_eq!(location(&logged_in), link);
    let opened = bob.page(&link).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(opened.has("#invitation #accept"), "opening the link shows the invitation");
    assert_eq!(app.count("partnerships"), 0, "and changes nothing, as a mail scanner's visit must not");
    let joined = bob.post(&format!("{link}/accept"), &[]).await;

    assert_eq!(location(&joined), "/partner/acme");
    assert_eq!(bob.page("/partner").await.texts("#programs tbody td:first-child"), vec!["Acme"]);
}

#[tokio::test]
async fn an_invite_opened_while_logged_in_as_someone_else_says_so_and_joins_nobody() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    let link = invited_link(&app, &smtp, "ann@example.com").await;
    let eve = app.new_agent();
    eve.sign_up_partner("Eve", "eve@example.com").await;

    let page = eve.page_with_status(&link, StatusCode::FORBIDDEN).await;
    assert!(page.text("#wrong-account .error-message").contains("ann@example.com"));
    assert_eq!(app.count("partnerships"), 0);
    assert_eq!(app.count("invites WHERE status = 'pending'"), 1);
}

#[tokio::test]
async fn unknown_used_revoked_expired_and_replaced_links_each_get_a_clear_page() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    invite(&app, "used@example.com, revoked@example.com, expired@example.com, resent@example.com", "").await;
    smtp.wait_for(4).await;
    let links: Vec<String> = ["used", "revoked", "expired", "resent"]
        .iter()
        .map(|n| accept_path(&app, &smtp, &format!("{n}@example.com")))
        .collect();
    let user = app.new_agent();
    user.sign_up_partner("Used", "used@example.com").await;
    assert_eq!(location(&user.post(&format!("{}/accept", links[0]), &[]).await), "/partner/acme");
    let revoked = app.id_for("SELECT id FROM invites WHERE email = 'revoked@example.com'");
    app.post(&format!("/vendor/acme/invites/{revoked}/revoke"), &[]).await;
    let visitor = app.new_agent();
    app.clock.advance(std::time::Duration::from_secs(14 * 86_400 - 60));
    assert_eq!(visitor.page(&links[2]).await.status, StatusCode::OK, "an invite works for 14 days");
    app.clock.advance(std::time::Duration::from_secs(120));
    // Two weeks on, the owner logs in again and sends one invite anew.
    app.log_in("owner@acme.example", PASSWORD).await;
    let list = app.page("/vendor/acme/invites").await;
    assert_eq!(list.text("tr[data-email='expired@example.com'] .status"), "expired", "the list says so too");
    let resent = app.id_for("SELECT id FROM invites WHERE email = 'resent@example.com'");
    app.post(&format!("/vendor/acme/invites/{resent}/resend"), &[]).await;
    smtp.wait_for(5).await;

    let cases = [
        ("/invites/not-a-real-token".to_string(), StatusCode::NOT_FOUND, "not valid"),
        (links[0].clone(), StatusCode::GONE, "already used"),
        (links[1].clone(), StatusCode::GONE, "withdrawn"),
        (links[2].clone(), StatusCode::GONE, "expired"),
        (links[3].clone(), StatusCode::NOT_FOUND, "not valid"),
    ];
    for (path, status, words) in cases {
        let page = visitor.page_with_status(&path, status).await;
        assert!(page.text("#invite-problem h1").contains(words), "{path}: {}", page.text("h1"));
    }
    let fresh = accept_path(&app, &smtp, "resent@example.com");
    assert_ne!(fresh, links[3]);
    assert_eq!(visitor.page(&fresh).await.status, StatusCode::OK, "the newest link works");
}

#[tokio::test]
async fn an_invite_can_be_resent_three_times_an_hour() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    invite(&app, "ann@example.com", "").await;
    let id = app.id_for("SELECT id FROM invites");

    for _ in 0..3 {
        app.post(&format!("/vendor/acme/invites/{id}/resend"), &[]).await;
        assert!(app.page("/vendor/acme/invites").await.text(".flash-success").contains("sent again"));
    }
    app.post(&format!("/vendor/acme/invites/{id}/resend"), &[]).await;

    let list = app.page("/vendor/acme/invites").await;
    assert!(list.text(".flash-error").contains("3 times in the last hour"));
    assert_eq!(list.text("#invites tbody .times-sent"), "4");
    assert_eq!(smtp.wait_for(4).await.len(), 4);
}

#[tokio::test]
async fn twenty_simultaneous_accepts_make_exactly_one_partnership() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    let link = invited_link(&app, &smtp, "ann@example.com").await;
    let ann = app.new_agent();
    ann.sign_up_partner("Ann", "ann@example.com").await;
    let accept = format!("{link}/accept");

    let attempts = (0..20).map(|_| ann.post(&accept, &[]));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status()).collect();

    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::GONE).count(), 19, "{statuses:?}");
    assert_eq!(app.count("partnerships"), 1);
}

#[tokio::test]
async fn ten_simultaneous_invites_to_one_address_make_one_invite_and_one_email() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    let group = default_group(&app);
    let fields = [("emails", "ann@example.com, bea@example.com"), ("group_id", group.as_str()), ("message", "")];
    let reversed = [("emails", "bea@example.com, ann@example.com"), ("group_id", group.as_str()), ("message", "")];

    let attempts = (0..10).map(|n| app.post("/vendor/acme/invites", if n % 2 == 0 { &fields } else { &reversed }));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status()).collect();

    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    assert_eq!(app.count("invites WHERE email = 'ann@example.com'"), 1);
    assert_eq!(app.count("invites WHERE email = 'bea@example.com'"), 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let to_ann = smtp.received().iter().filter(|e| e.envelope_to == ["ann@example.com"]).count();
    assert_eq!(to_ann, 1, "one email, not one per request");
}

#[tokio::test]
async fn a_removed_partner_rejoins_through_a_new_invite_as_a_fresh_partnership() {
    let smtp = SmtpServer::start().await;
    let (app, acme) = acme_with_mail(&smtp).await;
    let pat = acme.partner("Pat").await;
    acme.remove(&pat);
    app.execute("UPDATE partner_groups SET application_enabled = true");

    let link = invited_link(&app, &smtp, "pat@example.com").await;
    let joined = pat.post(&format!("{link}/accept"), &[]).await;

    assert_eq!(location(&joined), "/partner/acme", "an invite skips the application form");
    assert_eq!(
        app.count(&format!("partnerships WHERE status = 'removed' AND code = '{}'", pat.code)),
        1,
        "the old one stays removed"
    );
    assert_eq!(
        app.count(&format!("partnerships WHERE status = 'active' AND code <> '{}'", pat.code)),
        1,
        "a fresh one with a new code"
    );
}

#[tokio::test]
async fn invites_of_another_vendor_answer_404_and_stay_untouched() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    invite(&app, "ann@example.com", "").await;
    let (invite_id, acme_group) = (app.id_for("SELECT id FROM invites"), default_group(&app));
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;

    for action in ["resend", "revoke"] {
        let response = globex.post(&format!("/vendor/globex/invites/{invite_id}/{action}"), &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{action}");
    }
    let foreign_group =
        globex.post("/vendor/globex/invites", &[("emails", "x@example.com"), ("group_id", &acme_group)]).await;
    assert_eq!(foreign_group.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        globex.post("/vendor/acme/invites", &[("emails", "x@example.com"), ("group_id", &acme_group)]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(into_page(globex.get("/vendor/globex/invites").await).await.texts("#invites tbody .email").is_empty());
    assert_eq!(app.count("invites WHERE status = 'pending'"), 1);
    assert_eq!(app.count("invite_sends"), 1);
}

async fn wait_until(condition: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while !condition() {
        assert!(started.elapsed() < Duration::from_secs(20), "condition never held");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_email_has_a_stable_message_id_and_a_row_left_sending_is_released_by_the_running_worker() {
    let smtp = SmtpServer::start().await;
    let (app, _) = acme_with_mail(&smtp).await;
    smtp.refuse_recipients_with("451 4.3.0 try again later");
    invite(&app, "ann@example.com", "").await;
    eventually(async || app.count("outbox_emails WHERE attempts >= 1"), |n| *n == 1).await;
    // As if a worker had claimed it 11 minutes ago and died.
    app.execute("UPDATE outbox_emails SET status = 'sending', claimed_at = now() - interval '11 minutes', next_attempt_at = now()");
    smtp.accept_recipients();

    let email = smtp.wait_for(1).await.remove(0);

    let id = app.id_for("SELECT id FROM outbox_emails");
    assert_eq!(email.header("Message-ID").as_deref(), Some(format!("<outbox-{id}@localhost>").as_str()));
    assert_eq!(app.count("outbox_emails WHERE status = 'sent'"), 1);
}

#[tokio::test]
async fn the_daily_sending_quota_stops_invites_resends_and_api_partnerships_with_a_message() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| {
        s.smtp_url = Some(url);
        s.sending_quota_per_day = Some(3);
    })
    .await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    assert!(invite(&app, "a@example.com, b@example.com", "").await.has("#invited"));

    let page = invite(&app, "c@example.com\nd@example.com", "").await;
    assert!(page.text("#invited").contains("c@example.com"));
    let over = page.text("#over-quota");
    assert!(over.contains("d@example.com") && over.contains("3 invite emails"), "{over}");
    let first = app.id_for("SELECT id FROM invites WHERE email = 'a@example.com'");
    app.post(&format!("/vendor/acme/invites/{first}/resend"), &[]).await;
    assert!(app.page("/vendor/acme/invites").await.text(".flash-error").contains("3 invite emails"));

    let key = app.post_page("/vendor/acme/api-keys", &[("name", "CRM")]).await.text("#secret");
    let api = app
        .client
        .post(app.url("/api/v1/partnerships"))
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(r#"{"email": "e@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(api.text().await.unwrap().contains("quota_reached"));
    assert_eq!(app.count("partnerships"), 0, "nothing half-made");
    assert_eq!(app.count("invites"), 3);
    smtp.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 3);
}
