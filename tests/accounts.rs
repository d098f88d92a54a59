//! Sign-up, log-in and the landing pages after them.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, location};

fn vendor_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("company_name", "Acme Inc"),
        ("company_website", "https://acme.example"),
        ("name", "Ann Owner"),
        ("email", "ann@acme.example"),
        ("password", PASSWORD),
    ];
    for (key, value) in overrides {
        fields.retain(|(k, _)| k != key);
        fields.push((key, value));
    }
    fields
}

#[tokio::test]
async fn vendor_sign_up_creates_the_vendor_its_default_group_and_original_link() {
    let app = TestApp::spawn().await;

    let response = app.post("/signup/vendor", &vendor_form(&[])).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/vendor/acme-inc");
    let dashboard = app.page("/vendor/acme-inc").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.text(".flash-success").contains("Acme Inc is ready"));
    assert_eq!(dashboard.texts("#groups tbody tr td:first-child a"), vec!["Default"]);
    assert_eq!(dashboard.text("#groups .badge"), "Default");
    let group_href = dashboard.attr("#groups tbody a", "href").expect("a link to the group page");
    let group = app.page(&group_href).await;
    assert_eq!(group.text("h1"), "Default Default group");
    assert!(group.text(".page-head .muted").contains("https://acme.example/"));
    assert_eq!(group.text(".link-row code"), "acme-inc");
    assert_eq!(group.text(".copy-source"), format!("{}/go/acme-inc/{{partner code}}", app.base_url));
    assert_eq!(
        (app.count("users"), app.count("vendors"), app.count("vendor_members"), app.count("links")),
        (1, 1, 1, 1)
    );
}

#[tokio::test]
async fn every_kind_of_bad_vendor_sign_up_input_is_sent_back_with_its_message_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let long_name = "x".repeat(101);
    let long_password = "p".repeat(129);
    let cases: &[(&str, &str, &str)] = &[
        ("company_name", "   ", "Enter your company name"),
        ("company_name", &long_name, "up to 100 characters"),
        ("company_website", "", "Enter a URL"),
        ("company_website", "ftp://acme.example", "Only http:// and https://"),
        ("company_website", "https://user:secret@acme.example", "Remove the user name and password"),
        ("company_website", "not a url", "Enter a full web address"),
        ("name", "", "Enter your name"),
        ("email", "", "Enter your email address"),
        ("email", "ann-at-acme", "Enter a valid email address"),
        ("password", "short", "at least 8 characters"),
        ("password", &long_password, "at most 128 characters"),
    ];
    for (field, value, expected) in cases {
        let page = app.post_page("/signup/vendor", &vendor_form(&[(field, value)])).await;

        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "case {field}={value:?}");
        let message = page.field_error(field).unwrap_or_else(|| panic!("no message under {field} for {value:?}"));
        assert!(message.contains(expected), "case {field}={value:?}: got {message:?}");
        if *field != "company_name" {
            assert_eq!(
                page.field_value("company_name").as_deref(),
                Some("Acme Inc"),
                "typed values are kept ({field})"
            );
        }
        if *field != "email" {
            assert_eq!(
                page.field_value("email").as_deref(),
                Some("ann@acme.example"),
                "typed values are kept ({field})"
            );
        }
        assert_eq!(page.field_value("password").as_deref(), Some(""), "a password is never echoed back");
    }
    assert_eq!((app.count("users"), app.count("vendors"), app.count("partner_groups")), (0, 0, 0));
}

#[tokio::test]
async fn a_second_sign_up_with_the_same_email_is_refused_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let other = app.new_agent();

    let as_vendor = other.post_page("/signup/vendor", &vendor_form(&[("email", "PAT@example.com ")])).await;
    let as_partner = other
        .post_page("/signup/partner", &[("name", "Pat"), ("email", "pat@example.com"), ("password", PASSWORD)])
        .await;

    for page in [as_vendor, as_partner] {
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("email").unwrap().contains("already exists"));
    }
    assert_eq!((app.count("users"), app.count("vendors")), (1, 0));
}

#[tokio::test]
async fn vendors_with_the_same_name_get_distinct_slugs_and_link_codes() {
    let app = TestApp::spawn().await;
    let first = app.sign_up_vendor("Acme", "a@acme.example").await;
    let second = app.new_agent().sign_up_vendor("Acme", "b@acme.example").await;

    assert_eq!((first.as_str(), second.as_str()), ("acme", "acme-2"));
    assert_eq!(app.count("links"), 2);
}

#[tokio::test]
async fn partner_sign_up_lands_in_the_partner_center() {
    let app = TestApp::spawn().await;

    let response = app
        .post("/signup/partner", &[("name", "Pat Partner"), ("email", "pat@example.com"), ("password", PASSWORD)])
        .await;

    assert_eq!(location(&response), "/partner");
    let center = app.page("/partner").await;
    assert_eq!(center.status, StatusCode::OK);
    assert_eq!(center.text("h1"), "My programs");
    assert_eq!(center.text(".account-link"), "Pat Partner");
    assert!(!center.has("a[href='/vendor']"), "a partner is offered no vendor dashboard");
}

