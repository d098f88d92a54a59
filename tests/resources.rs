//! E-mail Templates and Resource Pages: written by the vendor per group,
//! read by that group's partners only.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, location};

/// Acme with Pat in the Default group and a Gold group nobody is in.
async fn acme() -> (TestApp, UserAgent, String) {
    let app = TestApp::spawn().await;
    let acme = app.world().vendor("Acme").await;
    acme.group("Gold").await;
    let pat = acme.partner("Pat").await;
    (app, pat.agent, pat.code)
}

#[tokio::test]
async fn an_email_template_reaches_its_groups_partners_with_their_own_link() {
    let (app, pat, code) = acme().await;
    let default = app.group_id("acme", "Default").to_string();
    let gold = app.group_id("acme", "Gold").to_string();
    let body = "Hi,\n\ntry Acme: {link}\n\n{partner_name}";
    let missing = app
        .post_page("/vendor/acme/email-templates", &[("group_id", &default), ("title", "Intro"), ("body", body)])
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("subject").is_some());
    assert_eq!(missing.text("textarea#body"), "Hi, try Acme: {link} {partner_name}", "what was typed is kept");
    let fields = [("group_id", default.as_str()), ("title", "Intro"), ("subject", "Meet Acme"), ("body", body)];
    assert_eq!(location(&app.post("/vendor/acme/email-templates", &fields).await), "/vendor/acme/email-templates");
    let gold_only = [("group_id", gold.as_str()), ("title", "Gold news"), ("subject", "Gold"), ("body", "{link}")];
    app.post("/vendor/acme/email-templates", &gold_only).await;

    let page = pat.page("/partner/acme/email-templates").await;
    assert_eq!(page.attrs(".email-template", "data-title"), vec!["Intro"], "only Pat's group's templates");
    let own = format!("{}/go/acme/{code}", app.base_url);
    assert_eq!(page.text(".email-body"), format!("Hi, try Acme: {own} Pat"));
    assert_eq!(page.text(".subject"), "Meet Acme");

    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let id = app.id_for("SELECT id FROM group_resources WHERE title = 'Intro'");
    assert_eq!(globex.get(&format!("/vendor/acme/email-templates/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(globex.get(&format!("/vendor/globex/email-templates/{id}")).await.status(), StatusCode::NOT_FOUND);
    let stolen = globex
        .post(
            &format!("/vendor/globex/email-templates/{id}"),
            &[("group_id", &default), ("title", "Mine"), ("subject", "x"), ("body", "x")],
        )
        .await;
    assert_eq!(stolen.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        globex.post(&format!("/vendor/globex/email-templates/{id}/delete"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let into_acme = globex
        .post_page(
            "/vendor/globex/email-templates",
            &[("group_id", &default), ("title", "X"), ("subject", "X"), ("body", "X")],
        )
        .await;
    assert!(into_acme.field_error("group_id").is_some(), "another vendor's group is no choice");
    assert_eq!(app.count("group_resources"), 2);
}

#[tokio::test]
async fn a_resource_page_is_markdown_cleaned_of_scripts_and_shown_to_its_group_only() {
    let (app, pat, _) = acme().await;
    let default = app.group_id("acme", "Default").to_string();
    let gold = app.group_id("acme", "Gold").to_string();
    let markdown = "## Brand rules\n\nUse **our** logo.\n\n<script>alert(1)</script>\n\n[site](javascript:alert(2))";
    app.post(
        "/vendor/acme/resource-pages",
        &[("group_id", &default), ("title", "Brand guidelines"), ("body", markdown)],
    )
    .await;
    app.post("/vendor/acme/resource-pages", &[("group_id", &gold), ("title", "Gold FAQ"), ("body", "Gold only")]).await;

    let list = pat.page("/partner/acme/resource-pages").await;
    assert_eq!(list.texts("#resource-pages a"), vec!["Brand guidelines"]);
    let id = app.id_for("SELECT id FROM group_resources WHERE title = 'Brand guidelines'");
    let page = pat.page(&format!("/partner/acme/resource-pages/{id}")).await;
    assert_eq!(page.text("#resource-page h2"), "Brand rules");
    assert_eq!(page.text("#resource-page strong"), "our");
    assert!(!page.has("#resource-page script") && !page.has("#resource-page a[href^=javascript]"));
    let gold_page = app.id_for("SELECT id FROM group_resources WHERE title = 'Gold FAQ'");
    assert_eq!(pat.get(&format!("/partner/acme/resource-pages/{gold_page}")).await.status(), StatusCode::NOT_FOUND);

    let edited = [("group_id", default.as_str()), ("title", "Brand guide"), ("body", "Updated")];
    assert_eq!(
        location(&app.post(&format!("/vendor/acme/resource-pages/{id}"), &edited).await),
        "/vendor/acme/resource-pages"
    );
    assert_eq!(pat.page(&format!("/partner/acme/resource-pages/{id}")).await.text("#resource-page h1"), "Brand guide");
    app.post(&format!("/vendor/acme/resource-pages/{id}/delete"), &[]).await;
    assert_eq!(pat.get(&format!("/partner/acme/resource-pages/{id}")).await.status(), StatusCode::NOT_FOUND);
}
