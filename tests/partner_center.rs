//! The partner center's resources: link generator, ads, secondary links.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, location};

async fn setup() -> (TestApp, UserAgent, String) {
    let app = TestApp::spawn().await;
    let pat = app.world().vendor("Acme").await.partner("Pat").await;
    (app, pat.agent, pat.code)
}

fn ad(name: &str, code: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_string()),
        ("media_type", "social".into()),
        ("starts_on", "2026-12-01".into()),
        ("code", code.to_string()),
    ]
}

async fn create_ad(agent: &UserAgent, name: &str, code: &str) -> reqwest::Response {
    let fields = ad(name, code);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    agent.post("/partner/acme/ads", &pairs).await
}

#[tokio::test]
async fn the_link_generator_lists_my_sites_my_referral_partners_and_my_ads_in_order() {
    let (app, pat, code) = setup().await;
    let kim = app.new_agent();
    let kim_code = kim.join_acme("Kim", "kim@example.com", &code).await;
    create_ad(&pat, "Spring Post", "").await;

    let page = pat.page("/partner/acme/links").await;

    let sections: Vec<String> = page.texts("main section.card > h2, main section.card .card-head h2");
    assert_eq!(sections, vec!["My Sales Websites", "My Referral Partners", "My Ads", "Generate Link"]);
    assert_eq!(
        page.text("#sales-websites tr[data-code=acme] .tracking-url"),
        format!("{}/go/acme/{code}", app.base_url)
    );
    assert_eq!(page.texts("#referral-partners .child td"), vec![kim_code.clone(), "Kim".into()]);
    assert_eq!(page.text("#recruit-url"), format!("{}/join/acme/default?ref={code}", app.base_url));
    assert_eq!(page.texts("#my-ads .ad code"), vec!["spring-post"]);
}

#[tokio::test]
async fn generated_links_have_the_exact_shape_for_me_my_child_and_an_ad() {
    let (app, pat, code) = setup().await;
    let kim = app.new_agent();
    let kim_code = kim.join_acme("Kim", "kim@example.com", &code).await;
    create_ad(&pat, "Spring Post", "").await;
    create_ad(&kim, "Kim Video", "kim-video").await;
    let link = app.link_id("acme");
    let (my_ad, kim_ad) = (
        app.id_for("SELECT id FROM ads WHERE code = 'spring-post'"),
        app.id_for("SELECT id FROM ads WHERE code = 'kim-video'"),
    );
    let cases = [
        (format!("who=me&link={link}&ad="), format!("{}/go/acme/{code}", app.base_url)),
        (format!("who={kim_code}&link={link}&ad="), format!("{}/go/acme/{kim_code}", app.base_url)),
        (format!("who=me&link={link}&ad={my_ad}"), format!("{}/go/acme/{code}/spring-post", app.base_url)),
        (format!("who={kim_code}&link={link}&ad={kim_ad}"), format!("{}/go/acme/{kim_code}/kim-video", app.base_url)),
    ];

    for (query, expected) in cases {
        let page = pat.page(&format!("/partner/acme/links?{query}")).await;
        assert_eq!(page.text("#generated-url"), expected, "{query}");
        let share = page.attr(".generated .share-x", "href").unwrap();
        let shared = percent_encoding::percent_decode_str(&share).decode_utf8_lossy().into_owned();
        assert!(shared.ends_with(&expected), "the generated link is shared as generated: {shared}");
        let path = expected.trim_start_matches(&app.base_url).to_string();
        assert_eq!(pat.get(&path).await.status(), StatusCode::FOUND, "{path} works");
    }
    let mismatched = pat.page(&format!("/partner/acme/links?who={kim_code}&link={link}&ad={my_ad}")).await;
    assert!(mismatched.text("#generate-problem").contains("whoever drives the traffic"));
    let stranger = pat.page(&format!("/partner/acme/links?who=zzzzzz99&link={link}&ad=")).await;
    assert!(stranger.text("#generate-problem").contains("referral partners"));
    assert!(!stranger.has("#generated-url"));
}

