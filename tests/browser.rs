//! Journeys across pages in headless Chromium.

use reqwest::StatusCode;
use serde_json::json;

use crate::conversions::api;
use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, TEST_DOMAINS, eventually};
use crate::helpers::browser::Browser;
use crate::helpers::site::Site;

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
    browser.wait_until_contains(".flash-success", "Acme Rockets is ready").await;
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
        second.page_with_status(path, reqwest::StatusCode::NOT_FOUND).await;
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

    let (_, field_height) = browser.size("#create-group #name").await;
    assert!(field_height < 60.0, "a text field is one line tall, not {field_height}px");
    browser.fill("#create-group #name", "Gold").await;
    browser.fill("#create-group #destination_url", "https://acme.example/gold").await;
    browser.click("#create-group button[type=submit]").await;
    browser.wait_to_leave("/vendor/acme").await;
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

    browser.click(".tabs a[href$='/deal-registration']").await;
    browser.wait_for_path(&format!("{group}/deal-registration")).await;
    let (radio_width, _) = browser.size("input[name=won_action]").await;
    assert!(radio_width < 30.0, "a radio button sits before its label, not {radio_width}px wide");

    browser.click(".tabs a[href$='/settings']").await;
    browser.wait_for_path(&format!("{group}/settings")).await;
    browser.fill("#name", "Platinum").await;
    browser.click("form[action$='/rename'] button").await;
    browser.wait_until_contains(".flash-success", "Renamed to “Platinum”").await;
    assert!(browser.wait_text("#program-url").await.ends_with("/programs/acme/platinum"));

    browser.goto(&app.url("/programs/acme/gold")).await;
    browser.wait_for_path("/programs/acme/platinum").await;
    assert_eq!(browser.wait_text("#join").await, "Join Acme");
}

