//! Allowed domains: a vendor's links lead only to its own domains, checked
//! when a destination is saved and again at every redirect.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, location};

async fn acme(app: &TestApp) {
    let fields = [
        ("company_name", "Acme"),
        ("company_website", "https://www.acme.example/"),
        ("name", "Owner"),
        ("email", "owner@acme.example"),
        ("password", PASSWORD),
    ];
    assert_eq!(location(&app.post("/signup/vendor", &fields).await), "/vendor/acme");
    app.confirm_email("owner@acme.example").await;
}

#[tokio::test]
async fn destinations_off_the_allowed_domains_are_refused_on_save_with_the_input_kept() {
    let app = TestApp::spawn().await;
    acme(&app).await;
    let settings = app.page("/vendor/acme/settings").await;
    assert_eq!(settings.text("textarea#domains"), "www.acme.example", "the website's domain by default");
    app.post("/vendor/acme/settings/domains", &[("domains", "acme.example")]).await;

    for hostile in [
        "https://evil.example/",
        "https://acme.example.evil.io/",
        "https://evilacme.example/",
        "https://acme.example@evil.io/",
    ] {
        let page = app.post_page("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", hostile)]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{hostile}");
        let error = page.field_error("destination_url").unwrap();
        assert!(error.contains("allowed domains") || hostile.contains('@'), "{hostile}: {error}");
        assert_eq!(page.field_value("destination_url").as_deref(), Some(hostile));
    }
    let created = app
        .post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://shop.acme.example/gold")])
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "a subdomain of an allowed domain");
    let group = location(&created);
    let link = app
        .post_page(
            &format!("{group}/links"),
            &[("title", "Away"), ("destination_url", "https://evil.example/"), ("code", "away-link")],
        )
        .await;
    assert!(link.field_error("destination_url").is_some(), "default links too");
    assert_eq!(app.count("links WHERE destination_url LIKE '%evil%'"), 0);

    let bad = app.post_page("/vendor/acme/settings/domains", &[("domains", "acme.example\nnot a domain")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("domains").unwrap().contains("not a domain"));
    assert_eq!(bad.text("textarea#domains"), "acme.example not a domain", "what was typed is kept");
}

#[tokio::test]
async fn a_link_whose_domain_is_no_longer_allowed_stops_redirecting_at_once() {
    let app = TestApp::spawn().await;
    acme(&app).await;
    let code = app.new_agent().join_acme("Pat", "pat@example.com", "").await;
    let go = format!("/go/acme/{code}");
    let first = app.get(&go).await;
    assert_eq!(first.status(), StatusCode::FOUND);
    assert!(location(&first).starts_with("https://www.acme.example/"));

    app.post("/vendor/acme/settings/domains", &[("domains", "globex.example")]).await;
    assert_eq!(app.get(&go).await.status(), StatusCode::NOT_FOUND, "removing the domain stops the link");
    app.post("/vendor/acme/settings/domains", &[("domains", "acme.example")]).await;
    assert_eq!(app.get(&go).await.status(), StatusCode::FOUND, "and allowing it again brings it back");

    // A destination written around the forms (an old row, a bug) is checked again at the redirect.
    app.execute("UPDATE links SET destination_url = 'https://evil.example/' WHERE code = 'acme'");
    let refused =
        crate::helpers::app::eventually(async || app.get(&go).await.status(), |s| *s == StatusCode::NOT_FOUND).await;
    assert_eq!(refused, StatusCode::NOT_FOUND);
}
