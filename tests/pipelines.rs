//! Lead submission and deal registration: the group tabs, the partner's
//! forms and lists, the vendor's pipelines, and what a won entry becomes.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, location};
use crate::rewards::create_offer;

fn tab(app: &TestApp, which: &str) -> String {
    format!("/vendor/acme/groups/{}/{which}", app.group_id("acme", "Default"))
}

async fn acme_with_partner() -> (TestApp, UserAgent) {
    let app = TestApp::spawn().await;
    let pat = app.world().vendor("Acme").await.partner("Pat").await;
    (app, pat.agent)
}

async fn switch_on(app: &TestApp, which: &str, won_action: &str) {
    let fields =
        [("enabled", "on"), ("title", "Send us a lead"), ("description", "Who needs us?"), ("won_action", won_action)];
    let saved = app.post(&tab(app, which), &fields).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
}

fn stage_id(app: &TestApp, pipeline: &str, name: &str) -> String {
    app.id_for(&format!("SELECT id FROM pipeline_stages WHERE pipeline = '{pipeline}' AND name = '{name}'"))
}

#[tokio::test]
async fn the_lead_submission_tab_keeps_its_settings_fields_and_stages() {
    let (app, _) = acme_with_partner().await;
    let path = tab(&app, "lead-submission");
    let page = app.page(&path).await;
    assert!(page.texts("nav.tabs a").contains(&"Lead submission".to_string()));
    assert_eq!(page.texts(".stage").len(), 4, "New, Qualified, Won, Lost by default");
    assert!(!page.has("#pipeline-enabled[checked]"), "off until switched on");

    let bad = app.post_page(&path, &[("enabled", "on"), ("title", ""), ("description", "Kept")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("title").is_some());
    assert_eq!(bad.text("textarea#description"), "Kept");
    switch_on(&app, "lead-submission", "").await;
    let page = app.page(&path).await;
    assert!(page.has("#pipeline-enabled[checked]"));
    assert_eq!(page.field_value("title").as_deref(), Some("Send us a lead"));

    for (label, kind) in [("Budget", "short_text"), ("Phone", "phone"), ("Size", "choice")] {
        let choices = if kind == "choice" { "Small\nLarge" } else { "" };
        app.post(
            &format!("{path}/fields"),
            &[("label", label), ("kind", kind), ("choices", choices), ("required", "on")],
        )
        .await;
    }
    let no_choices = app.post_page(&format!("{path}/fields"), &[("label", "Tier"), ("kind", "choice")]).await;
    assert!(no_choices.field_error("choices").is_some());
    let size = app.id_for("SELECT id FROM form_fields WHERE label = 'Size'");
    app.post(&format!("{path}/fields/{size}/move"), &[("direction", "up")]).await;
    let page = app.page(&path).await;
    let labels: Vec<String> = page.texts(".form-field strong");
    assert_eq!(labels, vec!["Budget", "Size", "Phone"]);

    let added = app.post(&format!("{path}/stages"), &[("stage_name", "Demo booked"), ("outcome", "open")]).await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let taken = app.post_page(&format!("{path}/stages"), &[("stage_name", "won"), ("outcome", "open")]).await;
    assert!(taken.field_error("stage_name").unwrap().contains("already has this name"));
    assert_eq!(taken.field_value("stage_name").as_deref(), Some("won"), "what was typed is kept");
    let demo = stage_id(&app, "leads", "Demo booked");
    app.post(&format!("{path}/stages/{demo}"), &[("name", "Demo done"), ("outcome", "open")]).await;
    app.post(&format!("{path}/stages/{demo}/move"), &[("direction", "up")]).await;
    let page = app.page(&path).await;
    let stages: Vec<String> = page.attrs(".stage", "data-stage");
    assert_eq!(stages, vec!["New", "Qualified", "Won", "Demo done", "Lost"]);
    let removed = app.post(&format!("{path}/stages/{demo}/delete"), &[]).await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("pipeline_stages WHERE pipeline = 'leads'"), 4);

    let confirm = app.page(&format!("{path}/reset")).await;
    assert!(confirm.text("#reset-effect").contains("removes its 3 custom field(s)"));
    assert_eq!(app.count("form_fields"), 3, "nothing changes before the confirmation");
    app.post(&format!("{path}/reset"), &[]).await;
    let page = app.page(&path).await;
    assert_eq!(page.texts(".form-field").len(), 0);
    assert_eq!(page.field_value("title").as_deref(), Some("Submit a lead"));
    assert!(page.has("#pipeline-enabled[checked]"), "a reset leaves it on");
    assert_eq!(page.texts(".stage").len(), 4, "and keeps the stages");
}

