//! Public pages, error pages and static files.

use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn the_home_page_says_what_partnerdesk_is_and_offers_log_in_and_both_sign_ups() {
    let app = TestApp::spawn().await;

    let home = app.page("/").await;

    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text("h1").contains("Grow through"));
    assert!(home.text(".lead").contains("affiliate and referral program"));
    for href in ["/login", "/signup/vendor", "/signup/partner"] {
        assert!(home.has(&format!(".hero a[href='{href}']")), "home page lacks {href}");
    }
}

#[tokio::test]
async fn an_unknown_page_gets_the_404_page_in_the_site_look() {
    let app = TestApp::spawn().await;

    let page = app.page_with_status("/no/such/page", StatusCode::NOT_FOUND).await;
    assert_eq!(page.text("h1"), "Page not found");
    assert!(page.has("link[rel=stylesheet][href^='/static/app.css?v=']"));
    assert!(page.has(".topbar .brand"));
}

#[tokio::test]
async fn a_signed_in_persons_error_pages_keep_their_menus() {
    let app = TestApp::spawn().await;
    let acme = app.new_agent().sign_up_vendor("Acme", "owner@acme.example").await;
    let globex = app.sign_up_vendor("Globex", "owner@globex.example").await;

    for path in ["/no/such/page".to_string(), format!("/vendor/{acme}"), format!("/vendor/{globex}/groups/x")] {
        let page = app.page_with_status(&path, StatusCode::NOT_FOUND).await;
        assert_eq!(page.text("h1"), "Page not found", "{path}");
        assert!(page.has(".topnav a[href='/vendor']"), "{path}: no dashboard link");
        assert!(page.has(".topnav form[action='/logout']"), "{path}: no log-out");
        assert!(!page.has(".topnav a[href='/login']"), "{path}: offers to log in");
    }
    let visitor = app.new_agent().page_with_status("/no/such/page", StatusCode::NOT_FOUND).await;
    assert!(visitor.has(".topnav a[href='/login']"));
}

#[tokio::test]
async fn malformed_form_bodies_get_a_page_not_a_server_error() {
    let app = TestApp::spawn().await;
    let token = app.csrf_token().await;
    let bodies = [
        format!("csrf_token={token}&email=%ZZ%&password=%"),
        format!("csrf_token={token}&email=a&email=b"),
        format!("csrf_token={token}"),
    ];

    for body in bodies {
        let response = app.client_post("/login", body.clone(), "application/x-www-form-urlencoded").await;
        let status = response.status();
        let page = crate::helpers::app::into_page(response).await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert!(page.has("h1"), "{body}: no HTML page");
    }
}

#[tokio::test]
async fn static_files_are_versioned_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let href = app.page("/").await.attr("link[rel=stylesheet]", "href").expect("stylesheet");

    let response = app.get(&href).await;

    assert_eq!(response.status(), StatusCode::OK);
    let cache = response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cache.contains("max-age=31536000"), "{cache}");
    assert!(response.text().await.unwrap().contains(".topbar"));
}

#[tokio::test]
async fn the_dashboard_menu_shows_only_pages_that_exist() {
    let app = TestApp::spawn().await;
    let slug = app.sign_up_vendor("Acme", "owner@acme.example").await;

    let dashboard = app.page(&format!("/vendor/{slug}")).await;

    for href in dashboard.texts(".menu a") {
        assert!(!href.is_empty());
    }
    let links: Vec<String> = {
        let selector = scraper::Selector::parse(".menu a").unwrap();
        dashboard.html.select(&selector).filter_map(|a| a.value().attr("href").map(str::to_string)).collect()
    };
    for href in links {
        assert_eq!(app.get(&href).await.status(), StatusCode::OK, "menu entry {href} leads nowhere");
    }
}

#[tokio::test]
async fn each_page_highlights_its_own_menu_entry_and_group_tab() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let pat = app.new_agent();
    pat.join_acme("Pat", "pat@example.com", "").await;
    let group = app.group_id("acme", "Default");
    let vendor_pages = [
        ("/vendor/acme/overview", "Overview"),
        ("/vendor/acme", "Groups"),
        ("/vendor/acme/partners", "All Partners"),
        ("/vendor/acme/customers", "Customers"),
        ("/vendor/acme/leads", "Leads"),
        ("/vendor/acme/deals", "Deals"),
        ("/vendor/acme/import", "Import"),
        ("/vendor/acme/email-templates", "E-mail Templates"),
        ("/vendor/acme/team", "Team"),
        ("/vendor/acme/integration", "Integration"),
    ];
    for (path, entry) in vendor_pages {
        assert_eq!(app.page(path).await.text("nav.menu a.active"), entry, "{path}");
    }
    let tabs = [
        (format!("/vendor/acme/groups/{group}/offers"), "Offers"),
        (format!("/vendor/acme/groups/{group}"), "Links"),
        (format!("/vendor/acme/groups/{group}/deal-registration"), "Deal registration"),
        (format!("/vendor/acme/groups/{group}/application"), "Application"),
        (format!("/vendor/acme/groups/{group}/settings"), "Settings"),
    ];
    for (path, tab) in tabs {
        let page = app.page(&path).await;
        assert_eq!(page.text("nav.tabs a.active"), tab, "{path}");
        assert_eq!(page.text("nav.menu a.active"), "Groups", "{path}");
    }
    for (path, entry) in [
        ("/partner", "My programs"),
        ("/partner/acme", "Overview"),
        ("/partner/acme/earnings", "Earnings"),
        ("/partner/acme/links", "Link Generator"),
        ("/partner/acme/stats", "Link Tracking Stats"),
    ] {
        assert_eq!(pat.page(path).await.text("nav.menu a.active"), entry, "{path}");
    }
}