#[tokio::test]
async fn invited_partners_join_by_sign_up_and_by_log_in_and_an_applicant_is_approved() {
    let smtp = crate::helpers::smtp::SmtpServer::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.new_agent().sign_up_partner("Bob", "bob@example.com").await;
    let browser = Browser::start().await;
    sign_up_vendor_in(&browser, &app).await;
    let (_, field_height) = browser.size("#create-group #name").await;
    assert!(field_height < 60.0, "a text field is one line tall, not {field_height}px");
    browser.fill("#create-group #name", "Gold").await;
    browser.fill("#create-group #destination_url", "https://acme.example/gold").await;
    browser.click("#create-group button[type=submit]").await;
    browser.wait_to_leave("/vendor/acme").await;
    let gold = format!("/vendor/acme/groups/{}", app.group_id("acme", "Gold"));
    browser.wait_for_path(&gold).await;

    browser.click(".menu a[href='/vendor/acme/invites']").await;
    browser.wait_for_path("/vendor/acme/invites").await;
    browser.fill("#emails", "ann@example.com\nbob@example.com").await;
    browser.client.find(fantoccini::Locator::Css("#group_id")).await.unwrap().select_by_label("Gold").await.unwrap();
    browser.fill("#message", "Welcome aboard").await;
    browser.click("#invite-partners button[type=submit]").await;
    assert!(browser.wait_text("#invited").await.contains("Invited 2"));
    let emails = smtp.wait_for(2).await;
    let link_for =
        |to: &str| emails.iter().find(|e| e.envelope_to == [to]).unwrap().link(&format!("{}/invites/", app.base_url));
    let (ann_link, bob_link) = (link_for("ann@example.com"), link_for("bob@example.com"));

    browser.goto(&app.url(&format!("{gold}/application"))).await;
    browser.click("#application-enabled").await;
    browser.click("form[action$='/application'] button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "application form is on").await;
    log_out(&browser).await;

    browser.goto(&ann_link.replace(&app.base_url, &app.address)).await;
    browser.fill("#name", "Ann").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/partner/acme").await;
    assert_eq!(browser.wait_text(".details dd").await, "Gold");
    log_out(&browser).await;

    browser.goto(&bob_link.replace(&app.base_url, &app.address)).await;
    browser.wait_for_path("/login").await;
    assert_eq!(
        browser.client.find(fantoccini::Locator::Css("#email")).await.unwrap().prop("value").await.unwrap().as_deref(),
        Some("bob@example.com")
    );
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.click("#accept").await;
    browser.wait_for_path("/partner/acme").await;
    assert_eq!(browser.wait_text(".details dd").await, "Gold");
    log_out(&browser).await;

    browser.goto(&app.url("/join/acme/gold")).await;
    browser.click("#signup").await;
    browser.wait_for_path("/signup/partner").await;
    browser.fill("#name", "Carol").await;
    browser.fill("#email", "carol@example.com").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/join/acme/gold").await;
    assert!(browser.wait_text("#standing").await.contains("Confirm your email"));
    let confirmation = eventually(
        async || smtp.received_with_confirmations().into_iter().find(|e| e.envelope_to == ["carol@example.com"]),
        Option::is_some,
    )
    .await
    .expect("carol's confirmation email");
    browser.goto(&confirmation.link(&format!("{}/verify/", app.base_url)).replace(&app.base_url, &app.address)).await;
    browser.click("#verify button").await;
    browser.wait_for_path("/join/acme/gold").await;
    browser.click("#apply").await;
    assert!(browser.wait_text("#standing").await.contains("waiting"));
    log_out(&browser).await;

    log_in(&browser, &app, "ann@acme.example").await;
    browser.wait_for_path("/vendor/acme").await;
    browser.click(".menu a[href='/vendor/acme/applications']").await;
    browser.wait_for_path("/vendor/acme/applications").await;
    browser.click(".application[data-email='carol@example.com'] .approve").await;
    browser.wait_until_contains(".flash-success", "carol@example.com approved").await;
    let approval =
        smtp.wait_for(3).await.into_iter().find(|e| e.envelope_to == ["carol@example.com"]).expect("carol's email");
    assert!(approval.text().contains("/partner/acme"));
    let in_gold = "partnerships p JOIN users u ON u.id = p.user_id JOIN partner_groups g ON g.id = p.group_id \
                   WHERE g.name = 'Gold' AND p.status = 'active' AND u.email IN ('ann@example.com', 'bob@example.com', 'carol@example.com')";
    assert_eq!(app.count(in_gold), 3);
}

async fn sign_up_vendor_in(browser: &Browser, app: &TestApp) {
    browser.goto(&app.url("/signup/vendor")).await;
    browser.fill("#company_name", "Acme").await;
    browser.fill("#company_website", "acme.example").await;
    browser.fill("#name", "Ann Owner").await;
    browser.fill("#email", "ann@acme.example").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/vendor/acme").await;
    app.confirm_email("ann@acme.example").await;
}

/// Logs in through the log-in page and waits until it is left.
pub async fn log_in(browser: &Browser, app: &TestApp, email: &str) {
    log_in_with(browser, app, email, PASSWORD).await;
}

pub async fn log_in_with(browser: &Browser, app: &TestApp, email: &str, password: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", password).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_to_leave("/login").await;
}

/// Lets acme's links lead to the local sites these journeys start.
async fn allow_local_sites(app: &TestApp) {
    let domains = format!("{TEST_DOMAINS}\n127.0.0.1");
    app.post("/vendor/acme/settings/domains", &[("domains", &domains)]).await;
}

async fn log_out(browser: &Browser) {
    browser.click(".topnav .link-button").await;
    browser.wait_for_path("/login").await;
}

#[tokio::test]
async fn a_partner_creates_an_ad_generates_links_activates_a_secondary_link_and_sees_the_clicks() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    allow_local_sites(&app).await;
    let group = format!("/vendor/acme/groups/{}", app.group_id("acme", "Default"));
    let landing = app.url("/programs/acme/default");
    app.post(
        &format!("{group}/links"),
        &[("title", "Program"), ("destination_url", &landing), ("utm_source", "partners"), ("code", "program")],
    )
    .await;
    app.post(
        &format!("{group}/secondary-links"),
        &[("destination_url", &format!("{landing}?page=blog")), ("code", "blog")],
    )
    .await;
    let kim = app.new_agent();
    let browser = Browser::start().await;
    browser.goto(&app.url("/join/acme/default")).await;
    browser.click("#signup").await;
    browser.wait_for_path("/signup/partner").await;
    browser.fill("#name", "Pat").await;
    browser.fill("#email", "pat@example.com").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/join/acme/default").await;
    kim.confirm_email("pat@example.com").await;
    browser.goto(&app.url("/join/acme/default")).await;
    browser.click("#join").await;
    browser.wait_for_path("/partner/acme").await;
    let pat_code = browser.wait_text(".details dd code").await;
    let kim_code = kim.join_acme("Kim", "kim@example.com", &pat_code).await;

    browser.click(".menu a[href='/partner/acme/links']").await;
    browser.wait_for_path("/partner/acme/links").await;
    browser.click("#my-ads .card-head a").await;
    browser.wait_for_path("/partner/acme/ads/new").await;
    browser.fill("#name", "Spring Post").await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_for_path("/partner/acme/links").await;
    assert_eq!(browser.wait_text("#my-ads .ad code").await, "spring-post");

    let program = app.link_id("program").to_string();
    browser.client.find(fantoccini::Locator::Css("#link")).await.unwrap().select_by_value(&program).await.unwrap();
    select(&browser, "#ad", "Spring Post (spring-post)").await;
    browser.click("#generate button[type=submit]").await;
    let mine = browser.wait_text("#generated-url").await;
    assert_eq!(mine, format!("{}/go/program/{pat_code}/spring-post", app.base_url));
    select(&browser, "#who", &format!("Kim ({kim_code})")).await;
    select(&browser, "#ad", "No ad").await;
    browser.click("#generate button[type=submit]").await;
    browser.wait_until_text("#generated-url", &format!("{}/go/program/{kim_code}", app.base_url)).await;

    browser.goto(&app.url("/partner/acme/secondary-links")).await;
    browser.click(".secondary[data-code=blog] .create").await;
    browser.wait_until_contains(".flash-success", "activated").await;

    for (path, query) in [
        (format!("/go/program/{pat_code}/spring-post"), "utm_source=partners"),
        (format!("/go/program/{kim_code}"), "utm_source=partners"),
        (format!("/go/blog/{pat_code}"), "page=blog"),
    ] {
        browser.goto(&app.url(&path)).await;
        browser.wait_for_path("/programs/acme/default").await;
        let url = browser.client.current_url().await.unwrap();
        assert!(url.query().unwrap_or_default().contains(query), "{path} landed on {url}");
        assert!(url.query().unwrap_or_default().contains("pd_click="), "{url}");
    }

    assert_eq!(app.count_eventually("clicks", 3).await, 3);
    browser.goto(&app.url("/partner/acme/stats")).await;
    assert_eq!(browser.wait_text("#by-link tr[data-code=program] td.clicks").await, "1");
    assert_eq!(browser.wait_text("#by-link tr[data-code=blog] td.clicks").await, "1");
    assert_eq!(browser.wait_text("#by-ad tr[data-code=spring-post] td.clicks").await, "1");
    assert_eq!(app.page("/vendor/acme").await.text("tr[data-group=default] td.clicks"), "3");
}