#[tokio::test]
async fn a_partner_submits_a_lead_only_where_it_is_on_and_the_vendor_moves_it_to_won_and_a_customer() {
    let (app, pat) = acme_with_partner().await;
    let closed = pat.get("/partner/acme/leads/new").await;
    assert_eq!(location(&closed), "/partner/acme/leads", "off: back to the list");
    let refused =
        pat.post("/partner/acme/leads", &[("contact_name", "Lee"), ("contact_email", "lee@lead.example")]).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("pipeline_entries"), 0, "nothing stored while off");
    assert!(!pat.page("/partner/acme").await.has("a[href='/partner/acme/leads']"), "no menu entry while off");

    switch_on(&app, "lead-submission", "").await;
    let path = tab(&app, "lead-submission");
    app.post(&format!("{path}/fields"), &[("label", "Phone"), ("kind", "phone"), ("required", "on")]).await;
    assert!(pat.page("/partner/acme").await.has("a[href='/partner/acme/leads']"), "My leads in the menu");
    let form = pat.page("/partner/acme/leads/new").await;
    assert_eq!(form.text("h1"), "Send us a lead");
    let phone = app.id_for("SELECT id FROM form_fields WHERE label = 'Phone'");
    let phone_name = format!("field_{phone}");
    let bad = pat
        .post_page(
            "/partner/acme/leads",
            &[("contact_name", "Lee"), ("contact_email", "not-an-email"), (&phone_name, "call me")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("contact_email").is_some() && bad.field_error(&phone_name).is_some());
    assert_eq!(bad.field_value("contact_name").as_deref(), Some("Lee"), "what was typed is kept");
    let sent = pat
        .post(
            "/partner/acme/leads",
            &[
                ("contact_name", "Lee"),
                ("contact_email", "Lee@Lead.example"),
                ("company", "Lead Co"),
                (&phone_name, "+1 555 0100 200"),
            ],
        )
        .await;
    assert_eq!(location(&sent), "/partner/acme/leads");
    let mine = pat.page("/partner/acme/leads").await;
    assert_eq!(mine.texts("#my-entries tbody .stage"), vec!["New"]);

    let other = app.new_agent();
    other.sign_up_vendor("Globex", "owner@globex.example").await;
    let entry = app.id_for("SELECT id FROM pipeline_entries");
    assert_eq!(other.get(&format!("/vendor/globex/leads/{entry}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/vendor/acme/leads/{entry}")).await.status(), StatusCode::NOT_FOUND);
    assert!(other.page("/vendor/globex/leads").await.texts("#entries tbody tr[data-email]").is_empty());
    assert_eq!(
        other.post("/partner/acme/leads", &[]).await.status(),
        StatusCode::NOT_FOUND,
        "not globex's partner program"
    );

    let list = app.page("/vendor/acme/leads?stage=New").await;
    assert_eq!(list.attrs("#entries tbody tr", "data-email"), vec!["lee@lead.example"]);
    assert!(app.page("/vendor/acme/leads?stage=Won").await.attrs("#entries tbody tr", "data-email").is_empty());
    let won = stage_id(&app, "leads", "Won");
    let detail = format!("/vendor/acme/leads/{entry}");
    assert!(!app.page(&detail).await.has("#make-customer"), "not before it is won");
    app.post(&format!("{detail}/stage"), &[("stage_id", &won), ("note", "Signed the contract")]).await;
    let page = app.page(&detail).await;
    assert_eq!(page.text("#current-stage"), "Won");
    assert!(page.text("#history").contains("Moved from New to Won — Signed the contract"));
    assert_eq!(pat.page("/partner/acme/leads").await.texts("#my-entries tbody .stage"), vec!["Won"]);
    let busy = app.post_page(&format!("{path}/stages/{won}/delete"), &[]).await;
    assert_eq!(busy.status, StatusCode::CONFLICT);
    assert!(busy.text("#stages-error").contains("holds 1 lead"));

    app.post(&format!("{detail}/customer"), &[]).await;
    let page = app.page(&detail).await;
    assert_eq!(page.text("#customer"), format!("lead-{entry}"));
    let credited = app.text_for(&format!(
        "SELECT p.partner_name AS value FROM customers c JOIN partnerships p ON p.id = c.partnership_id WHERE c.external_id = 'lead-{entry}'"
    ));
    assert_eq!(credited, "Pat", "the customer is credited to the lead's partner");
    app.post(&format!("{detail}/customer"), &[]).await;
    assert_eq!(app.count("customers"), 1, "a lead becomes one customer once");
}

