//! Proving a domain: where anyone may sign up, a listed domain is usable
//! only once the vendor serves its own token at
//! /.well-known/partnerdesk-verification.txt on it.

use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, UserAgent, location};
use crate::helpers::site::FileSite;

const PROOF_PATH: &str = "/.well-known/partnerdesk-verification.txt";

async fn sign_up(app: &UserAgent, company: &str, email: &str) -> String {
    let fields = [
        ("company_name", company),
        ("company_website", "https://www.acme.example/"),
        ("name", "Owner"),
        ("email", email),
        ("password", PASSWORD),
    ];
    let slug = location(&app.post("/signup/vendor", &fields).await).trim_start_matches("/vendor/").to_string();
    app.confirm_email(email).await;
    slug
}

async fn prove(app: &TestApp, domain: &str) -> String {
    let response = app.post("/vendor/acme/settings/domains/prove", &[("domain", domain)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.page("/vendor/acme/settings").await.text(".flash")
}

async fn group_to(app: &TestApp, destination: &str) -> StatusCode {
    app.post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", destination)]).await.status()
}

fn allowed(app: &TestApp) -> String {
    app.text_for("SELECT array_to_string(allowed_domains, ' ') AS value FROM vendors WHERE slug = 'acme'")
}

#[tokio::test]
async fn a_listed_domain_leads_nowhere_until_the_vendor_serves_its_own_token_there() {
    let site = FileSite::start(PROOF_PATH).await;
    let port = site.port;
    let app = TestApp::spawn_with(|s| {
        s.verify_domains = None; // open sign-up asks for proof by default
        s.domain_check_http_port = port;
    })
    .await;
    let other = app.new_agent();
    sign_up(&other, "Globex", "owner@globex.example").await;
    sign_up(&app, "Acme", "owner@acme.example").await;

    let settings = app.page("/vendor/acme/settings").await;
    assert_eq!(allowed(&app), "", "even the website's own domain waits for proof");
    assert_eq!(settings.texts(".pending-domain strong"), vec!["www.acme.example"]);
    let page = app
        .post_page("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://www.acme.example/")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.field_error("destination_url").unwrap().contains("proven"));

    app.post("/vendor/acme/settings/domains", &[("domains", "www.acme.example\n127.0.0.1")]).await;
    let settings = app.page("/vendor/acme/settings").await;
    assert!(
        settings.text(".flash").contains("Waiting for proof: 127.0.0.1, www.acme.example"),
        "{}",
        settings.text(".flash")
    );
    let token = settings.attr("#proof-token", "value").unwrap();
    let landing = format!("http://127.0.0.1:{port}/landing");
    assert_eq!(group_to(&app, &landing).await, StatusCode::UNPROCESSABLE_ENTITY, "not proven yet");

    let nothing_served = prove(&app, "127.0.0.1").await;
    assert!(nothing_served.contains("not proven yet") && nothing_served.contains("404"), "{nothing_served}");
    let globex_token = other.page("/vendor/globex/settings").await.attr("#proof-token", "value").unwrap();
    assert_ne!(globex_token, token, "each vendor has its own token");
    site.serve(&globex_token);
    assert!(prove(&app, "127.0.0.1").await.contains("does not hold the token"), "another vendor's proof is not ours");
    assert_eq!(allowed(&app), "");

    site.serve(&format!("{token}\n"));
    assert!(prove(&app, "127.0.0.1").await.contains("127.0.0.1 is proven"));
    assert_eq!(allowed(&app), "127.0.0.1");
    assert_eq!(group_to(&app, &landing).await, StatusCode::SEE_OTHER, "proven: links may lead there");
    let settings = app.page("/vendor/acme/settings").await;
    assert_eq!(settings.texts(".pending-domain strong"), vec!["www.acme.example"], "the other still waits");

    assert!(prove(&app, "evil.example").await.contains("not waiting for proof"), "only listed domains are fetched");
    app.post("/vendor/acme/settings/domains", &[("domains", "www.acme.example")]).await;
    app.post("/vendor/acme/settings/domains", &[("domains", "www.acme.example\n127.0.0.1")]).await;
    assert_eq!(allowed(&app), "", "a domain removed and listed again is proven again");
}

#[tokio::test]
async fn where_the_operator_vouches_for_vendors_domains_are_allowed_as_listed() {
    let app = TestApp::spawn_with(|s| s.verify_domains = Some(false)).await;
    sign_up(&app, "Acme", "owner@acme.example").await;
    assert_eq!(allowed(&app), "www.acme.example");
    let settings = app.page("/vendor/acme/settings").await;
    assert!(!settings.has("#proof-token"), "nothing to prove");
    app.post("/vendor/acme/settings/domains", &[("domains", "acme.example\nglobex.example")]).await;
    assert_eq!(allowed(&app), "acme.example globex.example");
    assert_eq!(group_to(&app, "https://globex.example/").await, StatusCode::SEE_OTHER);
}
