//! One vendor's pages are invisible to everyone else.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::location;

fn group_id(app: &TestApp, vendor_slug: &str) -> i64 {
    use diesel::prelude::*;
    use partnerdesk::db::schema::{partner_groups, vendors};
    partner_groups::table
        .inner_join(vendors::table)
        .filter(vendors::slug.eq(vendor_slug))
        .select(partner_groups::id)
        .first(&mut app.db.connect())
        .expect("the vendor's default group")
}

#[tokio::test]
async fn a_vendor_gets_404_for_another_vendors_dashboard_and_group_pages() {
    let app = TestApp::spawn().await;
    let acme = app.sign_up_vendor("Acme", "owner@acme.example").await;
    let globex_admin = app.new_agent();
    let globex = globex_admin.sign_up_vendor("Globex", "owner@globex.example").await;
    let (acme_group, globex_group) = (group_id(&app, &acme), group_id(&app, &globex));

    let foreign = [
        format!("/vendor/{acme}"),
        format!("/vendor/{acme}/groups/{acme_group}"),
        format!("/vendor/{acme}/groups/{globex_group}"),
        format!("/vendor/{globex}/groups/{acme_group}"),
        format!("/vendor/{globex}/groups/not-a-number"),
    ];
    for path in &foreign {
        let page = globex_admin.page_with_status(path, StatusCode::NOT_FOUND).await;
        assert_eq!(page.text("h1"), "Page not found", "{path}");
    }
    assert_eq!(globex_admin.page(&format!("/vendor/{globex}/groups/{globex_group}")).await.status, StatusCode::OK);
    assert_eq!(app.page(&format!("/vendor/{acme}/groups/{acme_group}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_partner_is_refused_the_vendor_dashboard() {
    let app = TestApp::spawn().await;
    let owner = app.new_agent();
    let acme = owner.sign_up_vendor("Acme", "owner@acme.example").await;
    app.sign_up_partner("Pat", "pat@example.com").await;

    let index = app.page_with_status("/vendor", StatusCode::FORBIDDEN).await;
    app.page_with_status(&format!("/vendor/{acme}"), StatusCode::NOT_FOUND).await;

    assert!(index.text(".error-message").contains("for vendor admins"));
}

#[tokio::test]
async fn a_visitor_is_sent_to_log_in_for_any_private_page() {
    let app = TestApp::spawn().await;

    for path in ["/vendor", "/vendor/acme", "/vendor/acme/groups/1", "/partner", "/partner/acme", "/account"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&response).starts_with("/login?next="), "{path}");
    }
}

#[tokio::test]
async fn a_partner_sees_only_programs_with_an_active_partnership() {
    let app = TestApp::spawn().await;
    app.new_agent().sign_up_vendor("Acme", "owner@acme.example").await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    app.page_with_status("/partner/acme", StatusCode::NOT_FOUND).await;
    app.execute(
        "INSERT INTO partnerships (vendor_id, user_id, group_id, code) SELECT v.id, u.id, g.id, 'pat123' \
         FROM vendors v JOIN partner_groups g ON g.vendor_id = v.id, users u WHERE v.slug = 'acme' AND u.email = 'pat@example.com'",
    );

    let program = app.page("/partner/acme").await;
    assert_eq!(program.status, StatusCode::OK);
    assert_eq!(program.text(".details dd code"), "pat123");
    assert_eq!(program.text("#program-url"), format!("{}/programs/acme/default", app.base_url));

    app.execute("UPDATE partnerships SET status = 'removed', removed_at = now()");
    app.page_with_status("/partner/acme", StatusCode::NOT_FOUND).await;
    assert!(app.page("/partner").await.texts("#programs").is_empty());
}

#[tokio::test]
async fn every_group_and_link_route_answers_404_to_another_vendor_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let (acme_group, acme_link) = (group_id(&app, "acme"), app.link_id("acme"));
    let globex_admin = app.new_agent();
    globex_admin.sign_up_vendor("Globex", "owner@globex.example").await;
    let snapshot = || {
        (
            app.count("links WHERE deleted_at IS NULL"),
            app.count("partner_groups WHERE referral_links_enabled AND is_default"),
        )
    };
    let before = snapshot();

    let group_paths: Vec<String> = ["", "/settings", "/links/new", "/secondary-links/new", "/delete"]
        .iter()
        .map(|suffix| format!("/vendor/globex/groups/{acme_group}{suffix}"))
        .collect();
    let link_paths =
        [format!("/vendor/globex/links/{acme_link}/edit"), format!("/vendor/globex/links/{acme_link}/delete")];
    for path in group_paths.iter().chain(&link_paths) {
        assert_eq!(globex_admin.get(path).await.status(), StatusCode::NOT_FOUND, "GET {path}");
    }
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (format!("/vendor/globex/groups/{acme_group}/referral-links"), vec![]),
        (
            format!("/vendor/globex/groups/{acme_group}/links"),
            vec![("title", "x"), ("destination_url", "https://x.example/"), ("code", "stolen")],
        ),
        (
            format!("/vendor/globex/groups/{acme_group}/secondary-links"),
            vec![("destination_url", "https://x.example/"), ("code", "stolen2")],
        ),
        (format!("/vendor/globex/groups/{acme_group}/rename"), vec![("name", "Hijacked")]),
        (format!("/vendor/globex/groups/{acme_group}/terms"), vec![("terms_url", "https://x.example/")]),
        (format!("/vendor/globex/groups/{acme_group}/default"), vec![]),
        (format!("/vendor/globex/groups/{acme_group}/delete"), vec![]),
        (
            format!("/vendor/globex/links/{acme_link}"),
            vec![("title", "Hijacked"), ("destination_url", "https://x.example/")],
        ),
        (format!("/vendor/globex/links/{acme_link}/delete"), vec![]),
        (format!("/vendor/acme/groups/{acme_group}/rename"), vec![("name", "Hijacked")]),
        ("/vendor/acme/settings".to_string(), vec![("name", "Hijacked"), ("website", "x.example")]),
    ];
    for (path, fields) in &posts {
        assert_eq!(globex_admin.post(path, fields).await.status(), StatusCode::NOT_FOUND, "POST {path}");
    }

    assert_eq!(snapshot(), before);
    assert_eq!(app.count("partner_groups WHERE name = 'Hijacked' OR terms_url IS NOT NULL"), 0);
    assert_eq!(app.count("links WHERE title = 'Hijacked' OR code LIKE 'stolen%'"), 0);
    assert_eq!(app.count("vendors WHERE name = 'Hijacked'"), 0);
}
