//! Offers on the group's Offers tab and the commissions they earn.

use reqwest::StatusCode;
use serde_json::json;

use crate::conversions::{acme_with_pat, api};
use crate::helpers::TestApp;

fn offers_path(app: &TestApp, group: &str) -> String {
    format!("/vendor/acme/groups/{}/offers", app.group_id("acme", group))
}

/// Creates an offer through the form; `fields` override a 20%-of-every-sale offer.
pub async fn create_offer(app: &TestApp, group: &str, fields: &[(&str, &str)]) {
    let mut form: Vec<(&str, &str)> = vec![
        ("name", "Sales"),
        ("trigger", "every_sale"),
        ("within_months", "12"),
        ("reward_kind", "percent"),
        ("reward_percent", "20"),
        ("reward_amount", ""),
        ("hold_days", "30"),
    ];
    for (name, value) in fields {
        form.retain(|(n, _)| n != name);
        form.push((name, value));
    }
    let response = app.post(&offers_path(app, group), &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{fields:?}");
}

fn sale(customer: &str, key: &str, cents: i64) -> serde_json::Value {
    json!({"customer_key": customer, "sale_key": key, "amount_cents": cents, "currency": "USD"})
}

#[tokio::test]
async fn the_offers_tab_lists_offers_in_plain_words_and_refuses_bad_terms_under_the_field() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let path = offers_path(&app, "Default");
    let empty = app.page(&path).await;
    assert!(empty.has("#no-offers"));
    assert_eq!(empty.texts("nav.tabs a").first().map(String::as_str), Some("Offers"), "the first tab");

    for (fields, field) in [
        (vec![("reward_percent", "150")], "reward_percent"),
        (vec![("reward_kind", "fixed"), ("reward_amount", "0")], "reward_amount"),
        (vec![("reward_kind", "fixed"), ("reward_amount", "-5")], "reward_amount"),
        (vec![("hold_days", "-1")], "hold_days"),
        (vec![("max_per_customer", "abc")], "max_per_customer"),
        (vec![("trigger", "sales_within"), ("within_months", "0")], "within_months"),
    ] {
        let mut form = vec![
            ("name", "Bad"),
            ("trigger", "every_sale"),
            ("reward_kind", "percent"),
            ("reward_percent", "20"),
            ("hold_days", "30"),
        ];
        for (name, value) in &fields {
            form.retain(|(n, _)| n != name);
            form.push((name, value));
        }
        let page = app.post_page(&path, &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(page.field_error(field).is_some(), "{fields:?}");
        assert_eq!(page.field_value(field).as_deref(), Some(fields.last().unwrap().1), "what was typed is kept");
    }
    assert_eq!(app.count("offers"), 0);

    create_offer(&app, "Default", &[("trigger", "sales_within"), ("referral_percent", "10")]).await;
    let listed = app.page(&path).await;
    assert_eq!(
        listed.text(".offer .terms"),
        "20% of every sale for 12 months after the signup; approved 30 days after the sale; \
         the partner who recruited you earns 10% of it"
    );
}

#[tokio::test]
async fn a_sale_earns_a_pending_commission_once_and_the_recruiter_earns_the_override() {
    let app = TestApp::spawn().await;
    let (pat_code, key) = acme_with_pat(&app).await;
    let kim_code = app.new_agent().join_acme("Kim", "kim@example.com", &pat_code).await;
    create_offer(&app, "Default", &[("referral_percent", "10")]).await;
    create_offer(
        &app,
        "Default",
        &[("name", "Welcome"), ("trigger", "signup"), ("reward_kind", "fixed"), ("reward_amount", "1")],
    )
    .await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": kim_code})).await;

    let (status, body) = api(&app, &key, "/api/v1/sales", &sale("c1", "s1", 4900)).await;
    assert_eq!(status, StatusCode::CREATED);
    let commissions = body["commissions"].as_array().unwrap();
    assert_eq!(commissions.len(), 2, "{body}");
    assert_eq!(commissions[0]["arithmetic"], "20% of $49.00 = $9.80");
    assert_eq!(
        (commissions[0]["partner_code"].as_str(), commissions[0]["status"].as_str()),
        (Some(kim_code.as_str()), Some("pending"))
    );
    assert_eq!(commissions[1]["kind"], "referral_override");
    assert_eq!(
        (commissions[1]["partner_code"].as_str(), commissions[1]["amount_cents"].as_i64()),
        (Some(pat_code.as_str()), Some(98))
    );

    let (again, replay) = api(&app, &key, "/api/v1/sales", &sale("c1", "s1", 4900)).await;
    assert_eq!((again, replay["commissions"].as_array().unwrap().len()), (StatusCode::OK, 2));
    assert_eq!(
        app.count("commissions WHERE kind = 'commission' AND transaction_id IS NOT NULL"),
        1,
        "a replay earns nothing more"
    );
    assert_eq!(app.count("commissions WHERE event_key LIKE 'signup:%' AND amount_cents = 100"), 1, "the signup offer");
}

#[tokio::test]
async fn the_group_at_the_time_of_each_sale_decides_the_offer() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    app.post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://acme.example/gold")]).await;
    create_offer(&app, "Default", &[("reward_percent", "10")]).await;
    create_offer(&app, "Gold", &[("reward_percent", "30")]).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "before", 1000)).await;

    let id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{code}'"));
    let gold = app.group_id("acme", "Gold").to_string();
    app.post("/vendor/acme/partners/move", &[("ids", id.as_str()), ("group_id", gold.as_str())]).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "after", 1000)).await;

    assert_eq!(app.count("commissions c JOIN transactions t ON t.id = c.transaction_id WHERE t.sale_key = 'before' AND c.amount_cents = 100"), 1);
    assert_eq!(app.count("commissions c JOIN transactions t ON t.id = c.transaction_id WHERE t.sale_key = 'after' AND c.amount_cents = 300"), 1);
}

