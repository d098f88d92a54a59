//! Money in currencies with 0, 2 and 3 decimals (ISO 4217's exponent)
//! round trips through the offer form, the pages, the CSV downloads and the
//! API: an amount is always an integer of the currency's minor unit.

use reqwest::StatusCode;
use serde_json::json;

use crate::conversions::{acme_with_pat, api};
use crate::exports::csv_rows;
use crate::helpers::TestApp;
use crate::rewards::create_offer;

/// One currency's case: what is typed and what every place shows.
struct Case {
    code: &'static str,
    /// A fixed reward as typed, its minor units, and the form's figure.
    typed_reward: &'static str,
    reward: i64,
    reward_in_form: &'static str,
    /// A reward with one decimal too many, refused.
    too_precise: &'static str,
    /// A sale in minor units, shown on a page and written to a CSV.
    sale: i64,
    sale_shown: &'static str,
    sale_in_csv: &'static str,
    reward_shown: &'static str,
    reward_in_csv: &'static str,
}

const CASES: [Case; 3] = [
    Case {
        code: "JPY",
        typed_reward: "¥500",
        reward: 500,
        reward_in_form: "500",
        too_precise: "500.5",
        sale: 1000,
        sale_shown: "¥1,000",
        sale_in_csv: "1000",
        reward_shown: "¥500",
        reward_in_csv: "500",
    },
    Case {
        code: "USD",
        typed_reward: "5",
        reward: 500,
        reward_in_form: "5.00",
        too_precise: "5.001",
        sale: 4900,
        sale_shown: "$49.00",
        sale_in_csv: "49.00",
        reward_shown: "$5.00",
        reward_in_csv: "5.00",
    },
    Case {
        code: "KWD",
        typed_reward: "2.5",
        reward: 2500,
        reward_in_form: "2.500",
        too_precise: "2.4681",
        sale: 2468,
        sale_shown: "2.468 KWD",
        sale_in_csv: "2.468",
        reward_shown: "2.500 KWD",
        reward_in_csv: "2.500",
    },
];

#[tokio::test]
async fn zero_two_and_three_decimal_currencies_round_trip_through_forms_pages_csvs_and_the_api() {
    for case in CASES {
        let app = TestApp::spawn().await;
        let (code, key) = acme_with_pat(&app).await;
        let settings =
            [("name", "Acme"), ("website", "acme.example"), ("terms_url", ""), ("attribution_window_days", "90")];
        let saved = app.post("/vendor/acme/settings", &[&settings[..], &[("currency", case.code)]].concat()).await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", case.code);

        let offers = format!("/vendor/acme/groups/{}/offers", app.group_id("acme", "Default"));
        let fixed = |amount: &'static str| {
            vec![
                ("name", "Per sale"),
                ("trigger", "every_sale"),
                ("reward_kind", "fixed"),
                ("reward_amount", amount),
                ("hold_days", "0"),
            ]
        };
        let refused = app.post_page(&offers, &fixed(case.too_precise)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", case.code);
        assert!(refused.field_error("reward_amount").is_some(), "{}", case.code);
        assert_eq!(refused.field_value("reward_amount").as_deref(), Some(case.too_precise), "kept as typed");
        create_offer(&app, "Default", &fixed(case.typed_reward)).await;
        assert_eq!(app.count(&format!("offers WHERE reward_cents = {}", case.reward)), 1, "{}", case.code);
        let offer = app.id_for("SELECT id FROM offers");
        let edit = app.page(&format!("{offers}/{offer}/edit")).await;
        assert_eq!(edit.field_value("reward_amount").as_deref(), Some(case.reward_in_form), "{}", case.code);

        api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
        let sale = json!({"customer_key": "c1", "sale_key": "s1", "amount_cents": case.sale, "currency": case.code});
        let (status, body) = api(&app, &key, "/api/v1/sales", &sale).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!((body["amount_cents"].as_i64(), body["currency"].as_str()), (Some(case.sale), Some(case.code)));
        assert_eq!(body["commissions"][0]["amount_cents"].as_i64(), Some(case.reward));

        let customers = app.page("/vendor/acme/customers").await;
        assert!(
            customers.text("tr[data-key=c1] td.net").starts_with(case.sale_shown),
            "{}",
            customers.text("tr[data-key=c1] td.net")
        );
        let rows = csv_rows(&app, "/vendor/acme/customers.csv").await;
        let net = rows[0].iter().position(|h| h == "net_revenue").unwrap();
        assert_eq!(rows[1][net], case.sale_in_csv, "{}", case.code);

        let partner = app.new_agent();
        partner.log_in("pat@example.com", crate::helpers::app::PASSWORD).await;
        let earnings = partner.page("/partner/acme/earnings").await;
        assert_eq!(earnings.text("#totals .approved"), case.reward_shown, "{}", case.code);

        app.post("/vendor/acme/payouts", &[]).await;
        let batch = app.text_for("SELECT batch AS value FROM payouts");
        let payout = csv_rows(&app, &format!("/vendor/acme/payouts/{batch}/csv")).await;
        assert_eq!(payout[1][2..4], [case.reward_in_csv.to_string(), case.code.to_string()], "for mass payment");
    }
}

#[tokio::test]
async fn the_api_refuses_codes_that_are_not_iso_4217_and_amounts_past_a_trillion() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    for (currency, cents, field) in
        [("ABC", 100, "currency"), ("XAU", 100, "currency"), ("USD", 1_000_000_000_001_i64, "amount_cents")]
    {
        let sale = json!({"customer_key": "c1", "sale_key": "s", "amount_cents": cents, "currency": currency});
        let (status, body) = api(&app, &key, "/api/v1/sales", &sale).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)), "{body}");
    }
    let biggest =
        json!({"customer_key": "c1", "sale_key": "big", "amount_cents": 1_000_000_000_000_i64, "currency": "USD"});
    assert_eq!(api(&app, &key, "/api/v1/sales", &biggest).await.0, StatusCode::CREATED);
    let next = json!({"customer_key": "c1", "sale_key": "next", "amount_cents": 500, "currency": "USD"});
    assert_eq!(
        api(&app, &key, "/api/v1/sales", &next).await.0,
        StatusCode::CREATED,
        "sums of the largest stay in range"
    );
}
