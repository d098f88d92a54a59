//! The conversion API: signups, sales and refunds credited to the partner
//! whose link was clicked, by the attribution rules.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

pub const BROWSER: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

/// Vendor "acme" with partner Pat and an API key: (pat's code, key).
pub async fn acme_with_pat(app: &TestApp) -> (String, String) {
    let acme = app.world().vendor("Acme").await;
    let pat = acme.partner("Pat").await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "Site")]).await.text("#secret");
    (pat.code, key)
}

/// Follows a tracking path as a browser would and returns the `pd_click`
/// the landing URL carries.
pub async fn click(app: &TestApp, path: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.get(app.url(path)).header("user-agent", BROWSER).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND, "{path}");
    let landing = response.headers()["location"].to_str().unwrap().to_string();
    let url = reqwest::Url::parse(&landing).unwrap();
    url.query_pairs().find(|(name, _)| name == "pd_click").map(|(_, v)| v.into_owned()).unwrap()
}

pub async fn api(app: &TestApp, key: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    api_raw(app, key, path, body.to_string()).await
}

async fn api_raw(app: &TestApp, key: &str, path: &str, body: String) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(app.url(path))
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null))
}

async fn get(app: &TestApp, key: &str, path: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_signup_with_the_landing_click_id_credits_the_partner_once() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let click_id = click(&app, &format!("/go/acme/{code}")).await;

    let (status, body) = api(
        &app,
        &key,
        "/api/v1/signups",
        &json!({"customer_key": "cus_1", "email": "buyer@shop.example", "click_id": click_id}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["attributed"], true);
    assert_eq!(body["partner_code"], code.as_str());
    assert_eq!(body["click_id"], click_id.as_str());
    assert!(body["reason"].as_str().unwrap().contains("within the 90-day window"), "{body}");

    let (again, stored) =
        api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_1", "partner_code": "nobody"})).await;
    assert_eq!(again, StatusCode::OK);
    assert_eq!(stored["partner_code"], code.as_str(), "the first attribution stands");
    assert_eq!(app.count("customers"), 1);
}

#[tokio::test]
async fn sales_follow_the_customer_and_refunds_cannot_exceed_the_sale() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_1", "partner_code": code})).await;
    let sale = json!({"customer_key": "cus_1", "sale_key": "inv_1", "amount_cents": 4900, "currency": "USD",
                      "product": "pro"});

    let (status, body) = api(&app, &key, "/api/v1/sales", &sale).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!((body["partner_code"].as_str(), body["amount_cents"].as_i64()), (Some(code.as_str()), Some(4900)));
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::OK, "a replay adds nothing");
    assert_eq!(app.count("transactions"), 1);

    let (status, body) = api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "inv_1", "amount_cents": 900})).await;
    assert_eq!((status, body["refunded_cents"].as_i64()), (StatusCode::CREATED, Some(900)));
    let (status, body) = api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "inv_1", "amount_cents": 4001})).await;
    assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("amount_cents")));
    let (status, body) = api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "inv_1"})).await;
    assert_eq!((status, body["refunded_cents"].as_i64()), (StatusCode::CREATED, Some(4900)), "the rest");
    let (status, _) = api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "inv_1"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nothing left");

    let (status, customer) = get(&app, &key, "/api/v1/customers/cus_1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(customer["sales"][0]["sale_key"], "inv_1");
    let refunds: Vec<i64> =
        customer["refunds"].as_array().unwrap().iter().map(|r| r["amount_cents"].as_i64().unwrap()).collect();
    assert_eq!(refunds, [900, 4000]);
    assert_eq!(get(&app, &key, "/api/v1/customers/nobody").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_sale_for_an_unknown_customer_needs_a_click_or_partner_code() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let sale = |customer: &str| json!({"customer_key": customer, "sale_key": format!("s-{customer}"), "amount_cents": 100, "currency": "EUR"});

    let (status, body) = api(&app, &key, "/api/v1/sales", &sale("stranger")).await;
    assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("customer_key")));

    let mut with_code = sale("newcomer");
    with_code["partner_code"] = json!(code);
    let (status, body) = api(&app, &key, "/api/v1/sales", &with_code).await;
    assert_eq!((status, body["partner_code"].as_str()), (StatusCode::CREATED, Some(code.as_str())), "{body}");
    assert_eq!(body["currency"], "EUR", "another currency is kept as it is");
    assert_eq!(app.count("customers WHERE external_id = 'newcomer' AND attribution = 'partner_code'"), 1);
}