#[tokio::test]
async fn refunds_reduce_pending_commissions_and_adjust_paid_ones() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[]).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "pending", 5000)).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "paid", 5000)).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "approved", 5000)).await;
    let approved = app.id_for(
        "SELECT c.id FROM commissions c JOIN transactions t ON t.id = c.transaction_id WHERE t.sale_key = 'approved'",
    );
    app.post("/vendor/acme/commissions/approve", &[("ids", approved.as_str())]).await;
    assert_eq!(app.count("commission_history WHERE note = 'Approved by hand'"), 1);
    // Paying goes through a payout; here only the refund of a paid commission matters.
    app.execute("UPDATE commissions SET status = 'paid' FROM transactions t WHERE t.id = transaction_id AND t.sale_key = 'paid'");
    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "approved", "amount_cents": 5000})).await;
    assert_eq!(
        app.count(&format!("commissions WHERE id = {approved} AND status = 'rejected' AND amount_cents = 0")),
        1
    );

    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "pending", "amount_cents": 1000})).await;
    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "paid", "amount_cents": 2500})).await;

    assert_eq!(app.count("commissions c JOIN transactions t ON t.id = c.transaction_id WHERE t.sale_key = 'pending' AND c.amount_cents = 800 AND c.earned_cents = 1000"), 1);
    assert_eq!(app.count("commissions WHERE kind = 'adjustment' AND amount_cents = -500 AND status = 'approved'"), 1);
    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "pending"})).await;
    assert_eq!(app.count("commissions c JOIN transactions t ON t.id = c.transaction_id WHERE t.sale_key = 'pending' AND c.status = 'rejected' AND c.amount_cents = 0"), 1, "a full refund cancels it");
}

