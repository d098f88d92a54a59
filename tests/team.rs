//! Settings → Team: admins invite admins, remove them (access ends at once),
//! and the last owner stays.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, eventually, location};
use crate::helpers::smtp::SmtpServer;

async fn team_link(app: &TestApp, smtp: &SmtpServer, to: &str) -> String {
    let email = eventually(async || smtp.received().into_iter().find(|e| e.envelope_to == [to]), Option::is_some)
        .await
        .expect("the invitation email");
    email.link(&format!("{}/team-invites/", app.base_url)).trim_start_matches(&app.base_url).to_string()
}

#[tokio::test]
async fn an_admin_joins_through_the_emailed_link_and_loses_access_the_moment_they_are_removed() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;

    let bad = app.post_page("/vendor/acme/team", &[("email", "not-an-email")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field_value("email").as_deref(), Some("not-an-email"));
    let sent = app.post("/vendor/acme/team", &[("email", "Sam@Acme.example")]).await;
    assert_eq!(location(&sent), "/vendor/acme/team");
    assert!(app.page("/vendor/acme/team").await.text("#pending").contains("sam@acme.example"));
    let link = team_link(&app, &smtp, "sam@acme.example").await;
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(app.count(&format!("team_invites WHERE token_hash = '{token}'")), 0, "only a hash is stored");

    let sam = app.new_agent();
    assert!(sam.page(&link).await.has("#password"), "a new person makes their account on the invitation");
    assert_eq!(app.count("vendor_members"), 1, "opening the link changes nothing");
    let joined = sam.post(&format!("{link}/signup"), &[("name", "Sam"), ("password", PASSWORD)]).await;
    assert_eq!(location(&joined), "/vendor/acme");
    assert_eq!(sam.page("/vendor/acme/settings").await.status, StatusCode::OK);
    let members = app.page("/vendor/acme/team").await;
    assert_eq!(members.text("#members tr[data-email='sam@acme.example'] .role"), "admin");
    sam.page_with_status(&link, StatusCode::GONE).await;

    let sam_id = app.id_for("SELECT id FROM users WHERE email = 'sam@acme.example'");
    app.post(&format!("/vendor/acme/team/{sam_id}/remove"), &[]).await;
    sam.page_with_status("/vendor/acme/settings", StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_team_invitation_works_for_seven_days_then_answers_gone_and_leaves_the_pending_list() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    app.post("/vendor/acme/team", &[("email", "sam@acme.example")]).await;
    let link = team_link(&app, &smtp, "sam@acme.example").await;
    let sam = app.new_agent();

    app.clock.advance(std::time::Duration::from_secs(7 * 86_400 - 60));
    assert!(sam.page(&link).await.has("#password"), "still open a minute before the seventh day ends");
    app.clock.advance(std::time::Duration::from_secs(120));
    sam.page_with_status(&link, StatusCode::GONE).await;
    let refused = sam.post(&format!("{link}/signup"), &[("name", "Sam"), ("password", PASSWORD)]).await;
    assert_eq!(refused.status(), StatusCode::GONE);
    assert_eq!(app.count("vendor_members"), 1);
    app.log_in("owner@acme.example", PASSWORD).await;
    assert!(!app.page("/vendor/acme/team").await.text("main").contains("sam@acme.example"), "no longer pending");
}

#[tokio::test]
async fn the_last_owner_stays_and_only_owners_remove_owners() {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    app.post("/vendor/acme/team", &[("email", "sam@acme.example")]).await;
    let link = team_link(&app, &smtp, "sam@acme.example").await;
    let sam = app.new_agent();
    sam.post(&format!("{link}/signup"), &[("name", "Sam"), ("password", PASSWORD)]).await;

    let owner_id = app.id_for("SELECT id FROM users WHERE email = 'owner@acme.example'");
    sam.post(&format!("/vendor/acme/team/{owner_id}/remove"), &[]).await;
    assert!(sam.page("/vendor/acme/team").await.text(".flash-error").contains("Only an owner"));
    app.post(&format!("/vendor/acme/team/{owner_id}/remove"), &[]).await;
    assert!(app.page("/vendor/acme/team").await.text(".flash-error").contains("last owner"));
    assert_eq!(app.count("vendor_members WHERE role = 'owner'"), 1);

    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let foreign = globex.post(&format!("/vendor/acme/team/{owner_id}/remove"), &[]).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND, "another vendor's team answers 404");
    assert_eq!(globex.get("/vendor/acme/team").await.status(), StatusCode::NOT_FOUND);
}
