//! Stripe's webhook with the events Stripe sends in both API generations,
//! signed as Stripe signs them (`fixtures`), delivered in any order and
//! repeated (`order`); the Integration page that connects it; `/pd.js`.

mod fixtures;
mod order;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::conversions::{acme_with_pat, api, click};
use crate::helpers::TestApp;
use crate::rewards::create_offer;
use fixtures::{Charge, Checkout, Invoice, Version, event, invoice_payment, sign};

pub const SECRET: &str = "whsec_partnerdesk_test_0123456789";

async fn deliver(app: &TestApp, vendor: &str, body: &str, header: Option<String>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .post(app.url(&format!("/webhooks/stripe/{vendor}")))
        .header("content-type", "application/json; charset=utf-8")
        .header("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
        .body(body.to_string());
    if let Some(header) = header {
        request = request.header("stripe-signature", header);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null))
}

/// Delivers `event` to acme's endpoint, signed now.
pub async fn send(app: &TestApp, event: &Value) -> (StatusCode, Value) {
    let body = event.to_string();
    let header = sign(&body, SECRET, chrono::Utc::now().timestamp());
    let (status, answer) = deliver(app, "acme", &body, Some(header)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    (status, answer)
}

pub async fn connect_stripe(app: &TestApp, mode: &str) {
    let response = app.post("/vendor/acme/integration/stripe", &[("signing_secret", SECRET), ("mode", mode)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// Acme with Pat, 20% of every sale (on offer since yesterday), Stripe
/// connected live; Pat's click id.
pub async fn acme_on_stripe(app: &TestApp) -> String {
    let (code, _) = acme_with_pat(app).await;
    create_offer(app, "Default", &[]).await;
    offered_since_yesterday(app);
    connect_stripe(app, "live").await;
    let click_id = click(app, &format!("/go/acme/{code}")).await;
    // A checkout is paid minutes after its click: the click is stored by then.
    app.count_eventually("clicks", 1).await;
    click_id
}

/// A sale earns from the offers live at its time: the fixtures' sales
/// happened minutes ago.
pub fn offered_since_yesterday(app: &TestApp) {
    app.execute("UPDATE offers SET created_at = now() - interval '1 day'");
}

fn subscription_checkout<'a>(customer: &'a str, click: &str, invoice: &'a str, subscription: &'a str) -> Checkout<'a> {
    Checkout {
        subscription: Some(subscription),
        invoice: Some(invoice),
        metadata: json!({ "pd_click": click }),
        ..Checkout::paid("cs_sub", customer, "subscription")
    }
}

fn monthly<'a>(
    id: &'a str,
    customer: &'a str,
    subscription: &'a str,
    paid_by: (&'a str, &'a str),
    paid_at: i64,
) -> Invoice<'a> {
    Invoice {
        id,
        customer,
        amount_paid: 2900,
        currency: "usd",
        subscription,
        payment_intent: paid_by.0,
        charge: paid_by.1,
        subscription_metadata: json!({}),
        billing_reason: "subscription_cycle",
        product: "prod_pro",
        paid_at,
        live: true,
    }
}

fn payment_checkout<'a>(id: &'a str, customer: &'a str, payment_intent: &'a str, status: &'a str) -> Checkout<'a> {
    Checkout {
        payment_status: status,
        amount: 4900,
        payment_intent: Some(payment_intent),
        ..Checkout::paid(id, customer, "payment")
    }
}