#[tokio::test]
async fn bad_requests_get_a_json_error_naming_the_field() {
    let app = TestApp::spawn().await;
    let (_, key) = acme_with_pat(&app).await;
    let future = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    let sale = |field: &str, value: Value| {
        let mut body = json!({"customer_key": "c", "sale_key": "s", "amount_cents": 100, "currency": "USD"});
        body[field] = value;
        body.to_string()
    };
    let cases: Vec<(&str, String, StatusCode, Option<&str>)> = vec![
        ("/api/v1/signups", "{not json".into(), StatusCode::BAD_REQUEST, None),
        ("/api/v1/signups", "[1, 2]".into(), StatusCode::BAD_REQUEST, None),
        ("/api/v1/signups", "{}".into(), StatusCode::UNPROCESSABLE_ENTITY, Some("customer_key")),
        ("/api/v1/signups", r#"{"customer_key": 12}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, Some("customer_key")),
        (
            "/api/v1/signups",
            r#"{"customer_key": "c", "email": "no"}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("email"),
        ),
        ("/api/v1/sales", sale("amount_cents", json!(0)), StatusCode::UNPROCESSABLE_ENTITY, Some("amount_cents")),
        ("/api/v1/sales", sale("amount_cents", json!(-5)), StatusCode::UNPROCESSABLE_ENTITY, Some("amount_cents")),
        ("/api/v1/sales", sale("amount_cents", json!(1.5)), StatusCode::UNPROCESSABLE_ENTITY, Some("amount_cents")),
        ("/api/v1/sales", sale("currency", json!("usd")), StatusCode::UNPROCESSABLE_ENTITY, Some("currency")),
        ("/api/v1/sales", sale("currency", json!("DOLLARS")), StatusCode::UNPROCESSABLE_ENTITY, Some("currency")),
        ("/api/v1/sales", sale("occurred_at", json!(future)), StatusCode::UNPROCESSABLE_ENTITY, Some("occurred_at")),
        (
            "/api/v1/sales",
            sale("occurred_at", json!("yesterday")),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("occurred_at"),
        ),
        ("/api/v1/refunds", r#"{"sale_key": "none"}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, Some("sale_key")),
        (
            "/api/v1/signups",
            format!(r#"{{"customer_key": "{}"}}"#, "x".repeat(70_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
        ),
    ];
    for (path, body, status, field) in cases {
        let shown = body.chars().take(80).collect::<String>();
        let (got, json) = api_raw(&app, &key, path, body).await;
        assert_eq!(got, status, "{path} {shown}: {json}");
        assert_eq!(json["field"].as_str(), field, "{path} {shown}: {json}");
        assert!(json["error"].as_str().is_some_and(|m| !m.is_empty()), "{json}");
    }
    let (status, json) = api(&app, "pd_wrong", "/api/v1/signups", &json!({"customer_key": "c"})).await;
    assert_eq!((status, json["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    assert_eq!(app.count("customers") + app.count("transactions"), 0, "no failed call wrote anything");
}

#[tokio::test]
async fn the_window_another_vendors_click_a_removed_partner_and_self_referral_leave_the_customer_uncredited() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let signup = |customer: &str, click_id: &str| json!({"customer_key": customer, "click_id": click_id});
    let old = click(&app, &format!("/go/acme/{code}")).await;
    let recent = click(&app, &format!("/go/acme/{code}")).await;
    app.count_eventually("clicks", 2).await;
    app.execute(&format!("UPDATE clicks SET clicked_at = now() - interval '91 days' WHERE public_id = '{old}'"));
    app.execute(&format!("UPDATE clicks SET clicked_at = now() - interval '89 days' WHERE public_id = '{recent}'"));

    let (_, outside) = api(&app, &key, "/api/v1/signups", &signup("c-old", &old)).await;
    assert_eq!(outside["attributed"], false);
    assert!(outside["reason"].as_str().unwrap().contains("outside the 90-day"), "{outside}");
    let (_, inside) = api(&app, &key, "/api/v1/signups", &signup("c-recent", &recent)).await;
    assert_eq!(inside["attributed"], true, "{inside}");

    let mut own = signup("c-self", &recent);
    own["email"] = json!("PAT@example.com");
    let (_, flagged) = api(&app, &key, "/api/v1/signups", &own).await;
    assert_eq!((flagged["attributed"].as_bool(), flagged["self_referral"].as_bool()), (Some(false), Some(true)));

    // Another vendor's API key cannot use Acme's click.
    let other = app.new_agent();
    other.sign_up_vendor("Globex", "owner@globex.example").await;
    let globex_key = other.post_page("/vendor/globex/api-keys", &[("name", "Site")]).await.text("#secret");
    let (_, foreign) = api(&app, &globex_key, "/api/v1/signups", &signup("c-foreign", &recent)).await;
    assert_eq!(foreign["attributed"], false);
    assert!(foreign["reason"].as_str().unwrap().contains("another program"), "{foreign}");

    let id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"));
    app.post("/vendor/acme/partners/remove", &[("ids", id.as_str())]).await;
    let (_, removed) = api(&app, &key, "/api/v1/signups", &signup("c-removed", &recent)).await;
    assert_eq!(removed["attributed"], false);
    assert!(removed["reason"].as_str().unwrap().contains("no longer an active partner"), "{removed}");
}

#[tokio::test]
async fn twenty_identical_requests_in_parallel_store_one_customer_and_one_sale() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let signup = json!({"customer_key": "cus_race", "partner_code": code});
    let sale = json!({"customer_key": "cus_race", "sale_key": "race", "amount_cents": 100, "currency": "USD"});

    let signups = futures_util::future::join_all((0..20).map(|_| api(&app, &key, "/api/v1/signups", &signup))).await;
    let sales = futures_util::future::join_all((0..20).map(|_| api(&app, &key, "/api/v1/sales", &sale))).await;

    for (name, answers) in [("signups", signups), ("sales", sales)] {
        let created = answers.iter().filter(|(status, _)| *status == StatusCode::CREATED).count();
        let repeated = answers.iter().filter(|(status, _)| *status == StatusCode::OK).count();
        assert_eq!((created, repeated), (1, 19), "{name}: {answers:?}");
    }
    assert_eq!((app.count("customers"), app.count("transactions")), (1, 1));
}

#[tokio::test]
async fn the_vendor_sets_the_currency_and_window_and_bad_values_are_kept_with_a_message() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let base = [("name", "Acme"), ("website", "acme.example"), ("terms_url", "")];

    let refused = app
        .post_page(
            "/vendor/acme/settings",
            &[&base[..], &[("currency", "dollars"), ("attribution_window_days", "400")]].concat(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("currency").is_some());
    assert!(refused.field_error("attribution_window_days").unwrap().contains("1 to 365"));
    assert_eq!(refused.field_value("attribution_window_days").as_deref(), Some("400"));

    app.post("/vendor/acme/settings", &[&base[..], &[("currency", "eur"), ("attribution_window_days", "30")]].concat())
        .await;
    let saved = app.page("/vendor/acme/settings").await;
    assert_eq!(saved.field_value("currency").as_deref(), Some("EUR"));
    assert_eq!(app.count("vendors WHERE currency = 'EUR' AND attribution_window_days = 30"), 1);
}

#[tokio::test]
async fn the_customers_page_shows_each_attribution_and_an_unattributed_customer_can_be_assigned_by_hand() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let click_id = click(&app, &format!("/go/acme/{code}")).await;
    api(
        &app,
        &key,
        "/api/v1/signups",
        &json!({"customer_key": "cus_clicked", "email": "a@shop.example", "click_id": click_id}),
    )
    .await;
    api(
        &app,
        &key,
        "/api/v1/sales",
        &json!({"customer_key": "cus_clicked", "sale_key": "o1", "amount_cents": 2500, "currency": "USD"}),
    )
    .await;
    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "o1", "amount_cents": 500})).await;
    let euros = json!({"customer_key": "cus_clicked", "sale_key": "o2", "amount_cents": 300, "currency": "EUR"});
    api(&app, &key, "/api/v1/sales", &euros).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_alone"})).await;

    let list = app.page("/vendor/acme/customers").await;
    assert_eq!(list.text("#customer-count").split(' ').next(), Some("2"));
    let numbers = list.texts("tr[data-key=cus_clicked] td.num");
    assert_eq!(numbers.first().map(String::as_str), Some("2"), "both sales counted: {numbers:?}");
    assert!(list.text("tr[data-key=cus_clicked] td.net").starts_with("$20.00"), "net of the refund, in dollars");
    assert_eq!(list.text("tr[data-key=cus_clicked] .other-currency"), "+ €3.00", "euros beside, not converted");
    assert_eq!(list.texts("tr[data-key=cus_alone] td.num").first().map(String::as_str), Some("0"));
    assert!(list.text("tr[data-key=cus_clicked] .partner").contains("Pat"));
    assert!(list.text("tr[data-key=cus_alone] .reason").contains("No click id"));
    let searched = app.page("/vendor/acme/customers?q=shop.example").await;
    assert_eq!(searched.texts("#customers tbody tr[data-key]").len(), 1);
    let unattributed = app.page("/vendor/acme/customers?attributed=unattributed").await;
    assert!(unattributed.has("tr[data-key=cus_alone]") && !unattributed.has("tr[data-key=cus_clicked]"));

    let clicked_id = app.id_for("SELECT id FROM customers WHERE external_id = 'cus_clicked'");
    let detail = app.page(&format!("/vendor/acme/customers/{clicked_id}")).await;
    assert!(detail.text("#attribution .click").contains(" on Default"), "{}", detail.text("#attribution"));
    assert_eq!(detail.text("tr[data-key=o1] .refunded"), "$5.00");
    assert!(!detail.has("#assign"), "a credited customer is not reassigned by hand");

    let alone_id = app.id_for("SELECT id FROM customers WHERE external_id = 'cus_alone'");
    let assign = format!("/vendor/acme/customers/{alone_id}/assign");
    let refused = app.post_page(&assign, &[("partner_code", "nobody")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.field_value("partner_code").as_deref(), Some("nobody"));
    assert!(refused.field_error("partner_code").is_some());
    app.post(&assign, &[("partner_code", code.as_str())]).await;
    assert_eq!(app.count("customers WHERE external_id = 'cus_alone' AND attribution = 'manual'"), 1);
    let partner_id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"));
    let partner_page = app.page(&format!("/vendor/acme/partners/{partner_id}")).await;
    assert!(partner_page.texts("#activity .what").iter().any(|what| what.contains("customer cus_alone")));
    assert_eq!(partner_page.text("#results .signups"), "2");
    let revenue = partner_page.text("#results .revenue");
    assert!(revenue.starts_with("$20.00") && revenue.contains("€3.00"), "net of the refund, euros apart: {revenue}");

    let other = app.new_agent();
    other.sign_up_vendor("Globex", "owner@globex.example").await;
    other.page_with_status(&format!("/vendor/globex/customers/{alone_id}"), StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_partners_overview_shows_a_period_against_the_one_before_with_charts_links_and_commissions() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    crate::rewards::create_offer(&app, "Default", &[]).await;
    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "Site")]).await.text("#secret");
    let click_id = click(&app, &format!("/go/acme/{code}")).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "click_id": click_id})).await;
    api(
        &app,
        &key,
        "/api/v1/sales",
        &json!({"customer_key": "c1", "sale_key": "s1", "amount_cents": 4900, "currency": "USD"}),
    )
    .await;
    api(
        &app,
        &key,
        "/api/v1/sales",
        &json!({"customer_key": "c1", "sale_key": "s2", "amount_cents": 1000, "currency": "GBP"}),
    )
    .await;
    app.count_eventually("click_rollups WHERE clicks = 1", 1).await;

    let overview = pat.page("/partner/acme").await;

    assert_eq!(overview.text("#overview .clicks"), "1");
    assert_eq!(overview.text("#overview .signups"), "1");
    assert_eq!(overview.text("#overview .revenue"), "$49.00+ £10.00");
    assert_eq!(overview.texts("#chart-signups rect.bar title").len(), 30);
    assert!(overview.texts("#chart-revenue rect.bar title").last().unwrap().ends_with(": $49.00"), "today's bar");
    assert!(overview.attr("#chart-clicks svg", "aria-label").unwrap().starts_with("Clicks per day"));
    assert!(overview.text("#measure-clicks .measure-change").starts_with("new"), "no clicks the 30 days before");
    assert_eq!(overview.text("nav.tabs a.active"), "Last 30 days");
    assert_eq!(overview.text("#top-links tr[data-code=acme] .clicks"), "1");
    assert_eq!(overview.texts("#latest-commissions tbody .amount"), vec!["£2.00", "$9.80"], "newest first");

    // One click 40 days ago: in the 30 days before, and in the last 90.
    app.execute(&format!(
        "INSERT INTO clicks (link_id, partnership_id, clicked_at, visitor_hash, is_bot, public_id, is_unique)
         SELECT l.id, p.id, now() - interval '40 days', 'old-visitor', false, 'old-click', true
         FROM links l, partnerships p WHERE l.code = 'acme' AND p.code = '{code}'"
    ));
    let compared = pat.page("/partner/acme").await;
    assert!(compared.text("#measure-clicks .measure-change").starts_with("no change"), "1 against 1");
    let quarter = pat.page("/partner/acme?period=90").await;
    assert_eq!(quarter.text("nav.tabs a.active"), "Last 90 days");
    assert_eq!(quarter.text("#overview .clicks"), "2");
    assert_eq!(quarter.texts("#chart-clicks rect.bar title").len(), 90);
    let odd = pat.page("/partner/acme?period=banana").await;
    assert_eq!(odd.text("nav.tabs a.active"), "Last 30 days", "an unknown period is 30 days");
}

