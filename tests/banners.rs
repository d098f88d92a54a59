//! Banners: uploads checked by their bytes, HTML for partners with their
//! own link, clicks counted per banner.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{UserAgent, eventually, into_page, location};

/// A 3×2 GIF.
const GIF: &[u8] = b"GIF89a\x03\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x03\x00\x02\x00\x00\x02\x02D\x01\x00;";

async fn upload(
    agent: &UserAgent,
    vendor: &str,
    name: &str,
    link_id: &str,
    file_name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let fields = [("name", name), ("link_id", link_id)];
    agent.post_multipart(&format!("/vendor/{vendor}/banners"), &fields, ("file", file_name, bytes)).await
}

#[tokio::test]
async fn an_upload_that_is_not_the_image_it_claims_is_refused_with_the_name_kept() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let link = app.link_id("acme").to_string();
    let mut oversize = GIF.to_vec();
    oversize.resize(2 * 1024 * 1024 + 10, 0);
    for (file_name, bytes, says) in [
        ("notes.png", b"just some text".as_slice(), "not a PNG, JPEG, GIF or WebP"),
        ("big.gif", oversize.as_slice(), "at most 2 MB"),
        ("photo.png", GIF, "holds a GIF"),
    ] {
        let page = into_page(upload(&app, "acme", "Spring sale", &link, file_name, bytes).await).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{file_name}");
        assert!(page.field_error("file").unwrap().contains(says), "{file_name}: {:?}", page.field_error("file"));
        assert_eq!(page.field_value("name").as_deref(), Some("Spring sale"), "the name is kept");
    }
    let no_name = into_page(upload(&app, "acme", "", &link, "ad.gif", GIF).await).await;
    assert!(no_name.field_error("name").is_some());
    assert_eq!(app.count("banners"), 0);
}

#[tokio::test]
async fn a_partner_pastes_a_banner_that_links_through_their_own_link_and_its_clicks_are_counted() {
    let app = TestApp::spawn().await;
    app.sign_up_vendor("Acme", "owner@acme.example").await;
    let link = app.link_id("acme").to_string();
    let uploaded = upload(&app, "acme", "Spring <sale>", &link, "spring.GIF", GIF).await;
    assert_eq!(location(&uploaded), "/vendor/acme/banners");
    let list = app.page("/vendor/acme/banners").await;
    assert_eq!(list.text("#banners .dimensions"), "3×2", "dimensions read from the bytes");

    let pat = app.new_agent();
    let code = pat.join_acme("Pat", "pat@example.com", "").await;
    let page = pat.page("/partner/acme/banners").await;
    let html = page.text(".banner-html");
    let banner = app.id_for("SELECT id FROM banners");
    let ad = app.text_for(&format!("SELECT code AS value FROM ads WHERE banner_id = {banner}"));
    let tracking = format!("{}/go/acme/{code}/{ad}", app.base_url);
    assert!(
        html.starts_with(&format!(
            "<a href=\"{tracking}\" rel=\"sponsored\"><img src=\"{}/media/banners/{banner}-",
            app.base_url
        )),
        "{html}"
    );
    assert!(html.contains("width=\"3\" height=\"2\" alt=\"Spring &lt;sale&gt;\""), "the name is escaped: {html}");

    let src = page.attr(".banner-preview img", "src").unwrap();
    let image = app.get(src.trim_start_matches(&app.base_url)).await;
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/gif");
    assert_eq!(image.bytes().await.unwrap().as_ref(), GIF);
    assert_eq!(app.get(&format!("/media/banners/{banner}-0000000000000000.gif")).await.status(), StatusCode::NOT_FOUND);

    assert_eq!(app.get(&format!("/go/acme/{code}/{ad}")).await.status(), StatusCode::FOUND);
    let clicks =
        eventually(async || app.page("/vendor/acme/banners").await.text("#banners .clicks"), |clicks| clicks == "1")
            .await;
    assert_eq!(clicks, "1", "the click through the banner is counted for it");
    pat.page("/partner/acme/banners").await;
    assert_eq!(app.count("ads WHERE banner_id IS NOT NULL"), 1, "one ad per partner and banner");

    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    assert_eq!(
        globex.post(&format!("/vendor/globex/banners/{banner}/delete"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let into_acme = into_page(upload(&globex, "globex", "Mine", &link, "ad.gif", GIF).await).await;
    assert!(into_acme.field_error("link_id").is_some(), "another vendor's link is no target");
    app.post(&format!("/vendor/acme/banners/{banner}/delete"), &[]).await;
    assert!(pat.page("/partner/acme/banners").await.texts(".banner").is_empty());
    assert_eq!(app.get(src.trim_start_matches(&app.base_url)).await.status(), StatusCode::NOT_FOUND);
}