#[tokio::test]
async fn pending_commissions_are_approved_when_their_hold_ends() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[("hold_days", "0"), ("name", "Now")]).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    let (_, body) = api(&app, &key, "/api/v1/sales", &sale("c1", "s1", 1000)).await;
    assert_eq!(body["commissions"][0]["status"], "approved", "no hold: approved at once");

    app.execute("UPDATE offers SET hold_days = 30");
    api(&app, &key, "/api/v1/sales", &sale("c1", "s2", 1000)).await;
    assert_eq!(app.count("commissions WHERE status = 'pending'"), 1);
    app.clock.advance(std::time::Duration::from_secs(30 * 86_400 + 60));
    assert_eq!(app.count_eventually("commissions WHERE status = 'approved'", 2).await, 2);
    assert_eq!(app.count("commission_history WHERE note = 'Hold period ended'"), 1);
}

#[tokio::test]
async fn an_offer_with_commissions_is_archived_not_deleted_and_another_vendor_cannot_touch_it() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[]).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "s1", 1000)).await;
    let offer = app.id_for("SELECT id FROM offers");
    let path = format!("{}/{offer}", offers_path(&app, "Default"));

    let other = app.new_agent();
    other.sign_up_vendor("Globex", "owner@globex.example").await;
    let foreign = other.post(&format!("{path}/archive"), &[]).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);

    app.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(app.count("offers"), 1, "it has a commission");
    app.post(&format!("{path}/archive"), &[]).await;
    assert_eq!(app.count("offers WHERE archived_at IS NOT NULL"), 1);
    api(&app, &key, "/api/v1/sales", &sale("c1", "s2", 1000)).await;
    assert_eq!(app.count("commissions"), 1, "an archived offer earns nothing more");
}

#[tokio::test]
async fn the_partner_reads_the_structure_sees_earnings_and_opens_a_receipt_but_never_anothers() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;
    let kim = app.new_agent();
    let kim_code = kim.join_acme("Kim", "kim@example.com", "").await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "Site")]).await.text("#secret");
    create_offer(&app, "Default", &[]).await;
    let click_id = crate::conversions::click(&app, &format!("/go/acme/{code}")).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "click_id": click_id})).await;
    api(
        &app,
        &key,
        "/api/v1/sales",
        &json!({"customer_key": "c1", "sale_key": "s1", "amount_cents": 4900, "currency": "USD", "product": "pro"}),
    )
    .await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c2", "partner_code": kim_code})).await;
    api(&app, &key, "/api/v1/sales", &sale("c2", "s2", 1000)).await;

    let structure = pat.page("/partner/acme/commission-structure").await;
    assert!(structure.text("#structure .terms").starts_with("20% of every sale; approved 30 days after the sale"));

    let earnings = pat.page("/partner/acme/earnings").await;
    assert_eq!(earnings.text("#totals .pending"), "$9.80");
    assert_eq!(earnings.text("#totals .paid"), "$0.00");
    assert_eq!(earnings.texts("#commissions tbody tr[data-id]").len(), 1, "only Pat's own");

    let mine = app.id_for(&format!(
        "SELECT c.id FROM commissions c JOIN partnerships p ON p.id = c.partnership_id WHERE p.code = '{code}'"
    ));
    let receipt = pat.page(&format!("/partner/acme/earnings/{mine}")).await;
    assert!(receipt.text("#receipt .click").contains("on Default"));
    assert!(receipt.text("#receipt .sale").contains("$49.00") && receipt.text("#receipt .sale").contains("pro"));
    assert_eq!(receipt.text("#receipt .arithmetic"), "20% of $49.00 = $9.80");
    assert!(receipt.text("#history").contains("pending"));

    let kims = app.id_for(&format!(
        "SELECT c.id FROM commissions c JOIN partnerships p ON p.id = c.partnership_id WHERE p.code = '{kim_code}'"
    ));
    pat.page_with_status(&format!("/partner/acme/earnings/{kims}"), StatusCode::NOT_FOUND).await;
}