#[tokio::test]
async fn every_api_generation_credits_a_subscription_and_refunds_the_charge_that_paid_its_invoice() {
    let app = TestApp::spawn().await;
    let click_id = acme_on_stripe(&app).await;
    let now = chrono::Utc::now().timestamp();
    for version in Version::ALL {
        let v = version.api_version().replace(['-', '.'], "_");
        let (customer, sub) = (format!("cus_{v}"), format!("sub_{v}"));
        let (first, renewal) = (format!("in_1_{v}"), format!("in_2_{v}"));
        let (intent, charge) = (format!("pi_1_{v}"), format!("ch_1_{v}"));
        let checkout = subscription_checkout(&customer, &click_id, &first, &sub);
        send(
            &app,
            &event(version, &format!("evt_cs_{v}"), "checkout.session.completed", checkout.object(version), None, true),
        )
        .await;
        let paid = monthly(&first, &customer, &sub, (&intent, &charge), now - 600);
        send(
            &app,
            &event(
                version,
                &format!("evt_in1_{v}"),
                "invoice.paid",
                paid.object(version),
                Some(Invoice::previous()),
                true,
            ),
        )
        .await;
        if version.modern() {
            let link = invoice_payment(&format!("inpay_{v}"), &first, &intent, 2900, "usd", true);
            send(&app, &event(version, &format!("evt_ip_{v}"), "invoice_payment.paid", link, None, true)).await;
        }
        let next = monthly(&renewal, &customer, &sub, ("pi_2", "ch_2"), now - 300);
        send(
            &app,
            &event(
                version,
                &format!("evt_in2_{v}"),
                "invoice.paid",
                next.object(version),
                Some(Invoice::previous()),
                true,
            ),
        )
        .await;
        let refunded = Charge {
            id: &charge,
            payment_intent: &intent,
            invoice: Some(&first),
            customer: Some(&customer),
            amount: 2900,
            amount_refunded: 900,
            currency: "usd",
            live: true,
        };
        let (_, answer) = send(
            &app,
            &event(
                version,
                &format!("evt_ch_{v}"),
                "charge.refunded",
                refunded.object(version),
                Some(Charge::previous(0)),
                true,
            ),
        )
        .await;
        assert!(
            answer["note"].as_str().unwrap().contains(&format!("$9.00 of sale {first} refunded")),
            "{version:?}: {answer}"
        );

        let customer_row = format!(
            "customers WHERE external_id = '{customer}' AND attribution = 'click' AND partnership_id IS NOT NULL"
        );
        assert_eq!(app.count(&customer_row), 1, "{version:?}: credited by the click in the checkout's metadata");
        assert_eq!(
            app.count(&format!("transactions WHERE sale_key = '{first}' AND refunded_cents = 900")),
            1,
            "{version:?}"
        );
        assert_eq!(
            app.count(&format!("transactions WHERE sale_key = '{renewal}' AND refunded_cents = 0")),
            1,
            "{version:?}"
        );
        let earned = |key: &str| {
            app.text_for(&format!(
            "SELECT amount_cents::text AS value FROM commissions WHERE transaction_id = (SELECT id FROM transactions WHERE sale_key = '{key}')"
        ))
        };
        assert_eq!(earned(&first), "400", "{version:?}: 20% of $29.00 less 20% of the $9.00 refunded");
        assert_eq!(earned(&renewal), "580", "{version:?}");
        assert_eq!(
            app.count(&format!("transactions WHERE sale_key = '{first}' AND product = 'prod_pro'")),
            1,
            "{version:?}"
        );
    }
    assert_eq!(app.count("stripe_events WHERE outcome = 'recorded'"), 14);
}