#[tokio::test]
async fn ads_get_a_code_from_their_name_unique_in_my_partnership_and_fixed_once_clicked() {
    let (app, pat, code) = setup().await;
    let sam = app.new_agent();
    sam.join_acme("Sam", "sam@example.com", "").await;
    create_ad(&sam, "Launch", "").await;

    create_ad(&pat, "Launch", "").await;
    create_ad(&pat, "Launch", "").await;
    let taken = crate::helpers::app::into_page(create_ad(&pat, "Other", "launch").await).await;
    let bad = pat
        .post_page(
            "/partner/acme/ads",
            &[("name", "Bad"), ("media_type", "radio"), ("starts_on", "next week"), ("description", "kept")],
        )
        .await;

    assert_eq!(pat.page("/partner/acme/links").await.texts("#my-ads .ad code"), vec!["launch", "launch-2"]);
    assert!(taken.field_error("code").unwrap().contains("already have an ad"));
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("media_type").is_some() && bad.field_error("starts_on").unwrap().contains("2026-12-01"));
    assert_eq!(bad.field_value("starts_on").as_deref(), Some("next week"));
    let launch = app.id_for(&format!("SELECT a.id FROM ads a JOIN partnerships p ON p.id = a.partnership_id WHERE p.code = '{code}' AND a.code = 'launch'"));
    let renamed = pat
        .post(
            &format!("/partner/acme/ads/{launch}"),
            &[("name", "Launch"), ("media_type", "video"), ("starts_on", "2026-12-02"), ("code", "launch-day")],
        )
        .await;
    assert_eq!(location(&renamed), "/partner/acme/links");
    pat.get(&format!("/go/acme/{code}/launch-day")).await;
    app.count_eventually("clicks", 1).await;
    let form = pat.page(&format!("/partner/acme/ads/{launch}/edit")).await;
    assert!(form.has("#code[readonly]"));
    assert!(form.text("#code-why").contains("already has clicks"));
    pat.post(
        &format!("/partner/acme/ads/{launch}"),
        &[("name", "Launch!"), ("media_type", "video"), ("starts_on", "2026-12-02"), ("code", "changed")],
    )
    .await;
    assert_eq!(app.count("ads WHERE code = 'launch-day' AND name = 'Launch!'"), 1, "name saved, code kept");
}

#[tokio::test]
async fn a_partner_cannot_reach_another_partners_ads_or_links_or_another_program() {
    let (app, pat, _) = setup().await;
    let sam = app.new_agent();
    sam.join_acme("Sam", "sam@example.com", "").await;
    create_ad(&sam, "Sam Ad", "").await;
    let sam_ad = app.id_for("SELECT id FROM ads");
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let globex_group = app.group_id("globex", "Default");
    globex
        .post(
            &format!("/vendor/globex/groups/{globex_group}/secondary-links"),
            &[("destination_url", "https://globex.example/x"), ("code", "gx")],
        )
        .await;
    let globex_secondary = app.link_id("gx");

    assert_eq!(pat.get(&format!("/partner/acme/ads/{sam_ad}/edit")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        pat.post(
            &format!("/partner/acme/ads/{sam_ad}"),
            &[("name", "Hijacked"), ("media_type", "email"), ("starts_on", "2026-12-01")]
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        pat.post(&format!("/partner/acme/secondary-links/{globex_secondary}/activate"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    for path in
        ["/partner/globex", "/partner/globex/links", "/partner/globex/secondary-links", "/partner/globex/ads/new"]
    {
        assert_eq!(pat.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let generate = pat.page(&format!("/partner/acme/links?who=me&link={}&ad={sam_ad}", app.link_id("acme"))).await;
    assert!(generate.has("#generate-problem"));
    assert_eq!(app.count("ads WHERE name = 'Hijacked'"), 0);
    assert_eq!(app.count("secondary_link_activations"), 0);

    app.execute("UPDATE partnerships SET status = 'removed' WHERE user_id = (SELECT id FROM users WHERE email = 'pat@example.com')");
    assert_eq!(pat.get("/partner/acme/links").await.status(), StatusCode::NOT_FOUND);
}
