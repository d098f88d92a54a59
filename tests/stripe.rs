//! Stripe's webhook, signed as Stripe signs it, with Stripe's documented
//! event shapes; the Integration page that connects it; `/pd.js`.

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::conversions::{acme_with_pat, api, click};
use crate::helpers::TestApp;

const SECRET: &str = "whsec_partnerdesk_test_0123456789";

fn signature(body: &str, secret: &str, timestamp: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

async fn deliver(app: &TestApp, vendor: &str, body: &str, header: Option<String>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .post(app.url(&format!("/webhooks/stripe/{vendor}")))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(header) = header {
        request = request.header("stripe-signature", header);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null))
}

async fn signed(app: &TestApp, event: &Value) -> (StatusCode, Value) {
    let body = event.to_string();
    let header = signature(&body, SECRET, chrono::Utc::now().timestamp());
    deliver(app, "acme", &body, Some(header)).await
}

fn event(id: &str, kind: &str, object: Value) -> Value {
    json!({"id": id, "object": "event", "type": kind, "created": chrono::Utc::now().timestamp(),
           "livemode": false, "data": {"object": object}})
}

async fn connect_stripe(app: &TestApp) {
    let response = app.post("/vendor/acme/integration/stripe", &[("signing_secret", SECRET)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn checkout_invoices_and_refunds_from_stripe_credit_the_partner_once_each() {
    let app = TestApp::spawn().await;
    let (code, _) = acme_with_pat(&app).await;
    connect_stripe(&app).await;
    let click_id = click(&app, &format!("/go/acme/{code}")).await;
    let checkout = event(
        "evt_checkout",
        "checkout.session.completed",
        json!({"id": "cs_test_1", "object": "checkout.session", "mode": "payment", "customer": "cus_A",
               "client_reference_id": click_id, "amount_total": 9900, "currency": "usd",
               "payment_intent": "pi_1", "customer_details": {"email": "buyer@shop.example", "name": "Buyer"}}),
    );

    let (status, body) = signed(&app, &checkout).await;
    assert_eq!((status, body["already_handled"].as_bool()), (StatusCode::OK, Some(false)), "{body}");
    let (status, body) = signed(&app, &checkout).await;
    assert_eq!((status, body["already_handled"].as_bool()), (StatusCode::OK, Some(true)), "a redelivery");
    assert_eq!(app.count("customers WHERE external_id = 'cus_A' AND attribution = 'click'"), 1);
    assert_eq!(
        app.count("transactions WHERE sale_key = 'pi_1' AND amount_cents = 9900 AND partnership_id IS NOT NULL"),
        1
    );

    let renewal = event(
        "evt_invoice",
        "invoice.paid",
        json!({"id": "in_2", "object": "invoice", "customer": "cus_A", "amount_paid": 2900, "currency": "usd",
               "payment_intent": "pi_2", "status_transitions": {"paid_at": chrono::Utc::now().timestamp()}}),
    );
    assert_eq!(signed(&app, &renewal).await.0, StatusCode::OK);
    assert_eq!(app.count("transactions WHERE customer_id = (SELECT id FROM customers WHERE external_id = 'cus_A')"), 2);

    let refund = event(
        "evt_refund",
        "charge.refunded",
        json!({"id": "ch_1", "object": "charge", "payment_intent": "pi_1", "amount": 9900, "amount_refunded": 1900}),
    );
    assert_eq!(signed(&app, &refund).await.0, StatusCode::OK);
    assert_eq!(app.count("transactions WHERE sale_key = 'pi_1' AND refunded_cents = 1900"), 1);
    let ignored = event("evt_other", "customer.updated", json!({"id": "cus_A", "object": "customer"}));
    assert_eq!(signed(&app, &ignored).await.0, StatusCode::OK);
    assert_eq!(app.count("refunds"), 1);
}

#[tokio::test]
async fn a_wrong_secret_a_stale_timestamp_a_tampered_body_or_no_signature_is_refused() {
    let app = TestApp::spawn().await;
    acme_with_pat(&app).await;
    let body = event(
        "evt_1",
        "invoice.paid",
        json!({"id": "in_1", "customer": "cus_B", "amount_paid": 500, "currency": "usd"}),
    )
    .to_string();
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        deliver(&app, "acme", &body, Some(signature(&body, SECRET, now))).await.0,
        StatusCode::BAD_REQUEST,
        "not connected yet"
    );
    connect_stripe(&app).await;

    let tampered = body.replace("500", "50000");
    let cases = [
        (body.as_str(), Some(signature(&body, "whsec_someone_else_123", now)), "wrong secret"),
        (body.as_str(), Some(signature(&body, SECRET, now - 301)), "stale"),
        (tampered.as_str(), Some(signature(&body, SECRET, now)), "tampered"),
        (body.as_str(), None, "no header"),
        (body.as_str(), Some("t=abc,v1=zz".to_string()), "malformed"),
    ];
    for (sent, header, case) in cases {
        let (status, json) = deliver(&app, "acme", sent, header).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {json}");
        assert!(json["error"].as_str().is_some_and(|m| !m.is_empty()), "{case}");
    }
    assert_eq!(app.count("customers") + app.count("stripe_events"), 0, "nothing recorded");
    assert_eq!(deliver(&app, "nobody", &body, Some(signature(&body, SECRET, now))).await.0, StatusCode::NOT_FOUND);
    assert_eq!(deliver(&app, "acme", &body, Some(signature(&body, SECRET, now))).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_integration_page_shows_the_snippet_and_examples_and_keeps_the_secret_sealed() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;

    let page = app.page("/vendor/acme/integration").await;
    assert!(page.text("#snippet-code").contains("/pd.js\" data-window-days=\"90\""), "{}", page.text("#snippet-code"));
    for example in ["#example-curl", "#example-js", "#example-python"] {
        assert!(page.text(example).contains("/api/v1/"), "{example}");
        assert!(page.text(example).contains("pd_YOUR_KEY"), "{example}");
    }
    assert!(page.text("#webhook-url").ends_with("/webhooks/stripe/acme"));
    assert!(page.text("#stripe-status").contains("Not connected"));

    let refused = app.post_page("/vendor/acme/integration/stripe", &[("signing_secret", "sk_live_oops")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("signing_secret").unwrap().contains("whsec_"));
    assert_eq!(refused.field_value("signing_secret").as_deref(), Some("sk_live_oops"));

    connect_stripe(&app).await;
    assert!(app.page("/vendor/acme/integration").await.text("#stripe-status").contains("Connected"));
    assert_eq!(app.count("vendors WHERE stripe_secret_sealed IS NOT NULL"), 1);
    assert_eq!(
        app.count("vendors WHERE position(convert_to('whsec_', 'UTF8') IN stripe_secret_sealed) > 0"),
        0,
        "stored sealed, never in plain text"
    );
    app.post("/vendor/acme/integration/stripe", &[("disconnect", "1")]).await;
    assert_eq!(app.count("vendors WHERE stripe_secret_sealed IS NOT NULL"), 0);
}

#[tokio::test]
async fn pd_js_is_small_cached_and_keeps_the_click_id() {
    let app = TestApp::spawn().await;
    let response = app.get("/pd.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/javascript"));
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age="));
    let script = response.text().await.unwrap();
    assert!(script.len() < 2048, "{} bytes", script.len());
    assert!(script.contains("pd_click") && script.contains("clickId"));
}

#[tokio::test]
async fn a_signup_reported_through_the_api_and_a_checkout_from_stripe_meet_on_one_customer() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    connect_stripe(&app).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_C", "partner_code": code})).await;
    let renewal = event(
        "evt_c",
        "invoice.paid",
        json!({"id": "in_c", "customer": "cus_C", "amount_paid": 1500, "currency": "eur"}),
    );
    assert_eq!(signed(&app, &renewal).await.0, StatusCode::OK);
    assert_eq!(app.count("transactions WHERE currency = 'EUR' AND partnership_id IS NOT NULL"), 1);
}
