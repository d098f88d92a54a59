//! A group's default and secondary links, under the rules of the Links tab.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{into_page, location};

/// A vendor "acme" signed in on `app`; returns the default group's page path.
async fn acme(app: &TestApp) -> String {
    app.world().vendor("Acme").await.default_group.path
}

fn link_fields<'a>(title: &'a str, code: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("title", title), ("destination_url", "https://acme.example/pricing"), ("code", code)]
}

#[tokio::test]
async fn a_default_link_is_created_with_its_utms_and_shown_with_its_tracking_url() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    let mut fields = link_fields("Pricing page", "");
    fields.extend([("description", "Our plans"), ("utm_source", "partners"), ("utm_campaign", "spring sale")]);

    let response = app.post(&format!("{group}/links"), &fields).await;

    assert_eq!(location(&response), group);
    let tab = app.page(&group).await;
    assert!(tab.text(".flash-success").contains("pricing-page"));
    let row = "#default-links .link-row[data-code=pricing-page]";
    assert_eq!(tab.text(&format!("{row} .link-title")), "Pricing page");
    assert_eq!(tab.texts(&format!("{row} .utm")), vec!["utm_source=partners", "utm_campaign=spring sale"]);
    assert_eq!(tab.text(&format!("{row} .tracking-url")), format!("{}/go/pricing-page/{{partner code}}", app.base_url));
    assert!(tab.has(&format!("{row} button[data-copy]")), "a copy button");
}

#[tokio::test]
async fn a_group_has_at_most_three_default_links() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    for code in ["second", "third"] {
        assert_eq!(app.post(&format!("{group}/links"), &link_fields(code, code)).await.status(), StatusCode::SEE_OTHER);
    }
    let tab = app.page(&group).await;
    assert!(!tab.has(&format!("a[href='{group}/links/new']")), "no create button at the limit");
    assert!(tab.has("#link-limit"));

    let form = app.page(&format!("{group}/links/new")).await;
    let refused = app.post_page(&format!("{group}/links"), &link_fields("Fourth", "fourth")).await;

    assert!(form.text("#refusal").contains("already has 3 default links"));
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text("#refusal").contains("already has 3 default links"));
    assert_eq!(app.count("links WHERE deleted_at IS NULL"), 3);
}

#[tokio::test]
async fn a_deleted_default_link_frees_its_place_but_never_its_code() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    app.post(&format!("{group}/links"), &link_fields("Promo", "promo")).await;
    let promo = app.link_id("promo");

    let confirm = app.page(&format!("/vendor/acme/links/{promo}/delete")).await;
    assert!(confirm.text("#delete-warning").contains("will stop working"));
    assert_eq!(location(&app.post(&format!("/vendor/acme/links/{promo}/delete"), &[]).await), group);

    assert!(!app.page(&group).await.has(".link-row[data-code=promo]"));
    let again = app.post_page(&format!("{group}/links"), &link_fields("Promo again", "promo")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.field_error("code").unwrap().contains("already taken"));
    app.post(&format!("{group}/links"), &link_fields("Promo", "")).await;
    assert!(app.page(&group).await.has(".link-row[data-code=promo-2]"), "a derived code skips the deleted one");
}

#[tokio::test]
async fn link_codes_are_unique_across_vendors() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    app.post(&format!("{group}/links"), &link_fields("Launch", "launch")).await;
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let globex_group = format!("/vendor/globex/groups/{}", app.group_id("globex", "Default"));

    let taken = globex.post_page(&format!("{globex_group}/links"), &link_fields("Launch", "Launch")).await;
    let originals = globex.post_page(&format!("{globex_group}/links"), &link_fields("Acme", "acme")).await;

    for page in [taken, originals] {
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("code").unwrap().contains("already taken"));
        assert_eq!(page.field_value("title").as_deref().map(|t| !t.is_empty()), Some(true), "typed values kept");
    }
}

#[tokio::test]
async fn editing_a_link_changes_everything_but_its_code() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    let original = app.link_id("acme");
    let form = app.page(&format!("/vendor/acme/links/{original}/edit")).await;
    assert_eq!(form.attr("#code", "readonly").as_deref(), Some(""));
    assert!(form.text("#code-why").contains("already shared"));

    let response = app
        .post(
            &format!("/vendor/acme/links/{original}"),
            &[
                ("title", "Home"),
                ("destination_url", "https://acme.example/home"),
                ("utm_medium", "referral"),
                ("code", "hijacked"),
            ],
        )
        .await;

    assert_eq!(location(&response), group);
    let tab = app.page(&group).await;
    let row = ".link-row[data-code=acme]";
    assert_eq!(tab.text(&format!("{row} .link-title")), "Home");
    assert_eq!(tab.text(&format!("{row} .destination")), "https://acme.example/home");
    assert_eq!(tab.texts(&format!("{row} .utm")), vec!["utm_medium=referral"]);
    assert_eq!(app.count("links WHERE code = 'hijacked'"), 0);
}