#[tokio::test]
async fn a_customer_credited_later_earns_for_the_sales_it_already_had_by_api_or_by_hand() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    crate::rewards::create_offer(&app, "Default", &[]).await;
    let sale = |customer: &str, key: &str, cents: i64| json!({"customer_key": customer, "sale_key": key, "amount_cents": cents, "currency": "USD"});
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_late"})).await;
    api(&app, &key, "/api/v1/sales", &sale("cus_late", "s1", 2500)).await;
    assert_eq!(app.count("commissions"), 0, "nobody to credit yet");
    let mut credited = sale("cus_late", "s2", 2500);
    credited["partner_code"] = json!(code);
    let (status, body) = api(&app, &key, "/api/v1/sales", &credited).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["partner_code"], code.as_str());
    assert_eq!(app.count("commissions WHERE amount_cents = 500"), 2, "the earlier sale earns too");
    assert_eq!(app.count("commission_history WHERE note LIKE 'Earned later: the customer was first reported%'"), 1);
    let (_, customer) = get(&app, &key, "/api/v1/customers/cus_late").await;
    assert!(customer["reason"].as_str().unwrap().starts_with("Credited later:"), "{customer}");

    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_hand"})).await;
    api(&app, &key, "/api/v1/sales", &sale("cus_hand", "s3", 1000)).await;
    let id = app.id_for("SELECT id FROM customers WHERE external_id = 'cus_hand'");
    let assigned = app.post(&format!("/vendor/acme/customers/{id}/assign"), &[("partner_code", code.as_str())]).await;
    assert_eq!(assigned.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("commissions WHERE amount_cents = 200"), 1, "a customer assigned by hand earns for its sale");
    assert_eq!(app.count("commission_history WHERE note LIKE 'Earned later: assigned by hand to%'"), 1);
}
