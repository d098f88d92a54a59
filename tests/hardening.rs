//! Probes against a running server: control characters, page numbers far
//! out of range, and bodies that are slow or sent without a session.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::TestApp;
use crate::helpers::app::PASSWORD;

#[tokio::test]
async fn nul_and_control_characters_on_public_routes_get_a_400_page_never_a_500() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let visitor = app.new_agent();
    for path in [
        "/programs/ac%00me/default",
        "/join/acme/def%00ault",
        "/login?next=%00",
        "/signup/partner?email=%01",
        "/programs/acme/default?x=%1B",
    ] {
        let response = visitor.get(path).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        assert!(response.text().await.unwrap().contains("cannot be part of it"), "{path}: the 400 page");
    }
    assert_eq!(visitor.get("/go/ac%00me/x").await.status(), StatusCode::NOT_FOUND, "/go keeps its 404");

    let form = visitor.post("/login", &[("email", "pat\0@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(form.status(), StatusCode::BAD_REQUEST);
    let text = app
        .post(
            "/vendor/acme/settings",
            &[
                ("name", "Acme\r\nInc"),
                ("website", "acme.example"),
                ("currency", "USD"),
                ("attribution_window_days", "90"),
            ],
        )
        .await;
    assert_ne!(text.status(), StatusCode::BAD_REQUEST, "a line break is text, left to the form itself");
}

#[tokio::test]
async fn page_numbers_far_out_of_range_give_a_page_or_a_4xx_never_a_500() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    for path in [
        "/vendor/acme/partners?page=9223372036854775807",
        "/vendor/acme/partners?page=99999999999999999999",
        "/vendor/acme/customers?page=9223372036854775807",
        "/vendor/acme/commissions?page=-9223372036854775808",
    ] {
        assert_eq!(app.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "k")]).await.text("#secret");
    for path in ["/api/v1/partnerships?page=9223372036854775807", "/api/v1/commissions?page=9223372036854775807"] {
        let response = reqwest::Client::new().get(app.url(path)).bearer_auth(&key).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
}

#[tokio::test]
async fn a_post_without_a_session_is_refused_before_its_body_is_read() {
    let app = TestApp::spawn().await;
    let address = app.base_url.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    // Announces 5 MB and sends none of it: only a server that does not wait answers.
    let head = format!(
        "POST /import HTTP/1.1\r\nHost: {address}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(3), socket.read(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer[..read.expect("an answer at once").unwrap()]).to_string();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_refused_after_ten_seconds() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let address = app.base_url.trim_start_matches("http://").to_string();
    let cookie = app.cookie_header();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /vendor/acme/settings HTTP/1.1\r\nHost: {address}\r\nCookie: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=Ac",
        cookie.to_str().unwrap()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(20), socket.read(&mut answer)).await.expect("an answer");
    let answer = String::from_utf8_lossy(&answer[..read.unwrap()]).to_string();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() >= Duration::from_secs(9), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_form_content_type_in_capitals_is_still_a_form() {
    let app = TestApp::spawn().await;
    let agent = app.new_agent();
    let token = agent.csrf_token().await;
    let body = serde_urlencoded::to_string([
        ("csrf_token", token.as_str()),
        ("email", "nobody@example.com"),
        ("password", "wrong password"),
    ])
    .unwrap();
    let response = agent.client_post("/login", body, "Application/X-WWW-Form-Urlencoded").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "the log-in form answered, not the CSRF check");
}

#[tokio::test]
async fn a_stalled_database_gives_a_503_page_within_seconds() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let mut locker = app.db.connect();
    diesel::sql_query("BEGIN").execute(&mut locker).unwrap();
    diesel::sql_query("LOCK TABLE vendors IN ACCESS EXCLUSIVE MODE").execute(&mut locker).unwrap();

    let started = Instant::now();
    let response = app.get("/vendor/acme/settings").await;
    let waited = started.elapsed();
    diesel::sql_query("ROLLBACK").execute(&mut locker).unwrap();

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(waited < Duration::from_secs(8), "{waited:?}");
    assert_eq!(app.get("/vendor/acme/settings").await.status(), StatusCode::OK, "and back once the lock is gone");
}