#[tokio::test]
async fn an_invoice_paid_before_its_checkout_is_credited_when_the_checkout_brings_the_click() {
    let app = TestApp::spawn().await;
    let click_id = acme_on_stripe(&app).await;
    let version = Version::Dahlia;
    let now = chrono::Utc::now().timestamp();
    let paid = monthly("in_early", "cus_early", "sub_early", ("", ""), now - 600);
    let (_, answer) = send(&app, &event(version, "evt_in", "invoice.paid", paid.object(version), None, true)).await;
    assert!(answer["note"].as_str().unwrap().contains("not credited"), "{answer}");
    assert_eq!(app.count("commissions"), 0);

    let checkout = subscription_checkout("cus_early", &click_id, "in_early", "sub_early");
    let (_, answer) =
        send(&app, &event(version, "evt_cs", "checkout.session.completed", checkout.object(version), None, true)).await;
    assert!(answer["note"].as_str().unwrap().contains("(credited)"), "{answer}");
    assert_eq!(app.count("customers WHERE external_id = 'cus_early' AND attribution = 'click'"), 1);
    let reason = app.text_for("SELECT reason AS value FROM customers WHERE external_id = 'cus_early'");
    assert!(reason.starts_with("Credited later:"), "{reason}");
    assert_eq!(app.count("transactions WHERE sale_key = 'in_early' AND partnership_id IS NOT NULL"), 1);
    assert_eq!(app.count("commissions WHERE amount_cents = 580"), 1, "the sale already recorded earns its 20%");
    let history = app.text_for("SELECT note AS value FROM commission_history ORDER BY id LIMIT 1");
    assert!(history.starts_with("Earned later: the customer was first reported without"), "{history}");

    let renewal = monthly("in_next", "cus_early", "sub_early", ("", ""), now - 60);
    send(&app, &event(version, "evt_in2", "invoice.paid", renewal.object(version), None, true)).await;
    assert_eq!(app.count("commissions WHERE amount_cents = 580"), 2, "renewals follow the customer's partner");

    let partner = app.new_agent();
    partner.log_in("pat@example.com", crate::helpers::app::PASSWORD).await;
    let id = app.id_for("SELECT min(id) AS id FROM commissions");
    let receipt = partner.page(&format!("/partner/acme/earnings/{id}")).await;
    assert!(receipt.text("#history").contains("Earned later"), "{}", receipt.text("#history"));
}

#[tokio::test]
async fn a_refund_before_its_sale_waits_and_is_applied_when_the_sale_arrives() {
    let app = TestApp::spawn().await;
    acme_on_stripe(&app).await;
    let version = Version::Basil;
    let refund = Charge {
        id: "ch_9",
        payment_intent: "pi_9",
        invoice: None,
        customer: Some("cus_9"),
        amount: 4900,
        amount_refunded: 4900,
        currency: "usd",
        live: true,
    };
    let (_, answer) = send(
        &app,
        &event(version, "evt_r", "charge.refunded", refund.object(version), Some(Charge::previous(0)), true),
    )
    .await;
    assert!(answer["note"].as_str().unwrap().contains("waits"), "{answer}");
    assert_eq!(answer["outcome"], "recorded");
    let page = app.page("/vendor/acme/integration").await;
    assert!(page.text("#waiting-refunds").starts_with("1 refunded charge"), "{}", page.text("#waiting-refunds"));

    let mut checkout = payment_checkout("cs_9", "cus_9", "pi_9", "paid");
    checkout.metadata = json!({"pd_partner": app.text_for("SELECT code AS value FROM partnerships LIMIT 1")});
    send(&app, &event(version, "evt_c", "checkout.session.completed", checkout.object(version), None, true)).await;
    assert_eq!(app.count("transactions WHERE sale_key = 'pi_9' AND refunded_cents = 4900"), 1);
    assert_eq!(app.count("commissions WHERE status = 'rejected' AND amount_cents = 0"), 1, "nothing left to earn");
    assert!(!app.page("/vendor/acme/integration").await.has("#waiting-refunds"));
}

#[tokio::test]
async fn a_delayed_payment_is_a_sale_only_once_it_succeeds() {
    let app = TestApp::spawn().await;
    let click_id = acme_on_stripe(&app).await;
    let version = Version::V2024_06_20;
    let mut pending = payment_checkout("cs_sepa", "cus_sepa", "pi_sepa", "unpaid");
    pending.metadata = json!({ "pd_click": click_id });
    let (_, answer) =
        send(&app, &event(version, "evt_1", "checkout.session.completed", pending.object(version), None, true)).await;
    assert!(answer["note"].as_str().unwrap().contains("not complete yet"), "{answer}");
    assert_eq!((app.count("customers WHERE external_id = 'cus_sepa'"), app.count("transactions")), (1, 0));

    let mut succeeded = pending;
    succeeded.payment_status = "paid";
    let previous = json!({"payment_status": "unpaid"});
    let object = succeeded.object(version);
    send(
        &app,
        &event(version, "evt_2", "checkout.session.async_payment_succeeded", object, Some(previous.clone()), true),
    )
    .await;
    assert_eq!(app.count("transactions WHERE sale_key = 'pi_sepa' AND partnership_id IS NOT NULL"), 1);
    assert_eq!(app.count("commissions WHERE amount_cents = 980"), 1);

    let failing = payment_checkout("cs_ach", "cus_ach", "pi_ach", "unpaid");
    send(&app, &event(version, "evt_3", "checkout.session.completed", failing.object(version), None, true)).await;
    let (_, answer) = send(
        &app,
        &event(
            version,
            "evt_4",
            "checkout.session.async_payment_failed",
            failing.object(version),
            Some(previous),
            true,
        ),
    )
    .await;
    assert_eq!(answer["outcome"], "ignored");
    assert_eq!(app.count("transactions"), 1, "a failed delayed payment records no sale");
}

