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
