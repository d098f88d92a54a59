//! The tracking redirect: where it sends, what it counts, when it refuses.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, eventually, location};

const BROWSER: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

/// Vendor "acme" with a link "pricing" (destination with a query, UTMs),
/// and partner "pat" in its default group. Returns (app, pat, pat's code).
async fn setup() -> (TestApp, UserAgent, String) {
    let app = TestApp::spawn().await;
    let acme = app.world().vendor("Acme").await;
    app.post(
        &format!("{}/links", acme.default_group.path),
        &[
            ("title", "Pricing"),
            ("destination_url", "https://acme.example/pricing?plan=pro&utm_source=old"),
            ("utm_source", "partners"),
            ("utm_campaign", "spring"),
            ("code", "pricing"),
        ],
    )
    .await;
    let pat = acme.partner("Pat").await;
    (app, pat.agent, pat.code)
}

async fn visit(app: &TestApp, path: &str, agent: &str) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client
        .get(app.url(path))
        .header("user-agent", agent)
        .header("referer", "https://blog.example/post")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_click_redirects_with_the_utms_merged_and_a_click_id_and_is_recorded() {
    let (app, _, code) = setup().await;

    let response = visit(&app, &format!("/go/pricing/{code}"), BROWSER).await;

    assert_eq!(response.status(), StatusCode::FOUND);
    let target = url::Url::parse(&location(&response)).unwrap();
    assert_eq!((target.host_str(), target.path()), (Some("acme.example"), "/pricing"));
    let query: Vec<(String, String)> = target.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let click_id = query.iter().find(|(k, _)| k == "pd_click").map(|(_, v)| v.clone()).expect("a click id");
    assert_eq!(
        &query[..3],
        &[
            ("plan".into(), "pro".into()),
            ("utm_source".into(), "partners".into()),
            ("utm_campaign".into(), "spring".into())
        ]
    );
    let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with(&format!("pd_click={click_id}")), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age=7776000"),
        "{cookie}"
    );
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
    let recorded = format!(
        "clicks c JOIN partnerships p ON p.id = c.partnership_id JOIN links l ON l.id = c.link_id \
         WHERE p.code = '{code}' AND l.code = 'pricing' AND c.public_id = '{click_id}' AND c.referer = 'https://blog.example/post' \
         AND c.user_agent LIKE 'Mozilla%' AND NOT c.is_bot AND c.visitor_hash ~ '^[0-9a-f]{{32}}$' AND c.ad_id IS NULL"
    );
    assert_eq!(app.count_eventually(&recorded, 1).await, 1);
}

#[tokio::test]
async fn robots_and_head_requests_are_redirected_but_not_counted() {
    let (app, _, code) = setup().await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    let bot = visit(&app, &format!("/go/pricing/{code}"), "Mozilla/5.0 (compatible; Googlebot/2.1)").await;
    let head = client.head(app.url(&format!("/go/pricing/{code}"))).header("user-agent", BROWSER).send().await.unwrap();

    assert_eq!((bot.status(), head.status()), (StatusCode::FOUND, StatusCode::FOUND));
    for _ in 0..3 {
        visit(&app, &format!("/go/pricing/{code}"), BROWSER).await;
    }
    // Clicks are written in order: had the robot's or the HEAD been counted, there would be 4 or 5.
    assert_eq!(app.count_eventually("clicks", 3).await, 3);
}