#[tokio::test]
async fn pages_are_not_cached_and_plain_http_gets_no_hsts() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let page = app.get("/vendor/acme").await;
    assert_eq!(page.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    assert!(page.headers().get("strict-transport-security").is_none(), "over plain HTTP");
    let css = app.page("/").await.attr("link[rel=stylesheet]", "href").unwrap();
    let asset = app.get(&css).await;
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"), "assets keep their long cache");
}

#[tokio::test]
async fn a_form_sent_from_another_site_is_refused_even_with_a_valid_token() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let token = app.csrf_token().await;
    let form = |extra: (&'static str, String)| {
        let body = serde_urlencoded::to_string([
            ("csrf_token", token.as_str()),
            ("name", "Hijacked"),
            ("website", "acme.example"),
            ("currency", "USD"),
            ("attribution_window_days", "90"),
        ])
        .unwrap();
        app.client
            .post(app.url("/vendor/acme/settings"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(extra.0, extra.1)
            .body(body)
    };
    let cross = form(("sec-fetch-site", "cross-site".into())).send().await.unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let foreign_origin = form(("origin", "https://evil.example".into())).send().await.unwrap();
    assert_eq!(foreign_origin.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("vendors WHERE name = 'Hijacked'"), 0);
    let ours = form(("origin", app.base_url.clone())).send().await.unwrap();
    assert_eq!(ours.status(), StatusCode::SEE_OTHER, "the portal's own origin is fine");
}

#[tokio::test]
async fn a_session_idle_longer_than_the_setting_ends() {
    let app = TestApp::spawn_with(|s| s.session_idle_minutes = 1).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    assert_eq!(app.get("/vendor/acme").await.status(), StatusCode::OK);

    app.clock.advance(Duration::from_secs(61));

    let after = app.get("/vendor/acme").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "sent to log in");
    assert!(crate::helpers::app::location(&after).starts_with("/login"));
    assert!(app.page("/login").await.text(".flash").contains("without activity"));
}

#[tokio::test]
async fn thirty_parallel_wrong_passwords_are_counted_one_by_one_and_only_five_are_checked() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let attacker = app.new_agent();
    let attempts = (0..30).map(|_| attacker.log_in("pat@example.com", "wrong guess"));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status()).collect();
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 25), "{statuses:?}");
}

#[tokio::test]
async fn past_the_limit_the_owner_gets_in_after_a_short_wait_instead_of_being_locked_out() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let attacker = app.new_agent();
    for _ in 0..5 {
        attacker.log_in("pat@example.com", "wrong guess").await;
    }
    let owner = app.new_agent();
    let early = crate::helpers::app::into_page(owner.log_in("pat@example.com", PASSWORD).await).await;
    assert_eq!(early.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(early.text(".flash-error").contains("Try again in 1"), "{}", early.text(".flash-error"));

    app.clock.advance(Duration::from_secs(16));

    let later = owner.log_in("pat@example.com", PASSWORD).await;
    assert_eq!(crate::helpers::app::location(&later), "/partner", "the right password works after the wait");
    assert_eq!(app.count("login_failures"), 5, "the account's failures are forgiven, the address keeps its count");
}

#[tokio::test]
async fn wrong_current_passwords_on_the_password_change_form_are_throttled_too() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let page = app
            .post_page("/account/password", &[("current_password", "wrong guess"), ("new_password", "another secret")])
            .await;
        statuses.push(page.status);
    }
    assert_eq!(statuses[..5], [StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn twenty_parallel_join_submits_make_one_partnership_and_no_500() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let pat = app.new_agent();
    pat.sign_up_partner("Pat", "pat@example.com").await;
    let attempts = (0..20).map(|_| pat.post("/join/acme/default", &[("ref", "")]));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status()).collect();
    assert!(statuses.iter().all(|s| !s.is_server_error()), "{statuses:?}");
    assert_eq!(app.count("partnerships"), 1);
}
