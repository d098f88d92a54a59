//! The Social content tab and the share actions beside partners' links.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::location;

fn tab(app: &TestApp) -> String {
    format!("/vendor/acme/groups/{}/social-content", app.group_id("acme", "Default"))
}

fn decoded(url: &str) -> String {
    percent_encoding::percent_decode_str(url).decode_utf8_lossy().into_owned()
}

#[tokio::test]
async fn a_group_has_the_articles_seven_tabs_in_their_order() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let page = app.page(&tab(&app)).await;
    let tabs = page.texts("nav.tabs a");
    let expected =
        ["Offers", "Links", "Lead submission", "Deal registration", "Social content", "Application", "Settings"];
    assert_eq!(tabs, expected);
    assert_eq!(page.text("nav.tabs a.active"), "Social content");
}

#[tokio::test]
async fn preview_post_fills_the_templates_without_saving_and_update_saves_them() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let path = tab(&app);
    assert!(app.page(&path).await.text("textarea#x_message").contains("{link}"), "a default to start from");

    let fields = |x: &'static str, action: &'static str| {
        vec![
            ("x_message", x),
            ("linkedin_title", "Try Acme"),
            ("linkedin_message", "Acme saves me hours: {link}"),
            ("email_subject", "Acme, from {partner_name}"),
            ("email_body", "Hello! {link}\n{partner_name}"),
            ("action", action),
        ]
    };
    let missing_link = app.post_page(&path, &fields("No link here", "update")).await;
    assert_eq!(missing_link.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing_link.field_error("x_message").unwrap().contains("{link}"));
    assert_eq!(missing_link.text("textarea#x_message"), "No link here", "what was typed is kept");

    let preview = app.post_page(&path, &fields("Go Acme {link}", "preview")).await;
    assert_eq!(preview.status, StatusCode::OK);
    let sample = format!("{}/go/acme/alexp", app.base_url);
    assert_eq!(preview.text("#preview-x"), format!("Go Acme {sample}"));
    assert_eq!(preview.text("#preview-email-subject"), "Acme, from Alex Partner");
    assert_eq!(app.count("group_social_content"), 0, "a preview saves nothing");

    let saved = app.post(&path, &fields("Go Acme {link}", "update")).await;
    assert_eq!(location(&saved), path);
    assert_eq!(app.page(&path).await.text("textarea#x_message"), "Go Acme {link}");
}

#[tokio::test]
async fn every_tracking_link_shares_the_partners_own_link_escaped() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let save = [
        ("x_message", "Love it {link}"),
        ("linkedin_title", "Acme"),
        ("linkedin_message", "See {link}"),
        ("email_subject", "From {partner_name}"),
        ("email_body", "Try {link} & reply"),
        ("action", "update"),
    ];
    app.post(&tab(&app), &save).await;
    let ann = app.new_agent();
    let code = ann.join_acme("Ann & <Co>", "ann@example.com", "").await;
    let bob = app.new_agent();
    let bob_code = bob.join_acme("Bob", "bob@example.com", "").await;

    let page = ann.page("/partner/acme/links").await;
    let own = format!("{}/go/acme/{code}", app.base_url);
    let x = page.attr("#sales-websites tr[data-code=acme] .share-x", "href").unwrap();
    assert!(x.starts_with("https://twitter.com/intent/tweet?text="));
    assert_eq!(decoded(x.split_once("text=").unwrap().1), format!("Love it {own}"));
    let email = page.attr("#sales-websites tr[data-code=acme] .share-email", "href").unwrap();
    assert!(!email.contains(' ') && !email.contains('<') && !email.contains("& "), "{email}");
    let (subject, body) = email.trim_start_matches("mailto:?subject=").split_once("&body=").unwrap();
    assert_eq!(decoded(subject), "From Ann & <Co>");
    assert_eq!(decoded(body), format!("Try {own} & reply"));
    let linkedin = page.attr("#sales-websites tr[data-code=acme] .share-linkedin", "href").unwrap();
    assert!(decoded(&linkedin).contains(&format!("url={own}")));

    let bobs = bob.page("/partner/acme/links").await;
    let bob_x = decoded(&bobs.attr("#sales-websites tr[data-code=acme] .share-x", "href").unwrap());
    assert!(
        bob_x.ends_with(&format!("/go/acme/{bob_code}")) && !bob_x.contains(&code),
        "each partner shares their own"
    );
}
