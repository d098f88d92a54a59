//! One definition of revenue on every page and CSV: what customers credited
//! to a partner paid in sales made in the period, less what was refunded of
//! those sales, in the program's currency, other currencies apart. One
//! story, then every page that shows a revenue is read for the same period.

use serde_json::json;

use crate::conversions::{acme_with_pat, api, click};
use crate::exports::csv_rows;
use crate::helpers::TestApp;
use crate::helpers::app::PASSWORD;

/// The sentence every page with a revenue says it in.
const NOTE: &str = "less what was refunded of those sales";

#[tokio::test]
async fn every_page_and_csv_shows_the_same_revenue_for_the_same_period() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let click_id = click(&app, &format!("/go/acme/{code}")).await;
    app.count_eventually("clicks", 1).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "click_id": click_id})).await;
    let forty_days_ago = (chrono::Utc::now() - chrono::Duration::days(40)).to_rfc3339();
    for sale in [
        json!({"customer_key": "c1", "sale_key": "today", "amount_cents": 4900, "currency": "USD"}),
        json!({"customer_key": "c1", "sale_key": "old", "amount_cents": 10_000, "currency": "USD", "occurred_at": forty_days_ago}),
        json!({"customer_key": "c1", "sale_key": "euros", "amount_cents": 1000, "currency": "EUR"}),
    ] {
        assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, reqwest::StatusCode::CREATED, "{sale}");
    }
    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "today", "amount_cents": 900})).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "nobodys"})).await;
    let unattributed = json!({"customer_key": "nobodys", "sale_key": "x", "amount_cents": 50_000, "currency": "USD"});
    api(&app, &key, "/api/v1/sales", &unattributed).await;
    let (month, all_time) = ("$40.00", "$140.00");
    let euros = "+ €10.00";

    let overview = app.page("/vendor/acme/overview?period=30").await;
    assert_eq!(overview.text("#measures .measure-value.revenue"), format!("{month}{euros}"));
    assert!(overview.text(".revenue-note").contains(NOTE));
    let quarter = app.page("/vendor/acme/overview?period=90").await;
    assert_eq!(quarter.text("#measures .measure-value.revenue"), format!("{all_time}{euros}"));

    let pat = app.new_agent();
    pat.log_in("pat@example.com", PASSWORD).await;
    for (period, expected) in [("30", month), ("90", all_time)] {
        let own = pat.page(&format!("/partner/acme?period={period}")).await;
        assert_eq!(
            own.text("#overview .measure-value.revenue"),
            format!("{expected}{euros}"),
            "partner overview {period}"
        );
        assert!(own.text(".revenue-note").contains(NOTE));
        let stats = pat.page(&format!("/partner/acme/stats?period={period}")).await;
        assert_eq!(
            stats.text("#by-link tr[data-code=acme] .revenue"),
            format!("{expected}{euros}"),
            "link stats {period}"
        );
        assert_eq!(stats.text("#by-link tr[data-code=acme] .signups"), "1");
        assert!(stats.text(".revenue-note").contains(NOTE));
    }
    let stats_all = pat.page("/partner/acme/stats?period=all").await;
    assert_eq!(stats_all.text("#by-link tr[data-code=acme] .revenue"), format!("{all_time}{euros}"));

    let groups = app.page("/vendor/acme").await;
    assert_eq!(groups.text("tr[data-group=default] .revenue"), format!("{all_time}{euros}"));
    assert!(groups.text(".revenue-note").contains(NOTE));
    let partners = app.page("/vendor/acme/partners").await;
    assert_eq!(partners.text(&format!("tr[data-code='{code}'] .revenue")), format!("{all_time}{euros}"));
    assert!(partners.text(".revenue-note").contains(NOTE));
    let partner_id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"));
    let partner_page = app.page(&format!("/vendor/acme/partners/{partner_id}")).await;
    assert_eq!(partner_page.text("#results .revenue"), format!("{all_time}{euros}"));
    assert!(partner_page.text(".revenue-note").contains(NOTE));
    let customers = app.page("/vendor/acme/customers").await;
    assert!(
        customers.text("tr[data-key=c1] td.net").starts_with(all_time),
        "{}",
        customers.text("tr[data-key=c1] td.net")
    );
    assert!(customers.text(".revenue-note").contains("less what was refunded"));

    let partners_csv = csv_rows(&app, "/vendor/acme/partners.csv").await;
    let revenue = partners_csv[0].iter().position(|h| h == "revenue").unwrap();
    assert_eq!(partners_csv[1][revenue], "140.00");
    let customers_csv = csv_rows(&app, "/vendor/acme/customers.csv?attributed=attributed").await;
    let net = customers_csv[0].iter().position(|h| h == "net_revenue").unwrap();
    assert_eq!(customers_csv[1][net], "140.00");
}
