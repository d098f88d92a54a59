//! Forgot password: a one-time link by email that ends every session.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, location};
use crate::helpers::smtp::SmtpServer;

async fn app_with_mail(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(|s| s.smtp_url = Some(url)).await
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let pat = app.new_agent();
    pat.sign_up_partner("Pat", "pat@example.com").await;
    let visitor = app.new_agent();

    let asked = visitor.post_page("/password/forgot", &[("email", "Pat@Example.com")]).await;
    let unknown = visitor.post_page("/password/forgot", &[("email", "nobody@example.com")]).await;
    assert_eq!(asked.text("#sent"), unknown.text("#sent"), "the same answer either way");
    let email = smtp.wait_for(1).await.remove(0);
    assert_eq!(email.envelope_to, ["pat@example.com"]);
    let link = email.link(&format!("{}/password/reset/", app.base_url)).trim_start_matches(&app.base_url).to_string();
    let token = link.rsplit('/').next().unwrap().to_string();
    assert_eq!(app.count(&format!("password_resets WHERE token_hash = '{token}'")), 0, "only a hash is stored");

    assert!(visitor.page(&link).await.has("#reset #new_password"));
    let short = visitor.post_page(&link, &[("new_password", "short")]).await;
    assert!(short.field_error("new_password").is_some());
    let done = visitor.post(&link, &[("new_password", "a brand new secret")]).await;
    assert_eq!(location(&done), "/login");

    assert_eq!(pat.get("/account").await.status(), StatusCode::SEE_OTHER, "the old session ended");
    assert_eq!(location(&app.new_agent().log_in("pat@example.com", "a brand new secret").await), "/partner");
    assert_eq!(location(&app.new_agent().log_in("pat@example.com", PASSWORD).await), "", "the old password is gone");
    visitor.page_with_status(&link, StatusCode::GONE).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 1, "nothing was sent for the unknown email");
}

#[tokio::test]
async fn an_expired_link_is_refused_and_a_reset_lifts_the_log_in_lock() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    app.new_agent().sign_up_partner("Pat", "pat@example.com").await;
    let visitor = app.new_agent();
    visitor.post("/password/forgot", &[("email", "pat@example.com")]).await;
    let first = smtp.wait_for(1).await.remove(0).link(&format!("{}/password/reset/", app.base_url));
    let first = first.trim_start_matches(&app.base_url).to_string();
    app.clock.advance(std::time::Duration::from_secs(59 * 60));
    assert_eq!(visitor.page(&first).await.status, StatusCode::OK, "a link works for its hour");
    app.clock.advance(std::time::Duration::from_secs(2 * 60));
    assert_eq!(visitor.page_with_status(&first, StatusCode::GONE).await.status, StatusCode::GONE);
    assert_eq!(visitor.post(&first, &[("new_password", "a brand new secret")]).await.status(), StatusCode::GONE);

    let thief = app.new_agent();
    for _ in 0..5 {
        thief.log_in("pat@example.com", "guess guess").await;
    }
    assert_eq!(app.new_agent().log_in("pat@example.com", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);

    visitor.post("/password/forgot", &[("email", "pat@example.com")]).await;
    let second = smtp.wait_for(2).await.remove(1).link(&format!("{}/password/reset/", app.base_url));
    let second = second.trim_start_matches(&app.base_url).to_string();
    visitor.post(&second, &[("new_password", "a brand new secret")]).await;
    let logged_in = app.new_agent().log_in("pat@example.com", "a brand new secret").await;
    assert_eq!(location(&logged_in), "/partner", "the reset cleared the failures");
}

#[tokio::test]
async fn requests_are_limited_per_email_and_per_address() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    app.new_agent().sign_up_partner("Pat", "pat@example.com").await;
    let visitor = app.new_agent();
    for _ in 0..4 {
        assert!(visitor.post_page("/password/forgot", &[("email", "pat@example.com")]).await.has("#sent"));
    }
    smtp.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 3, "three links an hour for one email");
    for n in 0..6 {
        visitor.post("/password/forgot", &[("email", &format!("other{n}@example.com"))]).await;
    }
    let refused = visitor.post_page("/password/forgot", &[("email", "pat@example.com")]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.field_value("email").as_deref(), Some("pat@example.com"));
}