/// Acme with Pat and Kim, a 20%-of-every-sale offer without hold, and one
/// sale each (Pat $49.00, Kim $10.00): two approved commissions.
async fn two_approved(app: &TestApp) -> (String, String, String) {
    let (pat, key) = acme_with_pat(app).await;
    let kim = app.new_agent().join_acme("Kim", "kim@example.com", "").await;
    create_offer(app, "Default", &[("hold_days", "0")]).await;
    for (customer, code, cents) in [("c1", &pat, 4900), ("c2", &kim, 1000)] {
        api(app, &key, "/api/v1/signups", &json!({"customer_key": customer, "partner_code": code})).await;
        api(app, &key, "/api/v1/sales", &sale(customer, &format!("s-{customer}"), cents)).await;
    }
    (pat, kim, key)
}

fn commission_of(app: &TestApp, code: &str) -> String {
    app.id_for(&format!("SELECT c.id FROM commissions c JOIN partnerships p ON p.id = c.partnership_id WHERE p.code = '{code}' ORDER BY c.id LIMIT 1"))
}

#[tokio::test]
async fn the_vendor_filters_rejects_with_a_reason_and_no_other_vendor_can_decide() {
    let app = TestApp::spawn().await;
    let (pat, kim, _) = two_approved(&app).await;
    let all = app.page("/vendor/acme/commissions").await;
    assert_eq!(all.texts("#commissions tbody tr[data-id]").len(), 2);
    let only_kim = app.page(&format!("/vendor/acme/commissions?partner={kim}&status=approved")).await;
    assert_eq!(only_kim.texts("#commissions tbody tr[data-id]").len(), 1);
    let kims = commission_of(&app, &kim);

    app.post("/vendor/acme/commissions/reject", &[("ids", kims.as_str()), ("reason", "")]).await;
    assert_eq!(app.count("commissions WHERE status = 'rejected'"), 0, "a rejection needs its reason");
    app.post("/vendor/acme/commissions/reject", &[("ids", kims.as_str()), ("reason", "order cancelled")]).await;
    assert_eq!(app.count("commission_history WHERE status = 'rejected' AND note = 'Rejected: order cancelled'"), 1);

    let other = app.new_agent();
    other.sign_up_vendor("Globex", "owner@globex.example").await;
    let pats = commission_of(&app, &pat);
    let refused =
        other.post("/vendor/globex/commissions/reject", &[("ids", pats.as_str()), ("reason", "mine now")]).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(other.page("/vendor/globex/commissions").await.texts("#commissions tbody tr[data-id]").is_empty());
    assert_eq!(app.count("commissions WHERE status = 'approved'"), 1, "Pat's is untouched");
}