#[tokio::test]
async fn every_unusable_tracking_url_answers_404() {
    let (app, _, code) = setup().await;
    let other = app.new_agent();
    let other_code = other.join_acme("Sam", "sam@example.com", "").await;
    other
        .post("/partner/acme/ads", &[("name", "Newsletter"), ("media_type", "email"), ("starts_on", "2026-12-01")])
        .await;
    app.execute(&format!(
        "INSERT INTO links (vendor_id, partnership_id, kind, title, destination_url, code) \
         SELECT vendor_id, id, 'individual', 'Sam only', 'https://acme.example/sam', 'sam-only' FROM partnerships WHERE code = '{other_code}'"
    ));
    let mut cases = vec![
        ("unknown link", format!("/go/nope/{code}")),
        ("unknown partner", "/go/pricing/zzzzzz99".to_string()),
        ("unknown ad", format!("/go/pricing/{code}/nope")),
        ("another partner's ad", format!("/go/pricing/{code}/newsletter")),
        ("another partner's individual link", format!("/go/sam-only/{code}")),
    ];
    for (case, path) in &cases {
        assert_eq!(visit(&app, path, BROWSER).await.status(), StatusCode::NOT_FOUND, "{case}");
    }
    assert_eq!(
        visit(&app, &format!("/go/sam-only/{other_code}/newsletter"), BROWSER).await.status(),
        StatusCode::FOUND
    );

    let group = app.group_id("acme", "Default");
    app.post(&format!("/vendor/acme/groups/{group}/referral-links"), &[]).await;
    cases.push(("referral links off", format!("/go/pricing/{code}")));
    assert_eq!(visit(&app, &cases[5].1, BROWSER).await.status(), StatusCode::NOT_FOUND, "referral links off");
    app.post(&format!("/vendor/acme/groups/{group}/referral-links"), &[("enabled", "on")]).await;
    let pricing = app.link_id("pricing");
    app.post(&format!("/vendor/acme/links/{pricing}/delete"), &[]).await;
    assert_eq!(
        visit(&app, &format!("/go/pricing/{code}"), BROWSER).await.status(),
        StatusCode::NOT_FOUND,
        "deleted link"
    );
    assert_eq!(app.count_eventually("clicks", 1).await, 1, "only the one valid click counted");
}

#[tokio::test]
async fn a_removed_partner_keeps_redirecting_unless_their_links_were_deactivated() {
    let (app, _, code) = setup().await;
    app.execute(&format!("UPDATE partnerships SET status = 'removed', removed_at = now() WHERE code = '{code}'"));
    assert_eq!(visit(&app, &format!("/go/pricing/{code}"), BROWSER).await.status(), StatusCode::FOUND);

    app.execute(&format!("UPDATE partnerships SET links_deactivated = true WHERE code = '{code}'"));

    // A change made outside the app reaches its cache by NOTIFY, within a second.
    let path = format!("/go/pricing/{code}");
    let status = eventually(async || visit(&app, &path, BROWSER).await.status(), |s| *s == StatusCode::NOT_FOUND).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_secondary_link_shows_a_not_active_page_until_the_partner_creates_it() {
    let (app, pat, code) = setup().await;
    let group = format!("/vendor/acme/groups/{}", app.group_id("acme", "Default"));
    app.post(
        &format!("{group}/secondary-links"),
        &[("destination_url", "https://acme.example/blog"), ("code", "blog")],
    )
    .await;

    let before = crate::helpers::app::into_page(visit(&app, &format!("/go/blog/{code}"), BROWSER).await).await;
    let blog = app.link_id("blog");
    let created = pat.post(&format!("/partner/acme/secondary-links/{blog}/activate"), &[]).await;
    let after = visit(&app, &format!("/go/blog/{code}"), BROWSER).await;

    assert_eq!(before.status, StatusCode::CONFLICT);
    assert!(before.text("#not-activated h1").contains("not active yet"));
    assert_eq!(location(&created), "/partner/acme/secondary-links");
    assert_eq!(after.status(), StatusCode::FOUND);
    assert!(location(&after).starts_with("https://acme.example/blog?pd_click="));
}

#[tokio::test]
async fn a_child_partners_code_credits_the_child() {
    let (app, _, code) = setup().await;
    let child = app.new_agent();
    let child_code = child.join_acme("Kim", "kim@example.com", &code).await;

    visit(&app, &format!("/go/pricing/{child_code}"), BROWSER).await;

    assert_eq!(
        app.count_eventually(
            &format!("clicks c JOIN partnerships p ON p.id = c.partnership_id WHERE p.code = '{child_code}'"),
            1
        )
        .await,
        1
    );
    assert_eq!(
        app.count(&format!("clicks c JOIN partnerships p ON p.id = c.partnership_id WHERE p.code = '{code}'")),
        0
    );
}

#[tokio::test]
async fn the_vendors_groups_page_counts_the_clicks() {
    let (app, _, code) = setup().await;
    for _ in 0..2 {
        visit(&app, &format!("/go/pricing/{code}"), BROWSER).await;
    }
    visit(&app, &format!("/go/pricing/{code}"), "Googlebot").await;
    app.count_eventually("clicks", 2).await;

    let page = app.page("/vendor/acme").await;

    assert_eq!(page.text("tr[data-group=default] td.clicks"), "2");
}
