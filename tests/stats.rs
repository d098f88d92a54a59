//! Link Tracking Stats.

use crate::helpers::TestApp;
use crate::helpers::app::UserAgent;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
const CHROME: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

async fn click(app: &TestApp, path: &str, agent: &str) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.get(app.url(path)).header("user-agent", agent).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::FOUND, "{path}");
}

async fn setup() -> (TestApp, UserAgent, String) {
    let app = TestApp::spawn().await;
    let pat = app.world().vendor("Acme").await.partner("Pat").await;
    let (pat, code) = (pat.agent, pat.code);
    pat.post("/partner/acme/ads", &[("name", "Spring Post"), ("media_type", "social"), ("starts_on", "2026-11-01")])
        .await;
    (app, pat, code)
}

#[tokio::test]
async fn stats_count_clicks_unique_clicks_signups_and_revenue_per_link_and_per_ad() {
    let (app, pat, code) = setup().await;
    for agent in [FIREFOX, FIREFOX, CHROME, "Googlebot/2.1"] {
        click(&app, &format!("/go/acme/{code}"), agent).await;
    }
    click(&app, &format!("/go/acme/{code}/spring-post"), FIREFOX).await;
    let sam = app.new_agent();
    let sam_code = sam.join_acme("Sam", "sam@example.com", "").await;
    click(&app, &format!("/go/acme/{sam_code}"), CHROME).await;
    assert_eq!(app.count_eventually("clicks", 5).await, 5, "the robot's click is not counted");
    app.execute(&format!(
        "INSERT INTO customers (vendor_id, partnership_id, click_id, clicked_at, link_id, ad_id, external_id) \
         SELECT p.vendor_id, p.id, c.id, c.clicked_at, c.link_id, c.ad_id, 'cus_1' FROM clicks c JOIN partnerships p ON p.id = c.partnership_id \
         WHERE p.code = '{code}' AND c.ad_id IS NOT NULL"
    ));
    app.execute("INSERT INTO transactions (vendor_id, customer_id, partnership_id, amount_cents, currency, sale_key) SELECT vendor_id, id, partnership_id, 4999, 'USD', 's' || id FROM customers");

    let page = pat.page("/partner/acme/stats").await;

    assert_eq!(page.texts("#by-link tr[data-code=acme] td.num"), vec!["4", "2", "1", "$49.99"]);
    // Firefox had clicked the same link for the same partner within the hour: a repeat, not unique.
    assert_eq!(page.texts("#by-ad tr[data-code=spring-post] td.num"), vec!["1", "0", "1", "$49.99"]);
    assert_eq!(page.texts("#by-link tbody tr").len(), 1, "another partner's clicks are not mine");
    assert_eq!(page.texts("#chart rect.bar title").len(), 30);
    assert!(page.texts("#chart rect.bar title").last().unwrap().ends_with(": 4 clicks"), "today's bar");
}

#[tokio::test]
async fn each_period_counts_only_its_own_days() {
    let (app, pat, code) = setup().await;
    click(&app, &format!("/go/acme/{code}"), FIREFOX).await;
    click(&app, &format!("/go/acme/{code}"), CHROME).await;
    app.count_eventually("clicks", 2).await;
    app.execute("UPDATE clicks SET clicked_at = now() - interval '40 days' WHERE id = (SELECT min(id) FROM clicks)");

    let mut counts = Vec::new();
    for period in ["7", "30", "90", "all"] {
        let page = pat.page(&format!("/partner/acme/stats?period={period}")).await;
        counts.push(page.text("#by-link tr[data-code=acme] td.clicks"));
    }

    assert_eq!(counts, vec!["1", "1", "2", "2"]);
    let all = pat.page("/partner/acme/stats?period=all").await;
    assert_eq!(all.texts("#chart rect.bar").len(), 41, "from the first click to today");
    assert_eq!(pat.page("/partner/acme/stats?period=bogus").await.text(".tabs a.active"), "Last 30 days");
}