async fn select(browser: &Browser, css: &str, label: &str) {
    let element = browser.client.find(fantoccini::Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}"));
    element.select_by_label(label).await.unwrap_or_else(|_| panic!("no option {label:?} in {css}"));
}

#[tokio::test]
async fn a_vendor_manages_partners_imports_a_csv_and_uses_the_api_with_curl() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    app.post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://acme.example/gold")]).await;
    let mut codes = Vec::new();
    for (name, email) in
        [("Ann Archer", "ann@example.com"), ("Bob Baker", "bob@example.com"), ("Cy Cole", "cy@example.com")]
    {
        codes.push(app.new_agent().join_acme(name, email, "").await);
    }
    let browser = Browser::start().await;
    log_in(&browser, &app, "owner@acme.example").await;
    browser.wait_for_path("/vendor/acme").await;

    browser.click(".menu a[href='/vendor/acme/partners']").await;
    browser.wait_for_path("/vendor/acme/partners").await;
    browser.fill("#filters input[name=q]", "bob@").await;
    browser.click("#filters button").await;
    browser.wait_until_text("#partner-count", "1 active partner(s).").await;
    browser.click("#partners tbody a").await;
    browser.wait_text("#partner-details").await;
    browser.click(".more-menu summary").await;
    browser.click("#create-link").await;
    browser.fill("#code", "bob-deal").await;
    browser.fill("#destination_url", "https://acme.example/bob").await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "bob-deal").await;

    browser.goto(&app.url("/vendor/acme/partners")).await;
    browser.click(&format!("tr[data-code='{}'] input[name=ids]", codes[0])).await;
    browser.click("#partner-actions summary").await;
    browser.click("#delete-partners").await;
    browser.wait_for_path("/vendor/acme/partners/remove").await;
    browser.click("#deactivate_links").await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "now answer 404").await;
    browser.click(&format!("tr[data-code='{}'] input[name=ids]", codes[1])).await;
    browser.click("#partner-actions summary").await;
    browser.click("#delete-partners").await;
    browser.wait_for_path("/vendor/acme/partners/remove").await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "keep working").await;
    browser.click(&format!("tr[data-code='{}'] input[name=ids]", codes[2])).await;
    browser.click("#partner-actions summary").await;
    browser.click("#update-group").await;
    browser.wait_for_path("/vendor/acme/partners/move").await;
    browser.client.find(fantoccini::Locator::Css("#group_id")).await.unwrap().select_by_label("Gold").await.unwrap();
    browser.click("#group-move").await;
    browser.wait_until_contains(".flash-success", "Moved to Gold").await;
    assert_eq!(app.get(&format!("/go/acme/{}", codes[0])).await.status(), reqwest::StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/go/acme/{}", codes[1])).await.status(), reqwest::StatusCode::FOUND);

    let csv = std::env::temp_dir().join(format!("partnerdesk-import-{}.csv", codes[2]));
    std::fs::write(&csv, "email,first_name,last_name,group\ndee@example.com,Dee,Dunn,Gold\n").unwrap();
    browser.click(".menu a[href='/vendor/acme/import']").await;
    browser.wait_for_path("/vendor/acme/import").await;
    browser
        .client
        .find(fantoccini::Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&csv.display().to_string())
        .await
        .unwrap();
    browser.click("form.stacked button[type=submit]").await;
    assert!(browser.wait_text("#summary").await.contains("1 to create"));
    browser.click("#import").await;
    browser.wait_for_path("/vendor/acme/partners").await;
    browser.wait_until_contains(".flash-success", "Imported 1 partner(s)").await;
    let _ = std::fs::remove_file(&csv);

    browser.goto(&app.url("/vendor/acme/api-keys")).await;
    browser.fill("#name", "curl").await;
    browser.click("form.stacked button[type=submit]").await;
    let key = browser.wait_text("#secret").await;
    let output = std::process::Command::new("curl")
        .args(["-s", "-w", "\n%{http_code}", "-X", "POST", &app.url("/api/v1/partnerships")])
        .args(["-H", &format!("Authorization: Bearer {key}"), "-H", "Content-Type: application/json"])
        .args(["-d", r#"{"email": "eli@example.com", "first_name": "Eli", "last_name": "Ng", "group": "gold"}"#])
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.ends_with("\n201"), "{text}");
    assert!(text.contains(r#""status":"pending""#), "{text}");
}

#[tokio::test]
async fn a_click_on_a_partner_link_becomes_a_credited_signup_and_sale_seen_by_the_vendor_and_the_partner() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "Site")]).await.text("#secret");
    let site = Site::start(format!(
        "<!doctype html><title>Acme</title><form id=signup><input type=hidden name=pd_click id=pd_click>\
         <input name=email></form><script src=\"{}/pd.js\" data-window-days=\"30\"></script>",
        app.base_url
    ))
    .await;
    allow_local_sites(&app).await;
    app.execute(&format!("UPDATE links SET destination_url = '{}/pricing' WHERE code = 'acme'", site.url));
    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;

    let browser = Browser::start().await;
    browser.goto(&app.url(&format!("/go/acme/{code}"))).await;
    browser.wait_for_path("/pricing").await;
    let landed = browser.client.current_url().await.unwrap();
    let click_id = landed.query_pairs().find(|(k, _)| k == "pd_click").map(|(_, v)| v.into_owned()).unwrap();
    let in_form = browser.client.execute("return document.getElementById('pd_click').value", vec![]).await.unwrap();
    let from_script = browser.client.execute("return window.partnerdesk.clickId()", vec![]).await.unwrap();
    assert_eq!((in_form.as_str(), from_script.as_str()), (Some(click_id.as_str()), Some(click_id.as_str())));
    browser.goto(&format!("{}/thanks", site.url)).await;
    let kept = browser.client.execute("return window.partnerdesk.clickId()", vec![]).await.unwrap();
    assert_eq!(kept.as_str(), Some(click_id.as_str()), "kept in a first-party cookie across pages");

    let (status, signup) =
        api(&app, &key, "/api/v1/signups", &json!({"customer_key": "cus_1", "click_id": click_id})).await;
    assert_eq!((status, signup["partner_code"].as_str()), (StatusCode::CREATED, Some(code.as_str())), "{signup}");
    let sale = json!({"customer_key": "cus_1", "sale_key": "order_1", "amount_cents": 4900, "currency": "USD"});
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::CREATED);

    log_in(&browser, &app, "owner@acme.example").await;
    browser.wait_for_path("/vendor/acme").await;
    assert_eq!(browser.wait_text("tr[data-group=default] td.revenue").await, "$49.00");
    let cells = browser.client.find_all(fantoccini::Locator::Css("tr[data-group=default] td.num")).await.unwrap();
    assert_eq!(cells[2].text().await.unwrap(), "1", "one signup");
    log_out(&browser).await;

    browser.fill("#email", "pat@example.com").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("form.stacked button[type=submit]").await;
    browser.wait_to_leave("/login").await;
    browser.goto(&app.url("/partner/acme")).await;
    assert_eq!(browser.wait_text("#overview .signups").await, "1");
    assert_eq!(browser.wait_text("#overview .revenue").await, "$49.00");
}