#[tokio::test]
async fn a_payout_per_partner_its_csv_marked_paid_and_a_later_refund_carried_to_the_next() {
    let app = TestApp::spawn().await;
    let (pat, kim, key) = two_approved(&app).await;

    app.post("/vendor/acme/payouts", &[("minimum", "5.00")]).await;
    assert_eq!(app.count("payouts"), 1, "Kim's $2.00 is under the minimum");
    let batch = app.text_for("SELECT batch AS value FROM payouts");
    let csv = app.get(&format!("/vendor/acme/payouts/{batch}/csv")).await.text().await.unwrap();
    assert_eq!(csv, "name,email,amount,currency,commissions\nPat,pat@example.com,9.80,USD,1\n");
    let list = app.page("/vendor/acme/payouts").await;
    let card = format!("section[data-batch='{batch}']");
    assert_eq!(list.text(&format!("{card} .count")), "1");
    assert_eq!(list.text(&format!("{card} .total")), "$9.80");
    assert_eq!(list.text(&format!("{card} .unpaid")), "1");
    let page = app.page(&format!("/vendor/acme/payouts/{batch}")).await;
    assert_eq!(page.texts("#payouts tbody tr[data-payout] td:first-child"), vec!["Pat"]);
    assert!(page.has(".mark-paid"), "an unpaid batch can be marked paid from its page");
    assert_eq!(app.get("/vendor/acme/payouts/no-such-batch").await.status(), StatusCode::NOT_FOUND);
    let far = app.page(&format!("/vendor/acme/payouts/{batch}?page=99999")).await;
    assert_eq!(far.text(".pager span"), "Page 1 of 1", "a page past the last shows the last");
    assert_eq!(far.texts("#payouts tbody tr[data-payout]").len(), 1);

    app.post(&format!("/vendor/acme/payouts/{batch}/paid"), &[("reference", "wire 42"), ("paid_on", "2026-11-20")])
        .await;
    assert_eq!(app.count("commissions WHERE status = 'paid'"), 1);
    let pat_agent_payouts = app.count(&format!("payouts p JOIN partnerships s ON s.id = p.partnership_id WHERE s.code = '{pat}' AND p.status = 'paid' AND p.reference = 'wire 42'"));
    assert_eq!(pat_agent_payouts, 1);
    let paid = app.page(&format!("/vendor/acme/payouts/{batch}")).await;
    assert!(!paid.has(".mark-paid") && paid.text("#payouts").contains("wire 42"), "paid, with its reference");
    let paid_card = app.page("/vendor/acme/payouts").await;
    assert_eq!(paid_card.text(&format!("{card} .unpaid")), "0", "the batch's kept summary follows the payment");
    assert_eq!(paid_card.text(&format!("{card} .total")), "$9.80");

    api(&app, &key, "/api/v1/refunds", &json!({"sale_key": "s-c1", "amount_cents": 2450})).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "s-c1-b", 10_000)).await;
    app.post("/vendor/acme/payouts", &[]).await;
    let second = app.text_for(&format!("SELECT p.amount_cents::text AS value FROM payouts p JOIN partnerships s ON s.id = p.partnership_id WHERE s.code = '{pat}' AND p.status = 'created'"));
    assert_eq!(second, "1510", "$20.00 earned less the $4.90 taken back");
    assert_eq!(
        app.count(&format!("payouts p JOIN partnerships s ON s.id = p.partnership_id WHERE s.code = '{kim}'")),
        1
    );
}

#[tokio::test]
async fn commissions_show_on_the_groups_page_all_partners_the_partner_page_and_the_overview() {
    let app = TestApp::spawn().await;
    let (pat, kim, _) = two_approved(&app).await;
    let kims = commission_of(&app, &kim);
    app.post("/vendor/acme/commissions/reject", &[("ids", kims.as_str()), ("reason", "test order")]).await;

    let groups = app.page("/vendor/acme").await;
    assert_eq!(groups.text("tr[data-group=default] td.commissions"), "$9.80", "the rejected one left out");
    let partners = app.page("/vendor/acme/partners").await;
    assert_eq!(partners.text(&format!("tr[data-code='{pat}'] td.commissions")), "$9.80");
    assert_eq!(partners.text(&format!("tr[data-code='{kim}'] td.commissions")), "$0.00");
    let id = app.id_for(&format!("SELECT id FROM partnerships WHERE code = '{pat}'"));
    assert_eq!(app.page(&format!("/vendor/acme/partners/{id}")).await.text("#results .commissions"), "$9.80");
}

