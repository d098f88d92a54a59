//! Script-injection payloads typed into user-written fields come back
//! escaped on every page that shows them.

use serde_json::json;

use crate::conversions::api;
use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, TEST_DOMAINS, UserAgent, location};

const PAYLOAD: &str = r#"<script>alert(1)</script>"'><img src=x onerror=alert(2)>"#;

/// The raw HTML of a page: the payload must appear only escaped.
async fn assert_escaped(agent: &UserAgent, path: &str) {
    let response = agent.get(path).await;
    assert!(response.status().is_success(), "{path}: {}", response.status());
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "{path} shows the script unescaped");
    assert!(!html.contains("<img src=x"), "{path} shows the tag unescaped");
    let shown = ["&#60;script&#62;alert(1)", "&lt;script&gt;alert(1)"].iter().any(|escaped| html.contains(escaped));
    assert!(shown, "{path} does not show the payload at all");
}

#[tokio::test]
async fn payloads_in_names_titles_messages_and_customers_come_back_escaped() {
    let app = TestApp::spawn().await;
    let company = format!("Acme {PAYLOAD}");
    let fields = [
        ("company_name", company.as_str()),
        ("company_website", "https://example.com"),
        ("name", "Owner"),
        ("email", "owner@acme.example"),
        ("password", PASSWORD),
    ];
    let slug = location(&app.post("/signup/vendor", &fields).await).trim_start_matches("/vendor/").to_string();
    app.confirm_email("owner@acme.example").await;
    app.post(&format!("/vendor/{slug}/settings/domains"), &[("domains", TEST_DOMAINS)]).await;
    let vendor = format!("/vendor/{slug}");

    let group_name = format!("Gold {PAYLOAD}");
    let group = location(
        &app.post(
            &format!("{vendor}/groups"),
            &[("name", &group_name), ("destination_url", "https://acme.example/gold")],
        )
        .await,
    );
    let title = format!("Spring {PAYLOAD}");
    app.post(
        &format!("{group}/links"),
        &[
            ("title", &title),
            ("description", PAYLOAD),
            ("destination_url", "https://acme.example/spring"),
            ("code", "spring-sale"),
        ],
    )
    .await;
    let group_id = group.rsplit('/').next().unwrap().to_string();
    app.post(
        &format!("{vendor}/invites"),
        &[("emails", "ann@example.com"), ("group_id", &group_id), ("message", PAYLOAD)],
    )
    .await;

    let partner = app.new_agent();
    let partner_name = format!("Pat {PAYLOAD}");
    partner.sign_up_partner(&partner_name, "pat@example.com").await;
    let group_slug = app.text_for("SELECT slug AS value FROM partner_groups WHERE name LIKE 'Gold%'");
    partner.post(&format!("/join/{slug}/{group_slug}"), &[]).await;
    let partner_id = app.id_for("SELECT id FROM partnerships");
    let code = app.text_for("SELECT code AS value FROM partnerships");

    let key = app.post_page(&format!("{vendor}/api-keys"), &[("name", PAYLOAD)]).await.text("#secret");
    api(
        &app,
        &key,
        "/api/v1/signups",
        &json!({"customer_key": "c1", "partner_code": code, "name": PAYLOAD, "email": "c1@example.com"}),
    )
    .await;
    let customer = app.id_for("SELECT id FROM customers");

    for path in [
        vendor.clone(),
        group.clone(),
        format!("{vendor}/invites"),
        format!("{vendor}/partners"),
        format!("{vendor}/partners/{partner_id}"),
        format!("{vendor}/customers"),
        format!("{vendor}/customers/{customer}"),
        format!("{vendor}/api-keys"),
        format!("{vendor}/settings"),
    ] {
        assert_escaped(&app, &path).await;
    }
    for path in [
        format!("/partner/{slug}"),
        format!("/partner/{slug}/links"),
        format!("/join/{slug}/{group_slug}"),
        "/partner".to_string(),
    ] {
        assert_escaped(&partner, &path).await;
    }
}