#[tokio::test]
async fn a_won_deal_records_its_sale_and_commission_and_a_second_partners_claim_is_flagged() {
    let (app, pat) = acme_with_partner().await;
    create_offer(&app, "Default", &[]).await;
    let closed = pat.post("/partner/acme/deals", &[("company", "Initech")]).await;
    assert_eq!(location(&closed), "/partner/acme/deals", "refused while off");
    switch_on(&app, "deal-registration", "record_sale").await;
    let tab_page = app.page(&tab(&app, "deal-registration")).await;
    assert!(tab_page.has("input[name=won_action][value=record_sale][checked]"), "final-stage handling is kept");
    assert_eq!(tab_page.texts(".stage").len(), 5, "the deal pipeline's own stages");
    let deal = [
        ("company", "Initech"),
        ("contact_name", "Bill"),
        ("contact_email", "bill@initech.example"),
        ("amount", "1,250.00"),
        ("expected_close", "2027-03-31"),
    ];
    let bad =
        pat.post_page("/partner/acme/deals", &[("company", ""), ("amount", "-3"), ("expected_close", "soon")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["company", "amount", "expected_close", "contact_email"] {
        assert!(bad.field_error(field).is_some(), "{field}");
    }
    assert_eq!(location(&pat.post("/partner/acme/deals", &deal).await), "/partner/acme/deals");

    let sam = app.new_agent();
    sam.join_acme("Sam", "sam@example.com", "").await;
    let same_company = [
        ("company", "INITECH"),
        ("contact_name", "Peter"),
        ("contact_email", "peter@initech.example"),
        ("amount", "900"),
    ];
    sam.post("/partner/acme/deals", &same_company).await;
    let list = app.page("/vendor/acme/deals").await;
    assert_eq!(list.texts("#entries .duplicate").len(), 1, "only the later claim is flagged");
    let later = app.id_for("SELECT id FROM pipeline_entries WHERE contact_email = 'peter@initech.example'");
    assert!(app.page(&format!("/vendor/acme/deals/{later}")).await.text("#duplicate-warning").contains("Pat"));

    let first = app.id_for("SELECT id FROM pipeline_entries WHERE contact_email = 'bill@initech.example'");
    let won = stage_id(&app, "deals", "Closed won");
    let moved = app.post(&format!("/vendor/acme/deals/{first}/stage"), &[("stage_id", &won)]).await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.text_for("SELECT amount_cents::text AS value FROM transactions"), "125000");
    assert_eq!(app.text_for("SELECT earned_cents::text AS value FROM commissions"), "25000", "20% of the deal");
    assert!(
        app.page(&format!("/vendor/acme/deals/{first}")).await.text("#history").contains("Sale of $1,250.00 recorded")
    );

    let mark_only = [("enabled", "on"), ("title", "Register"), ("won_action", "mark")];
    app.post(&tab(&app, "deal-registration"), &mark_only).await;
    app.post(&format!("/vendor/acme/deals/{later}/stage"), &[("stage_id", &won)]).await;
    assert_eq!(app.count("transactions"), 1, "closed won only marks the deal now");
    assert_eq!(sam.page("/partner/acme/deals").await.texts("#my-entries tbody .stage"), vec!["Closed won"]);
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    for path in [format!("/vendor/globex/deals/{first}"), format!("/vendor/acme/deals/{first}")] {
        assert_eq!(globex.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let moved_by_globex = globex.post(&format!("/vendor/globex/deals/{later}/stage"), &[("stage_id", &won)]).await;
    assert_eq!(moved_by_globex.status(), StatusCode::NOT_FOUND);
}