#[tokio::test]
async fn a_vendor_offers_20_percent_the_partner_earns_it_and_sees_it_approved_and_paid() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let key = app.post_page("/vendor/acme/api-keys", &[("name", "Site")]).await.text("#secret");
    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;
    let browser = Browser::start().await;
    log_in(&browser, &app, "owner@acme.example").await;
    browser.wait_for_path("/vendor/acme").await;

    browser.click("tr[data-group=default] a").await;
    browser.click("nav.tabs a:first-child").await;
    let offers = format!("/vendor/acme/groups/{}/offers", app.group_id("acme", "Default"));
    browser.wait_for_path(&offers).await;
    browser.click("#create-offer").await;
    browser.wait_for_path(&format!("{offers}/new")).await;
    browser.fill("#name", "20% of every sale").await;
    browser.click("form#offer-form button[type=submit]").await;
    browser.wait_for_path(&offers).await;
    assert!(browser.wait_text(".offer .terms").await.starts_with("20% of every sale"));

    api(&app, &key, "/api/v1/signups", &json!({"customer_key": "c1", "partner_code": code})).await;
    let sale = json!({"customer_key": "c1", "sale_key": "order_1", "amount_cents": 4900, "currency": "USD"});
    assert_eq!(api(&app, &key, "/api/v1/sales", &sale).await.0, StatusCode::CREATED);

    let partner = Browser::start().await;
    log_in(&partner, &app, "pat@example.com").await;
    partner.goto(&app.url("/partner/acme/earnings")).await;
    assert_eq!(partner.wait_text("#totals .pending").await, "$9.80");
    partner.click("#commissions .receipt-link").await;
    assert_eq!(partner.wait_text("#receipt .arithmetic").await, "20% of $49.00 = $9.80");

    browser.goto(&app.url("/vendor/acme/commissions")).await;
    browser.click("#commissions tbody input[name=ids]").await;
    browser.click("#approve-selected").await;
    browser.wait_until_contains(".flash-success", "Approved 1").await;
    browser.goto(&app.url("/vendor/acme/payouts")).await;
    browser.click("#create-payout button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "Payout batch").await;
    browser.fill(".mark-paid input[name=reference]", "wire 1001").await;
    browser.click(".mark-paid button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "marked paid").await;

    partner.goto(&app.url("/partner/acme/earnings")).await;
    assert_eq!(partner.wait_text("#totals .paid").await, "$9.80");
    assert_eq!(partner.wait_text("#totals .pending").await, "$0.00");
    partner.goto(&app.url("/partner/acme/payouts")).await;
    assert!(partner.wait_text("#payouts").await.contains("wire 1001"));
}

#[tokio::test]
async fn a_vendor_enables_lead_submission_a_partner_submits_a_lead_and_the_vendor_moves_it_to_won() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let pat = app.new_agent();
    pat.join_acme("Pat", "pat@example.com", "").await;
    let browser = Browser::start().await;
    log_in(&browser, &app, "owner@acme.example").await;
    browser.wait_for_path("/vendor/acme").await;
    browser.click("tr[data-group=default] a").await;
    browser.click("nav.tabs a[href$='/lead-submission']").await;
    let tab = format!("/vendor/acme/groups/{}/lead-submission", app.group_id("acme", "Default"));
    browser.wait_for_path(&tab).await;
    browser.click("#pipeline-enabled").await;
    browser.click("main form.stacked button[type=submit]").await;
    browser.wait_until_contains(".flash-success", "Lead submission is on").await;

    let partner = Browser::start().await;
    log_in(&partner, &app, "pat@example.com").await;
    partner.goto(&app.url("/partner/acme")).await;
    partner.click("a[href='/partner/acme/leads']").await;
    partner.click("#new-entry").await;
    partner.wait_for_path("/partner/acme/leads/new").await;
    partner.fill("#contact_name", "Lee Lead").await;
    partner.fill("#contact_email", "lee@lead.example").await;
    partner.fill("#company", "Lead Co").await;
    partner.click("#send-entry").await;
    partner.wait_for_path("/partner/acme/leads").await;
    assert_eq!(partner.wait_text("#my-entries tbody .stage").await, "New");

    browser.goto(&app.url("/vendor/acme")).await;
    browser.click("nav a[href='/vendor/acme/leads']").await;
    browser.click("#entries tbody a").await;
    select(&browser, "#stage_id", "Won (won)").await;
    browser.fill("#note", "Signed").await;
    browser.click("#move-stage button[type=submit]").await;
    assert_eq!(browser.wait_text("#current-stage").await, "Won");
    assert!(browser.wait_text("#history").await.contains("Moved from New to Won — Signed"));
    browser.click("#make-customer").await;
    browser.wait_until_contains(".flash-success", "credited to the partner").await;

    partner.goto(&app.url("/partner/acme/leads")).await;
    assert_eq!(partner.wait_text("#my-entries tbody .stage").await, "Won");
}
