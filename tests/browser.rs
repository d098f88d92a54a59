//! Journeys across pages in headless Chromium.

use crate::helpers::TestApp;
use crate::helpers::app::PASSWORD;
use crate::helpers::browser::Browser;

#[tokio::test]
async fn a_new_vendor_signs_up_logs_out_and_logs_in_again_and_a_second_vendor_cannot_see_its_pages() {
    let app = TestApp::spawn().await;
    let browser = Browser::start().await;

    browser.goto(&app.url("/")).await;
    browser.click(".hero a[href='/signup/vendor']").await;
    browser.wait_text("input[name=company_name]").await;
    browser.fill("#company_name", "Acme Rockets").await;
    browser.fill("#company_website", "rockets.example").await;
    browser.fill("#name", "Ann Owner").await;
    browser.fill("#email", "ann@rockets.example").await;
    browser.fill("#password", "short").await;
    browser.click("form.stacked button[type=submit]").await;
    assert!(browser.wait_text("#password-error").await.contains("at least 8"));
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;

    browser.wait_for_path("/vendor/acme-rockets").await;
    assert!(browser.wait_text(".flash-success").await.contains("Acme Rockets is ready"));
    let group_page = browser
        .client
        .find(fantoccini::Locator::Css("#groups tbody a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();

    browser.click(".topnav .link-button").await;
    browser.wait_for_path("/login").await;
    assert_eq!(browser.wait_text(".flash-success").await, "You have been logged out.");
    browser.goto(&app.url("/vendor/acme-rockets")).await;
    browser.wait_for_path("/login").await;
    browser.fill("#email", "ann@rockets.example").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/vendor/acme-rockets").await;
    assert_eq!(browser.wait_text("h1").await, "Groups");

    let second = app.new_agent();
    second.sign_up_vendor("Globex", "owner@globex.example").await;
    for path in ["/vendor/acme-rockets", group_page.as_str()] {
        let page = second.page(path).await;
        assert_eq!(page.status, reqwest::StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_vendor_creates_a_group_and_a_link_renames_the_group_and_follows_the_old_public_url() {
    let app = TestApp::spawn().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/signup/vendor")).await;
    browser.fill("#company_name", "Acme").await;
    browser.fill("#company_website", "acme.example").await;
    browser.fill("#name", "Ann").await;
    browser.fill("#email", "ann@acme.example").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/vendor/acme").await;

    browser.fill("#create-group #name", "Gold").await;
    browser.fill("#create-group #destination_url", "https://acme.example/gold").await;
    browser.click("#create-group button[type=submit]").await;
    let group = format!("/vendor/acme/groups/{}", app.group_id("acme", "Gold"));
    browser.wait_for_path(&group).await;
    browser.click("#default-links .card-head a.button").await;
    browser.wait_for_path(&format!("{group}/links/new")).await;
    browser.fill("#title", "Pricing").await;
    browser.fill("#destination_url", "https://acme.example/pricing").await;
    browser.fill("#utm_source", "partners").await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path(&group).await;
    assert_eq!(browser.wait_text(".link-row[data-code=pricing] .link-title").await, "Pricing");

    browser.click(".tabs a[href$='/settings']").await;
    browser.wait_for_path(&format!("{group}/settings")).await;
    browser.fill("#name", "Platinum").await;
    browser.click("form[action$='/rename'] button").await;
    assert!(browser.wait_text(".flash-success").await.contains("Renamed to “Platinum”"));
    assert!(browser.wait_text("#program-url").await.ends_with("/programs/acme/platinum"));

    browser.goto(&app.url("/programs/acme/gold")).await;
    browser.wait_for_path("/programs/acme/platinum").await;
    assert_eq!(browser.wait_text("#join").await, "Join Acme");
}