#[tokio::test]
async fn events_of_the_other_mode_are_answered_not_recorded_and_the_page_lists_what_each_did() {
    let app = TestApp::spawn().await;
    acme_on_stripe(&app).await;
    let version = Version::Dahlia;
    let mut test_checkout = payment_checkout("cs_t", "cus_t", "pi_t", "paid");
    test_checkout.live = false;
    let test_event =
        event(version, "evt_test", "checkout.session.completed", test_checkout.object(version), None, false);
    let (_, answer) = send(&app, &test_event).await;
    assert_eq!((answer["outcome"].as_str(), answer["already_handled"].as_bool()), (Some("ignored"), Some(false)));
    assert_eq!(app.count("customers") + app.count("transactions"), 0, "test mode is not real money");

    let live = payment_checkout("cs_l", "cus_l", "pi_l", "paid");
    send(&app, &event(version, "evt_live", "checkout.session.completed", live.object(version), None, true)).await;
    let (_, again) =
        send(&app, &event(version, "evt_live", "checkout.session.completed", live.object(version), None, true)).await;
    assert_eq!(again["already_handled"], true);
    send(
        &app,
        &event(version, "evt_other", "customer.updated", json!({"id": "cus_l", "object": "customer"}), None, true),
    )
    .await;

    let page = app.page("/vendor/acme/integration").await;
    assert!(page.text("#stripe-status").contains("live mode"), "{}", page.text("#stripe-status"));
    assert_eq!(
        page.attrs("#stripe-events [data-event]", "data-outcome"),
        ["ignored", "recorded", "ignored"],
        "newest first, each delivery once"
    );
    assert!(page.text("[data-event=evt_test]").contains("test · 2026-07-29.dahlia"));
    assert!(page.text("[data-event=evt_test]").contains("connected in live mode"));
    assert!(page.text("[data-event=evt_other]").contains("does not use this kind of event"));
    let listed = page.texts("#stripe-events-to-select li");
    assert_eq!(listed.len(), 6, "{listed:?}");
    assert!(listed.contains(&"invoice_payment.paid".to_string()) && listed.contains(&"charge.refunded".to_string()));

    connect_stripe(&app, "test").await;
    let (_, answer) = send(
        &app,
        &event(version, "evt_test2", "checkout.session.completed", test_checkout.object(version), None, false),
    )
    .await;
    assert_eq!(answer["outcome"], "recorded");
    assert_eq!(app.count("transactions WHERE sale_key = 'pi_t'"), 1);
    assert!(app.page("/vendor/acme/integration").await.text("#stripe-status").contains("test mode"));
}

