//! The vendor's Overview: the period's numbers against the period before,
//! charts per day, top partners and links, and recent activity.

use reqwest::StatusCode;
use serde_json::json;

use crate::conversions::{acme_with_pat, api, click};
use crate::helpers::TestApp;
use crate::helpers::app::eventually;
use crate::rewards::create_offer;

#[tokio::test]
async fn the_overview_shows_the_period_against_the_one_before_with_charts_top_lists_and_activity() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[]).await;
    click(&app, &format!("/go/acme/{code}")).await;
    click(&app, &format!("/go/acme/{code}")).await;
    let signup = json!({"customer_key": "c1", "partner_code": code, "name": "Buyer One"});
    assert_eq!(api(&app, &key, "/api/v1/signups", &signup).await.0, StatusCode::CREATED);
    let sale = json!({"customer_key": "c1", "sale_key": "o1", "amount_cents": 4900, "currency": "USD"});
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::CREATED);
    // One click 40 days ago, in the 30 days before the last 30 (its rollups follow by trigger).
    app.execute(&format!(
        "INSERT INTO clicks (link_id, partnership_id, clicked_at, visitor_hash, is_bot, public_id, is_unique)
         SELECT l.id, p.id, now() - interval '40 days', 'old-visitor', false, 'old-click', true
         FROM links l, partnerships p WHERE l.code = 'acme' AND p.code = '{code}'"
    ));

    let page = eventually(
        async || app.page("/vendor/acme/overview").await,
        |page| page.text("#measure-clicks .measure-value") == "2",
    )
    .await;
    assert_eq!(page.text("nav.menu a:first-child"), "Overview", "the first menu entry");
    assert_eq!(page.text("#measure-clicks .measure-value"), "2");
    assert!(page.text("#measure-clicks .measure-change").starts_with("+100%"), "2 against 1");
    assert_eq!(page.text("#measure-signups .measure-value"), "1");
    assert!(page.text("#measure-signups .measure-change").starts_with("new"));
    assert_eq!(page.text("#measure-revenue .measure-value"), "$49.00");
    assert_eq!(page.text("#measure-commissions .measure-value"), "$9.80");
    assert_eq!(page.text(&format!("#top-partners tr[data-code='{code}'] .revenue")), "$49.00");
    assert_eq!(page.text("#top-links tr[data-code=acme] .clicks"), "2");
    let label = page.attr("#clicks-chart svg", "aria-label").unwrap();
    assert!(label.contains("busiest day: 2 clicks"), "the chart says what it shows: {label}");
    let kinds = page.attrs("#recent-activity .event", "data-kind");
    for kind in ["Sale", "Signup", "New partner"] {
        assert!(kinds.contains(&kind.to_string()), "{kind} in {kinds:?}");
    }
    assert!(page.text("#recent-activity").contains("Buyer One · $49.00"));

    let week = app.page("/vendor/acme/overview?period=7").await;
    assert_eq!(week.text("nav.tabs a.active"), "Last 7 days");
    assert!(week.text("#measure-clicks .measure-change").starts_with("new"), "nothing the week before");

    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    assert_eq!(globex.get("/vendor/acme/overview").await.status(), StatusCode::NOT_FOUND);
    let empty = globex.page("/vendor/globex/overview").await;
    assert_eq!(empty.text("#measure-clicks .measure-value"), "0");
    assert!(empty.text("#top-partners").contains("No sales or signups"));
}

#[tokio::test]
async fn top_partners_are_kept_while_fresh_then_ranked_again_in_the_background() {
    let app = TestApp::spawn_with(|settings| settings.ranking_fresh_seconds = 5).await;
    let (code, key) = acme_with_pat(&app).await;
    let sale = |n: &str, cents: i64| json!({"customer_key": "c1", "partner_code": code, "sale_key": n, "amount_cents": cents, "currency": "USD"});
    let revenue_cell = format!("#top-partners tr[data-code='{code}'] .revenue");
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale("o1", 4900)).await.0, StatusCode::CREATED);

    let first = app.page("/vendor/acme/overview").await;

    assert_eq!(first.text(&revenue_cell), "$49.00");
    assert!(first.text("#top-partners-computed-at").ends_with("ranked again at most every 5 seconds."));
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale("o2", 1000)).await.0, StatusCode::CREATED);
    let kept = app.page("/vendor/acme/overview").await;
    assert_eq!(kept.text(&revenue_cell), "$49.00", "a fresh ranking is shown as kept");
    assert_eq!(kept.text("#top-partners-computed-at"), first.text("#top-partners-computed-at"));
    assert_eq!(kept.text("#measure-revenue .measure-value"), "$59.00", "the measures are read on every view");

    app.clock.advance(std::time::Duration::from_secs(5));
    let stale = app.page("/vendor/acme/overview").await;
    assert_eq!(stale.text(&revenue_cell), "$49.00", "past its time, the kept ranking is shown once more");
    let ranked_again =
        eventually(async || app.page("/vendor/acme/overview").await, |page| page.text(&revenue_cell) == "$59.00").await;
    assert_eq!(ranked_again.text(&revenue_cell), "$59.00", "…while it is ranked again in the background");
    assert_ne!(ranked_again.text("#top-partners-computed-at"), first.text("#top-partners-computed-at"));
}