#[tokio::test]
async fn the_api_lists_the_vendors_commissions_by_status_and_partner() {
    let app = TestApp::spawn().await;
    let (pat, kim, key) = two_approved(&app).await;
    let get = |path: String, key: String| {
        let url = app.url(&path);
        async move {
            let response = reqwest::Client::new().get(url).bearer_auth(key).send().await.unwrap();
            let status = response.status();
            (status, serde_json::from_str::<serde_json::Value>(&response.text().await.unwrap()).unwrap())
        }
    };

    let (status, all) = get("/api/v1/commissions".into(), key.clone()).await;
    assert_eq!((status, all["total"].as_i64()), (StatusCode::OK, Some(2)));
    let (_, kims) = get(format!("/api/v1/commissions?partner_code={kim}&status=approved"), key.clone()).await;
    assert_eq!(kims["data"].as_array().unwrap().len(), 1);
    assert_eq!(kims["data"][0]["commission"]["amount_cents"], 200);
    let (_, none) = get(format!("/api/v1/commissions?partner_code={pat}&status=paid"), key.clone()).await;
    assert_eq!(none["total"], 0);
    let (bad, body) = get("/api/v1/commissions?status=owed".into(), key.clone()).await;
    assert_eq!((bad, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")));

    let other = app.new_agent();
    other.sign_up_vendor("Globex", "owner@globex.example").await;
    let globex_key = other.post_page("/vendor/globex/api-keys", &[("name", "Site")]).await.text("#secret");
    let (_, theirs) = get("/api/v1/commissions".into(), globex_key).await;
    assert_eq!(theirs["total"], 0, "another vendor sees none of Acme's");
}

#[tokio::test]
async fn partners_are_emailed_a_new_commission_and_a_payout_unless_they_turned_it_off() {
    let smtp = crate::helpers::smtp::SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "Site")]).await.text("#secret");
    create_offer(&app, "Default", &[("hold_days", "0")]).await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    api(&app, &key, "/api/v1/sales", &sale("c1", "s1", 4900)).await;

    let earned = smtp.wait_for(1).await;
    assert_eq!(earned[0].header("Subject").as_deref(), Some("You earned $9.80 from Acme"));
    assert!(earned[0].text().contains("/partner/acme/earnings/"), "{}", earned[0].text());

    app.post("/vendor/acme/payouts", &[]).await;
    let batch = app.text_for("SELECT batch AS value FROM payouts");
    let marked = app
        .post(&format!("/vendor/acme/payouts/{batch}/paid"), &[("reference", "wire 7"), ("paid_on", "2026-11-21")])
        .await;
    assert_eq!(marked.status(), StatusCode::SEE_OTHER);
    let paid = smtp.wait_for(2).await;
    assert_eq!(paid[1].header("Subject").as_deref(), Some("Acme paid you $9.80"));
    assert!(pat.page("/partner/acme/payouts").await.text("#payouts").contains("wire 7"));

    pat.post("/account/notifications", &[("notify_payouts", "on")]).await;
    assert!(!pat.page("/account").await.has("#notify_commissions[checked]"));
    api(&app, &key, "/api/v1/sales", &sale("c1", "s2", 4900)).await;
    assert_eq!(app.count("commissions"), 2);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let emails = app.count("outbox_emails WHERE subject NOT LIKE 'Confirm your email%'");
    assert_eq!(emails, 2, "no email for a commission once turned off");
}

#[tokio::test]
async fn the_per_customer_limit_and_the_first_sale_trigger_read_the_ledger_so_far() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    create_offer(&app, "Default", &[("max_per_customer", "15.00")]).await;
    create_offer(
        &app,
        "Default",
        &[("name", "First"), ("trigger", "first_sale"), ("reward_kind", "fixed"), ("reward_amount", "5")],
    )
    .await;
    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;

    let mut earned = Vec::new();
    for (n, cents) in [(1, 5000), (2, 5000), (3, 5000)] {
        let (_, body) = api(&app, &key, "/api/v1/sales", &sale("c1", &format!("s{n}"), cents)).await;
        let amounts: Vec<i64> =
            body["commissions"].as_array().unwrap().iter().map(|c| c["amount_cents"].as_i64().unwrap()).collect();
        earned.push(amounts);
    }

    assert_eq!(
        earned,
        [vec![1000, 500], vec![500], vec![]],
        "20% capped at $15.00 a customer; $5 for the first sale only"
    );
}
