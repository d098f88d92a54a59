//! CSV downloads: All Partners with its filters, Customers, Commissions and
//! a partner's daily link stats; RFC 4180, UTF-8, formulas defused.

use reqwest::StatusCode;
use serde_json::json;

use crate::conversions::{acme_with_pat, api, click};
use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, eventually};
use crate::rewards::create_offer;

/// The download's rows, header first, after checking it is a UTF-8 CSV attachment.
pub async fn csv_rows(agent: &UserAgent, path: &str) -> Vec<Vec<String>> {
    let response = agent.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    let body = response.text().await.unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[tokio::test]
async fn partners_customers_and_commissions_download_with_their_filters_and_formulas_defused() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[]).await;
    app.new_agent().join_acme("=HYPERLINK(\"http://evil.example\")", "eve@example.com", "").await;
    let signup = json!({"customer_key": "c1", "partner_code": code, "name": "+SUM(1,2)", "email": "buyer@example.com"});
    assert_eq!(api(&app, &key, "/api/v1/signups", &signup).await.0, StatusCode::CREATED);
    let sale = json!({"customer_key": "c1", "sale_key": "o1", "amount_cents": 4900, "currency": "USD"});
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::CREATED);

    let page = app.page("/vendor/acme/partners?q=pat&sort=name").await;
    assert_eq!(
        page.attr("#export-csv", "href").as_deref(),
        Some("/vendor/acme/partners.csv?q=pat&group=&status=active&sort=name")
    );
    let all = csv_rows(&app, "/vendor/acme/partners.csv").await;
    assert_eq!(all.len(), 3, "a header and both partners");
    let name = column(&all, "name");
    assert!(all.iter().any(|row| row[name] == "'=HYPERLINK(\"http://evil.example\")"), "a formula is defused: {all:?}");
    let pat = csv_rows(&app, "/vendor/acme/partners.csv?q=pat").await;
    assert_eq!(pat.len(), 2, "the list's filter applies");
    assert_eq!(pat[1][column(&pat, "partner_code")], code);
    assert_eq!(pat[1][column(&pat, "signups")], "1");
    assert_eq!(pat[1][column(&pat, "revenue")], "49.00");
    assert_eq!(pat[1][column(&pat, "commissions")], "9.80");

    let customers = csv_rows(&app, "/vendor/acme/customers.csv?attributed=attributed").await;
    assert_eq!(customers.len(), 2);
    assert_eq!(customers[1][column(&customers, "customer_key")], "c1");
    assert_eq!(customers[1][column(&customers, "name")], "'+SUM(1,2)");
    assert_eq!(customers[1][column(&customers, "partner")], "Pat");
    assert_eq!(customers[1][column(&customers, "net_revenue")], "49.00");
    assert_eq!(csv_rows(&app, "/vendor/acme/customers.csv?attributed=unattributed").await.len(), 1, "header only");

    let commissions = csv_rows(&app, "/vendor/acme/commissions.csv?status=pending").await;
    assert_eq!(commissions.len(), 2);
    assert_eq!(commissions[1][column(&commissions, "amount")], "9.80");
    assert_eq!(commissions[1][column(&commissions, "status")], "pending");
    assert_eq!(csv_rows(&app, "/vendor/acme/commissions.csv?status=paid").await.len(), 1);

    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    for path in ["/vendor/acme/partners.csv", "/vendor/acme/customers.csv", "/vendor/acme/commissions.csv"] {
        assert_eq!(globex.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(csv_rows(&globex, "/vendor/globex/partners.csv").await.len(), 1, "globex sees only its own");
}

#[tokio::test]
async fn a_partner_downloads_their_clicks_per_day_and_link() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;
    click(&app, &format!("/go/acme/{code}")).await;
    click(&app, &format!("/go/acme/{code}")).await;
    let rows = eventually(
        async || csv_rows(&pat, "/partner/acme/stats.csv?period=7").await,
        |rows| rows.len() == 2 && rows[1][4] == "2",
    )
    .await;
    assert_eq!(rows[0], ["day", "link_code", "link_title", "ad_code", "clicks", "unique_clicks"]);
    assert_eq!(rows[1][0], chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string());
    assert_eq!(rows[1][1], "acme");
    assert_eq!(rows[1][4], "2");
    assert!(
        pat.page("/partner/acme/stats?period=7").await.has("a#export-csv[href='/partner/acme/stats.csv?period=7']")
    );
}

#[tokio::test]
async fn every_csv_download_writes_amounts_and_counts_as_numbers_negative_ones_included() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[("hold_days", "0")]).await;
    click(&app, &format!("/go/acme/{code}")).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    let sale = json!({"customer_key": "c1", "sale_key": "s1", "amount_cents": 4900, "currency": "USD"});
    api(&app, &key, "/api/v1/sales", &sale).await;
    app.post("/vendor/acme/payouts", &[]).await;
    let batch = app.text_for("SELECT batch AS value FROM payouts");
    app.post(&format!("/vendor/acme/payouts/{batch}/paid"), &[("reference", "wire 1"), ("paid_on", "2026-11-20")])
        .await;
    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "s1"})).await;
    assert_eq!(
        app.count("commissions WHERE kind = 'adjustment' AND amount_cents = -980"),
        1,
        "a paid commission refunded"
    );

    let pat = app.new_agent();
    pat.log_in("pat@example.com", crate::helpers::app::PASSWORD).await;
    let numeric = ["clicks", "unique_clicks", "signups", "sales", "revenue", "net_revenue", "commissions", "amount"];
    let downloads = [
        (&app.agent, "/vendor/acme/partners.csv".to_string()),
        (&app.agent, "/vendor/acme/customers.csv".to_string()),
        (&app.agent, "/vendor/acme/commissions.csv".to_string()),
        (&app.agent, format!("/vendor/acme/payouts/{batch}/csv")),
        (&pat, "/partner/acme/stats.csv?period=30".to_string()),
    ];
    for (agent, path) in downloads {
        let rows = csv_rows(agent, &path).await;
        let columns: Vec<usize> =
            rows[0].iter().enumerate().filter(|(_, h)| numeric.contains(&h.as_str())).map(|(i, _)| i).collect();
        assert!(!columns.is_empty(), "{path} has numbers: {:?}", rows[0]);
        for row in &rows[1..] {
            for column in &columns {
                assert!(
                    row[*column].parse::<f64>().is_ok(),
                    "{path}: {:?} in {} is not a number",
                    row[*column],
                    rows[0][*column]
                );
            }
        }
    }
    let commissions = csv_rows(&app, "/vendor/acme/commissions.csv").await;
    let amount = column(&commissions, "amount");
    assert!(
        commissions.iter().any(|row| row[amount] == "-9.80"),
        "a negative amount is a plain number: {commissions:?}"
    );
}