#[tokio::test]
async fn a_wrong_secret_an_old_timestamp_a_tampered_body_or_no_signature_is_refused() {
    let app = TestApp::spawn().await;
    acme_with_pat(&app).await;
    let version = Version::Basil;
    let invoice = monthly("in_1", "cus_B", "sub_B", ("", ""), chrono::Utc::now().timestamp());
    let body = event(version, "evt_1", "invoice.paid", invoice.object(version), None, true).to_string();
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        deliver(&app, "acme", &body, Some(sign(&body, SECRET, now))).await.0,
        StatusCode::BAD_REQUEST,
        "not connected yet"
    );
    connect_stripe(&app, "live").await;

    let tampered = body.replace("2900", "290000");
    let cases = [
        (body.as_str(), Some(sign(&body, "whsec_someone_else_123", now)), "wrong secret"),
        (body.as_str(), Some(sign(&body, SECRET, now - 301)), "older than five minutes"),
        (tampered.as_str(), Some(sign(&body, SECRET, now)), "tampered"),
        (body.as_str(), None, "no header"),
        (body.as_str(), Some("t=abc,v1=zz".to_string()), "malformed"),
    ];
    for (sent, header, case) in cases {
        let (status, json) = deliver(&app, "acme", sent, header).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {json}");
        assert!(json["error"].as_str().is_some_and(|m| !m.is_empty()), "{case}");
    }
    assert_eq!(app.count("customers") + app.count("stripe_events"), 0, "nothing recorded");
    let (status, json) = deliver(&app, "nobody", &body, Some(sign(&body, SECRET, now))).await;
    assert_eq!((status, json["error"].is_string()), (StatusCode::NOT_FOUND, true), "answered in JSON");
    let ahead = deliver(&app, "acme", &body, Some(sign(&body, SECRET, now + 600))).await;
    assert_eq!(ahead.0, StatusCode::OK, "a timestamp ahead of our clock is accepted, as Stripe's libraries accept it");
    assert_eq!(app.count("transactions WHERE sale_key = 'in_1'"), 1);
}

#[tokio::test]
async fn a_nul_in_an_event_and_a_shops_own_client_reference_id_do_not_stop_it() {
    let app = TestApp::spawn().await;
    acme_on_stripe(&app).await;
    let version = Version::V2024_06_20;
    let mut checkout = payment_checkout("cs_n", "cus_n", "pi_n", "paid");
    checkout.client_reference_id = Some("user_123");
    let mut object = checkout.object(version);
    object["customer_details"]["name"] = json!("Jo\u{0000} Buyer");
    let (_, answer) = send(&app, &event(version, "evt_n", "checkout.session.completed", object, None, true)).await;
    assert_eq!(answer["outcome"], "recorded");
    assert_eq!(app.text_for("SELECT name AS value FROM customers WHERE external_id = 'cus_n'"), "Jo Buyer");
    let reason = app.text_for("SELECT reason AS value FROM customers WHERE external_id = 'cus_n'");
    assert_eq!(reason, "No click id or partner code was sent.", "the shop's own reference is not taken for a click id");
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

    let refused =
        app.post_page("/vendor/acme/integration/stripe", &[("signing_secret", "sk_live_oops"), ("mode", "test")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("signing_secret").unwrap().contains("whsec_"));
    assert_eq!(refused.field_value("signing_secret").as_deref(), Some("sk_live_oops"));
    assert_eq!(refused.attr("input[name=mode][checked]", "value").as_deref(), Some("test"), "the choice is kept");

    connect_stripe(&app, "live").await;
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
async fn a_vendor_who_has_not_confirmed_their_email_cannot_connect_stripe() {
    let app = TestApp::spawn().await;
    let response = app
        .post(
            "/signup/vendor",
            &[
                ("company_name", "Acme"),
                ("company_website", "https://example.com"),
                ("name", "Owner"),
                ("email", "owner@acme.example"),
                ("password", crate::helpers::app::PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let refused =
        app.post_page("/vendor/acme/integration/stripe", &[("signing_secret", SECRET), ("mode", "live")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.field_error("signing_secret").unwrap().starts_with("Confirm your email first"));
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
async fn a_signup_reported_through_the_api_and_an_invoice_from_stripe_meet_on_one_customer() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    connect_stripe(&app, "live").await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_C", "partner_code": code})).await;
    let mut renewal = monthly("in_c", "cus_C", "sub_C", ("pi_c", "ch_c"), chrono::Utc::now().timestamp());
    renewal.currency = "eur";
    send(&app, &event(Version::V2024_06_20, "evt_c", "invoice.paid", renewal.object(Version::V2024_06_20), None, true))
        .await;
    assert_eq!(app.count("transactions WHERE currency = 'EUR' AND partnership_id IS NOT NULL"), 1);
}