#[tokio::test]
async fn bad_partner_sign_up_keeps_the_typed_name_and_email() {
    let app = TestApp::spawn().await;

    let page = app.post_page("/signup/partner", &[("name", "Pat"), ("email", "pat@"), ("password", "1234")]).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.field_error("email").is_some() && page.field_error("password").is_some());
    assert_eq!(page.field_value("name").as_deref(), Some("Pat"));
    assert_eq!(page.field_value("email").as_deref(), Some("pat@"));
    assert_eq!(app.count("users"), 0);
}

#[tokio::test]
async fn log_in_lands_a_vendor_admin_on_the_dashboard_and_a_partner_in_the_partner_center() {
    let app = TestApp::spawn().await;
    let slug = app.sign_up_vendor("Acme", "owner@acme.example").await;
    app.log_out().await;
    app.new_agent().sign_up_partner("Pat", "pat@example.com").await;

    let vendor = app.new_agent();
    let partner = app.new_agent();
    let vendor_login = vendor.log_in("Owner@Acme.example", PASSWORD).await;
    let partner_login = partner.log_in("pat@example.com", PASSWORD).await;

    assert_eq!(location(&vendor_login), format!("/vendor/{slug}"));
    assert_eq!(location(&partner_login), "/partner");
    assert_eq!(vendor.page(&format!("/vendor/{slug}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_message() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let other = app.new_agent();

    let wrong_password =
        crate::helpers::app::into_page(other.log_in("pat@example.com", "not the password").await).await;
    let unknown_email = crate::helpers::app::into_page(other.log_in("nobody@example.com", PASSWORD).await).await;

    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.text(".flash-error"), "Email or password is incorrect.");
    assert_eq!(unknown_email.text(".flash-error"), wrong_password.text(".flash-error"));
    assert_eq!(wrong_password.field_value("email").as_deref(), Some("pat@example.com"));
}

#[tokio::test]
async fn log_in_returns_to_the_page_asked_for_but_never_to_another_site() {
    let app = TestApp::spawn().await;
    let slug = app.sign_up_vendor("Acme", "owner@acme.example").await;
    app.log_out().await;

    let asked = app.get(&format!("/vendor/{slug}")).await;
    assert_eq!(location(&asked), format!("/login?next=%2Fvendor%2F{slug}"));
    let form = app.page(&location(&asked)).await;
    assert_eq!(form.attr("input[name=next]", "value"), Some(format!("/vendor/{slug}")));
    let back = app
        .post(
            "/login",
            &[("email", "owner@acme.example"), ("password", PASSWORD), ("next", &format!("/vendor/{slug}"))],
        )
        .await;
    assert_eq!(location(&back), format!("/vendor/{slug}"));

    app.log_out().await;
    let hostile = app
        .post("/login", &[("email", "owner@acme.example"), ("password", PASSWORD), ("next", "//evil.example/")])
        .await;
    assert_eq!(location(&hostile), format!("/vendor/{slug}"));
}

#[tokio::test]
async fn a_signed_in_partner_can_start_a_program_and_then_switch_between_both_areas() {
    let app = TestApp::spawn().await;
    app.sign_up_partner("Pat", "pat@example.com").await;
    let form = app.page("/signup/vendor").await;
    assert!(!form.has("input[name=password]"), "no second account is asked for");

    let response =
        app.post("/signup/vendor", &[("company_name", "Pat's Shop"), ("company_website", "shop.example")]).await;

    assert_eq!(location(&response), "/vendor/pat-s-shop");
    assert_eq!(app.count("users"), 1);
    app.execute("INSERT INTO vendors (name, slug, website) VALUES ('Other', 'other', 'https://other.example')");
    app.execute("INSERT INTO partner_groups (vendor_id, name, slug, destination_url, is_default) SELECT id, 'Default', 'default', website, true FROM vendors WHERE slug = 'other'");
    app.execute("INSERT INTO partnerships (vendor_id, user_id, group_id, code) SELECT v.id, u.id, g.id, 'pat123' FROM vendors v, users u, partner_groups g WHERE v.slug = 'other' AND g.vendor_id = v.id");
    let dashboard = app.page("/vendor/pat-s-shop").await;
    assert_eq!(dashboard.texts(".topnav a:not(.account-link)"), vec!["Vendor dashboard", "Partner center"]);
    let center = app.page("/partner").await;
    assert_eq!(center.texts("#programs tbody td:first-child"), vec!["Other"]);
    assert_eq!(center.texts(".topnav a:not(.account-link)"), vec!["Vendor dashboard", "Partner center"]);
}
