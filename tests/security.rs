//! CSRF tokens, security headers and cookie flags.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, into_page};

#[tokio::test]
async fn a_post_without_a_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let fields = [
        ("company_name", "Acme"),
        ("company_website", "acme.example"),
        ("name", "Ann"),
        ("email", "ann@acme.example"),
        ("password", PASSWORD),
    ];
    app.csrf_token().await;

    let missing = into_page(app.post_raw("/signup/vendor", &fields).await).await;
    let mut forged = fields.to_vec();
    forged.push(("csrf_token", "forged-token"));
    let wrong = into_page(app.post_raw("/signup/vendor", &forged).await).await;

    for page in [missing, wrong] {
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert_eq!(page.text("h1"), "Form expired");
    }
    assert_eq!((app.count("users"), app.count("vendors")), (0, 0));
}

#[tokio::test]
async fn log_in_and_log_out_also_need_the_token() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;

    assert_eq!(app.post_raw("/logout", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/partner").await.status(), StatusCode::OK, "still signed in");
    let other = app.new_agent();
    other.csrf_token().await;
    assert_eq!(
        other.post_raw("/login", &[("email", "pat@example.com"), ("password", PASSWORD)]).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_token_from_another_session_is_refused() {
    let app = TestApp::spawn().await;
    let someone_elses = app.new_agent().csrf_token().await;
    app.csrf_token().await;

    let response = app
        .post_raw(
            "/signup/partner",
            &[("name", "Pat"), ("email", "pat@example.com"), ("password", PASSWORD), ("csrf_token", &someone_elses)],
        )
        .await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("users"), 0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let slug = app.sign_up_vendor("Acme", "owner@acme.example").await;
    let css = app.page("/").await.attr("link[rel=stylesheet]", "href").expect("stylesheet");
    let paths = [
        "/",
        "/login",
        "/signup/vendor",
        "/signup/partner",
        "/account",
        "/partner",
        "/healthz",
        "/no-such-page",
        css.as_str(),
    ];
    let dashboard = format!("/vendor/{slug}");

    for path in paths.iter().copied().chain([dashboard.as_str()]) {
        let response = app.get(path).await;
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let csp = header("content-security-policy");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: CSP {csp:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
    }
}

#[tokio::test]
async fn pages_have_no_inline_script() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;

    let group = app.group_id("acme", "Default");
    app.post(&format!("/vendor/acme/groups/{group}/application"), &[("enabled", "on"), ("description", "Tell us")])
        .await;
    let pages = [
        "/".to_string(),
        "/vendor/acme".into(),
        "/account".into(),
        format!("/vendor/acme/groups/{group}"),
        "/join/acme/default".into(),
    ];
    for path in pages {
        let page = app.page(&path).await;
        assert!(page.texts("script").iter().all(String::is_empty), "{path} has inline script");
        assert!(page.has("script[src^='/static/app.js?v=']"), "{path}");
        assert!(!page.has("[style]"), "{path} has an inline style the CSP would block");
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax_and_not_secure_over_http() {
    let app = TestApp::spawn().await;

    let response = app.get("/login").await;

    let cookie =
        response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("a session cookie").to_string();
    assert!(cookie.starts_with("partnerdesk_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_base_url_is_https() {
    let app = TestApp::spawn_with(|s| s.base_url = Some("https://partners.example.com".into())).await;

    let response = app.get("/login").await;

    let cookie =
        response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("a session cookie").to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.starts_with("__Host-partnerdesk_session=") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Domain"), "{cookie}");
    let hsts = response.headers().get("strict-transport-security").and_then(|v| v.to_str().ok());
    assert_eq!(hsts, Some("max-age=31536000; includeSubDomains"));
}

#[tokio::test]
async fn the_csrf_token_seen_before_log_in_stops_working_after_it() {
    let app = TestApp::spawn().await;
    app.new_agent().sign_up_partner("Pat", "pat@example.com").await;
    let before = app.csrf_token().await;

    app.log_in("pat@example.com", PASSWORD).await;

    assert_ne!(app.csrf_token().await, before);
    let response = app.post_raw("/logout", &[("csrf_token", &before)]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_garbage_or_forged_session_cookie_is_treated_as_no_session() {
    let app = TestApp::spawn().await;
    let cookies = ["partnerdesk_session=garbage", "partnerdesk_session=%00%ff", "partnerdesk_session="];

    for cookie in cookies {
        let header = reqwest::header::HeaderValue::from_static(cookie);
        let home = app.get_with_cookie("/", &header).await;
        let private = app.get_with_cookie("/partner", &header).await;

        assert_eq!(home.status(), StatusCode::OK, "{cookie}");
        assert_eq!(private.status(), StatusCode::SEE_OTHER, "{cookie}");
    }
}
