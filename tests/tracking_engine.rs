//! The tracking engine under faults: a database cut, a second node, a
//! SIGTERM, and the counting rules.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, eventually};
use crate::helpers::proxy::Proxy;

const BROWSER: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

/// Vendor "acme" (whose original link has the code `acme`) and partner
/// "pat"; returns pat's partner code.
async fn vendor_and_partner(app: &TestApp) -> String {
    app.world().vendor("Acme").await.partner("Pat").await.code
}

async fn visit(address: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut request = client.get(format!("{address}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// One metric's value from `/metrics`.
async fn metric(agent: &UserAgent, name: &str) -> f64 {
    let text = agent.get("/metrics").await.text().await.unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} not in /metrics"))
}

/// The metric once it has reached `expected` (from below, or from above
/// when `expected` is 0), or after 10 s.
async fn metric_eventually(agent: &UserAgent, name: &str, expected: f64) -> f64 {
    let reached = |value: &f64| if expected == 0.0 { *value == 0.0 } else { *value >= expected };
    eventually(async || metric(agent, name).await, reached).await
}

#[tokio::test]
async fn with_the_database_cut_cached_links_redirect_their_clicks_are_spooled_and_replayed_when_it_is_back() {
    let proxy = Proxy::start("127.0.0.1:5432").await;
    let route = |url: &str| proxy.route(url);
    let app = TestApp::spawn_with(|settings| settings.database_url = route(&settings.database_url)).await;
    let code = vendor_and_partner(&app).await;
    let cached = format!("/go/acme/{code}");
    assert_eq!(visit(&app.address, &cached, &[("user-agent", BROWSER)]).await.status(), StatusCode::FOUND);
    assert_eq!(app.count_eventually("clicks", 1).await, 1);

    proxy.cut();
    for _ in 0..3 {
        let started = Instant::now();
        let response = visit(&app.address, &cached, &[("user-agent", BROWSER)]).await;
        assert_eq!(response.status(), StatusCode::FOUND, "a cached link keeps redirecting");
        assert!(started.elapsed() < Duration::from_millis(500), "at once: {:?}", started.elapsed());
    }
    let started = Instant::now();
    let uncached = visit(&app.address, "/go/acme/zzzzzz99", &[("user-agent", BROWSER)]).await;
    assert_eq!(uncached.status(), StatusCode::SERVICE_UNAVAILABLE, "an uncached code cannot be checked");
    assert!(started.elapsed() < Duration::from_secs(1), "a quick 503: {:?}", started.elapsed());
    // The first click's commit can be cut off before the writer hears of it:
    // then it is spooled too, and its replay is skipped by its click id.
    let spooled = metric_eventually(&app, "clicks_spooled", 3.0).await;
    assert!(spooled == 3.0 || spooled == 4.0, "{spooled}");
    let spool = std::fs::read_to_string(app.data_dir().join("spool/clicks.jsonl")).unwrap();
    assert_eq!(spool.lines().count() as f64, spooled);
    assert!(!spool.contains("127.0.0.1"), "the spool holds visitor hashes, never addresses");
    assert_eq!(app.count("clicks"), 1);

    proxy.restore();

    assert_eq!(app.count_eventually("clicks", 4).await, 4, "the spooled clicks are replayed");
    assert_eq!(metric_eventually(&app, "clicks_spooled", 0.0).await, 0.0);
    assert_eq!(metric(&app, "clicks_accepted_total").await, 4.0);
    assert_eq!(metric(&app, "clicks_persisted_total").await, 4.0, "a click spooled twice is persisted once");
    assert_eq!(metric(&app, "clicks_balanced").await, 1.0, "accepted = persisted + pending + spooled + dropped");
    assert_eq!(app.count("click_rollups WHERE clicks = 4"), 1, "the rollup followed the replay");
}

#[tokio::test]
async fn another_node_stops_redirecting_within_a_second_after_links_are_deactivated() {
    let app = TestApp::spawn().await;
    let code = vendor_and_partner(&app).await;
    let node = app.spawn_node().await;
    let path = format!("/go/acme/{code}");
    assert_eq!(visit(&node.agent.address, &path, &[]).await.status(), StatusCode::FOUND, "now cached there");

    let id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"));
    app.post("/vendor/acme/partners/remove", &[("ids", id.to_string().as_str()), ("deactivate_links", "on")]).await;

    assert_eq!(visit(&app.address, &path, &[]).await.status(), StatusCode::NOT_FOUND, "at once on this node");
    let started = Instant::now();
    while visit(&node.agent.address, &path, &[]).await.status() != StatusCode::NOT_FOUND {
        assert!(started.elapsed() < Duration::from_secs(1), "the other node still redirects");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn prefetches_and_agentless_requests_redirect_uncounted_and_a_repeat_visit_is_not_unique() {
    let app = TestApp::spawn().await;
    let code = vendor_and_partner(&app).await;
    let path = format!("/go/acme/{code}");
    let uncounted: [&[(&str, &str)]; 4] = [
        &[("user-agent", BROWSER), ("sec-purpose", "prefetch")],
        &[("user-agent", BROWSER), ("purpose", "prefetch")],
        &[("user-agent", BROWSER), ("x-moz", "prefetch")],
        &[],
    ];
    for headers in uncounted {
        assert_eq!(visit(&app.address, &path, headers).await.status(), StatusCode::FOUND, "{headers:?}");
    }
    for _ in 0..2 {
        visit(&app.address, &path, &[("user-agent", BROWSER)]).await;
    }
    visit(&app.address, &path, &[("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Firefox/128.0")])
        .await;

    assert_eq!(app.count_eventually("clicks", 3).await, 3, "only the three real visits count");
    assert_eq!(app.count("clicks WHERE is_unique"), 2, "the same browser again within the hour is a repeat");
    assert_eq!(app.count("click_rollups WHERE clicks = 3 AND unique_clicks = 2"), 1);
    let lags = metric_eventually(&app, "clicks_commit_lag_seconds_count", 3.0).await;
    assert_eq!(lags, 3.0, "each committed click's redirect-to-commit time is measured");
    assert_eq!(metric(&app, "tracking_not_counted_total{reason=\"prefetch\"}").await, 3.0);
    assert_eq!(metric(&app, "tracking_not_counted_total{reason=\"no_user_agent\"}").await, 1.0);
}

#[tokio::test]
async fn nul_control_characters_and_over_long_codes_answer_404() {
    let app = TestApp::spawn().await;
    let code = vendor_and_partner(&app).await;
    let long = "a".repeat(300);
    for path in [
        format!("/go/ac%00me/{code}"),
        format!("/go/acme/{code}%0A"),
        format!("/go/acme/{code}/%01ad"),
        format!("/go/{long}/{code}"),
        format!("/go/acme/{long}"),
        format!("/go/acme/{code}/{long}"),
    ] {
        assert_eq!(
            visit(&app.address, &path, &[("user-agent", BROWSER)]).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_set() {
    let app = TestApp::spawn_with(|settings| settings.metrics_token = Some("s3cret-token".into())).await;
    let client = reqwest::Client::new();
    let url = app.url("/metrics");

    let without = client.get(&url).send().await.unwrap();
    let wrong = client.get(&url).bearer_auth("guess").send().await.unwrap();
    let right = client.get(&url).bearer_auth("s3cret-token").send().await.unwrap();

    assert_eq!(
        (without.status(), wrong.status(), right.status()),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND, StatusCode::OK)
    );
    assert!(right.text().await.unwrap().contains("clicks_accepted_total"));
    let open = TestApp::spawn().await;
    assert_eq!(open.get("/metrics").await.status(), StatusCode::OK, "loopback, no token set");
}

#[tokio::test]
async fn sigterm_drains_the_click_queue_before_the_process_exits() {
    let app = TestApp::spawn().await;
    let code = vendor_and_partner(&app).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let data_dir = app.data_dir().join("node");
    let mut node = std::process::Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .env("DATABASE_URL", app.db.url())
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("DATA_DIR", &data_dir)
        // Clicks wait a minute in memory: only the drain at shutdown can write them.
        .env("CLICK_FLUSH_MS", "60000")
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let address = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{address}/healthz")).await.map(|r| r.status()).ok() != Some(StatusCode::OK) {
        assert!(started.elapsed() < Duration::from_secs(20), "the node did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    for _ in 0..200 {
        visit(&address, &format!("/go/acme/{code}"), &[("user-agent", BROWSER)]).await;
    }
    // A signal to the one process this test started, by its own pid (never a group).
    let pid = node.id();
    assert!(pid > 1);
    assert_eq!(terminate(pid), 0);
    let status = node.wait().unwrap();

    assert!(status.success(), "{status}");
    assert_eq!(app.count("clicks"), 200, "every accepted click was written before exit");
}

/// SIGTERM through the `kill` command.
fn terminate(pid: u32) -> i32 {
    std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().map_or(-1, |s| s.code().unwrap_or(-1))
}

#[tokio::test]
async fn an_unknown_code_is_read_from_the_database_once_then_answered_from_memory() {
    let app = TestApp::spawn().await;
    let code = vendor_and_partner(&app).await;
    let random = format!("/go/no-such-link/{code}");

    for _ in 0..3 {
        assert_eq!(visit(&app.address, &random, &[("user-agent", BROWSER)]).await.status(), StatusCode::NOT_FOUND);
    }

    assert_eq!(metric(&app, "tracking_cache_misses_total").await, 1.0, "one lookup, then the cached \"not found\"");
    assert_eq!(metric(&app, "tracking_cache_hits_total").await, 2.0);
}

#[tokio::test]
async fn the_redirect_keeps_the_security_headers_and_sets_only_the_click_cookie() {
    let app = TestApp::spawn().await;
    let code = vendor_and_partner(&app).await;

    for path in [format!("/go/acme/{code}"), format!("/go/no-such-link/{code}")] {
        let response = visit(&app.address, &path, &[("user-agent", BROWSER)]).await;
        let headers = response.headers();
        assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff", "{path}");
        assert!(headers.get("content-security-policy").is_some(), "{path}");
        let cookies: Vec<&str> = headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
        assert!(cookies.iter().all(|c| c.starts_with("pd_click=")), "{path}: {cookies:?}");
    }
}
