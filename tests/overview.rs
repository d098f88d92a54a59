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