#[tokio::test]
async fn the_original_link_cannot_be_deleted_not_even_by_a_forged_request() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    let original = app.link_id("acme");

    let tab = app.page(&group).await;
    let confirm = app.page_with_status(&format!("/vendor/acme/links/{original}/delete"), StatusCode::FORBIDDEN).await;
    let forged = into_page(app.post(&format!("/vendor/acme/links/{original}/delete"), &[]).await).await;

    assert!(tab.has(".link-row[data-code=acme] .edit"));
    assert!(!tab.has(".link-row[data-code=acme] .delete"), "no delete control on the original");
    for page in [confirm, forged] {
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.text(".error-message").contains("original link"));
    }
    assert_eq!(app.count("links WHERE code = 'acme' AND deleted_at IS NULL"), 1);
}

#[tokio::test]
async fn bad_link_input_is_sent_back_with_its_message_and_the_typed_values() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    let long_url = format!("https://acme.example/{}", "a".repeat(2040));
    let long_utm = "u".repeat(101);
    let cases: &[(&str, &str, &str)] = &[
        ("destination_url", "/pricing", "full web address"),
        ("destination_url", "acme.example", "full web address"),
        ("destination_url", "ftp://acme.example/file", "http:// and https://"),
        ("destination_url", "https://me:secret@acme.example", "user name and password"),
        ("destination_url", &long_url, "2048"),
        ("utm_source", "<script>", "letters, digits"),
        ("utm_campaign", &long_utm, "up to 100"),
        ("code", "A", "2 to 40"),
        ("code", "has space", "2 to 40"),
        ("code", "under_score", "2 to 40"),
        ("title", "  ", "Enter a title"),
    ];
    for (field, value, expected) in cases {
        let mut fields = vec![
            ("title", "Pricing"),
            ("destination_url", "https://acme.example/p"),
            ("utm_medium", "email"),
            ("code", ""),
        ];
        fields.retain(|(k, _)| k != field);
        fields.push((field, value));

        let page = app.post_page(&format!("{group}/links"), &fields).await;

        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value:?}");
        let message = page.field_error(field).unwrap_or_else(|| panic!("no message under {field} for {value:?}"));
        assert!(message.contains(expected), "{field}={value:?}: {message}");
        assert_eq!(page.field_value("utm_medium").as_deref(), Some("email"), "{field}: typed values kept");
        assert_eq!(page.field_value(field).as_deref(), Some(*value), "{field}: the bad value is shown to be fixed");
    }
    assert_eq!(app.count("links"), 1);
}

#[tokio::test]
async fn a_secondary_link_needs_its_link_text_and_is_listed_apart() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;

    let missing =
        app.post_page(&format!("{group}/secondary-links"), &[("destination_url", "https://acme.example/b")]).await;
    let created = app
        .post(
            &format!("{group}/secondary-links"),
            &[("destination_url", "https://acme.example/blog"), ("code", "blog")],
        )
        .await;

    assert!(missing.field_error("code").unwrap().contains("Enter the link text"));
    assert_eq!(location(&created), group);
    let tab = app.page(&group).await;
    assert_eq!(tab.text("#secondary-links .link-row[data-code=blog] .link-title"), "blog");
    assert!(!tab.has("#default-links .link-row[data-code=blog]"));
    assert_eq!(app.count("links WHERE kind = 'secondary' AND code = 'blog'"), 1);
}

#[tokio::test]
async fn referral_links_can_be_switched_off_and_on() {
    let app = TestApp::spawn().await;
    let group = acme(&app).await;
    assert_eq!(app.page(&group).await.attr("#referral-links-enabled", "checked").as_deref(), Some(""));

    app.post(&format!("{group}/referral-links"), &[]).await;
    let off = app.page(&group).await;
    app.post(&format!("{group}/referral-links"), &[("enabled", "on")]).await;
    let on = app.page(&group).await;

    assert_eq!(off.attr("#referral-links-enabled", "checked"), None);
    assert!(off.text(".flash-success").contains("stop redirecting"));
    assert_eq!(on.attr("#referral-links-enabled", "checked").as_deref(), Some(""));
    assert_eq!(app.count("partner_groups WHERE referral_links_enabled"), 1);
}
