//! The JSON API and its keys.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::app::{PASSWORD, location};
use crate::helpers::smtp::SmtpServer;

async fn acme_with_key(smtp: &SmtpServer) -> (TestApp, String) {
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.smtp_url = Some(url)).await;
    app.world().vendor("Acme").await;
    let page = app.post_page("/vendor/acme/api-keys", &[("name", "CRM sync")]).await;
    let secret = page.text("#secret");
    (app, secret)
}

async fn call(app: &TestApp, method: &str, path: &str, key: Option<&str>, body: Option<&str>) -> (StatusCode, Value) {
    let client = reqwest::Client::new();
    let mut request = client.request(method.parse().unwrap(), app.url(path));
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_api_key_is_shown_once_and_stored_only_as_a_hash() {
    let smtp = SmtpServer::start().await;
    let (app, secret) = acme_with_key(&smtp).await;

    let list = app.page("/vendor/acme/api-keys").await;

    assert!(secret.starts_with("pd_") && secret.len() > 40, "{secret}");
    assert!(!list.has("#secret"), "the secret is not shown again");
    assert_eq!(list.text("#keys .name"), "CRM sync");
    assert_eq!(app.count(&format!("api_keys WHERE key_hash = '{secret}' OR prefix = '{secret}'")), 0);
    assert_eq!(call(&app, "GET", "/api/v1/groups", Some(&secret), None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn creating_a_partnership_queues_an_invite_and_accepting_it_makes_it_active() {
    let smtp = SmtpServer::start().await;
    let (app, key) = acme_with_key(&smtp).await;

    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/partnerships",
        Some(&key),
        Some(r#"{"email": "Ann@Example.com", "first_name": "Ann", "last_name": "Lee"}"#),
    )
    .await;

    assert_eq!(status, StatusCode::CREATED, "{body}");
    let created = &body["partnership"];
    assert_eq!(
        (created["email"].as_str(), created["name"].as_str(), created["group"].as_str(), created["status"].as_str()),
        (Some("ann@example.com"), Some("Ann Lee"), Some("default"), Some("pending"))
    );
    let code = created["partner_code"].as_str().unwrap().to_string();
    assert_eq!(
        app.get(&format!("/go/acme/{code}")).await.status(),
        StatusCode::NOT_FOUND,
        "no credit before acceptance"
    );
    let email = smtp.wait_for(1).await.remove(0);
    assert_eq!(email.envelope_to, vec!["ann@example.com"]);
    let link = email.link(&format!("{}/invites/", app.base_url)).trim_start_matches(&app.base_url).to_string();
    assert_eq!(
        location(&app.new_agent().log_in("ann@example.com", "").await),
        "",
        "an unclaimed account cannot log in"
    );

    let ann = app.new_agent();
    let form = ann.page(&link).await;
    assert!(form.has("#email[readonly]"), "the invite claims the account by sign-up");
    let joined = ann.post(&format!("{link}/signup"), &[("name", "Ann Lee"), ("password", PASSWORD)]).await;

    assert_eq!(location(&joined), "/partner/acme");
    let (_, fetched) = call(&app, "GET", &format!("/api/v1/partnerships/{code}"), Some(&key), None).await;
    assert_eq!(fetched["partnership"]["status"], "active");
    assert_eq!(app.count("partnerships"), 1);
    assert_eq!(app.get(&format!("/go/acme/{code}")).await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn every_error_has_its_status_and_a_json_body() {
    let smtp = SmtpServer::start().await;
    let (app, key) = acme_with_key(&smtp).await;
    let pat = app.new_agent();
    pat.join_acme("Pat", "pat@example.com", "").await;
    struct Case {
        method: &'static str,
        path: &'static str,
        key: Option<String>,
        body: Option<&'static str>,
        status: StatusCode,
        code: &'static str,
        field: Option<&'static str>,
    }
    let case = |method, path, key: Option<&str>, body, status, code, field| Case {
        method,
        path,
        key: key.map(String::from),
        body,
        status,
        code,
        field,
    };
    let post = "/api/v1/partnerships";
    let cases = [
        case("POST", post, Some(&key), Some("{not json"), StatusCode::BAD_REQUEST, "bad_json", None),
        case(
            "POST",
            post,
            Some(&key),
            Some(r#"{"email": "nope"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("email"),
        ),
        case(
            "POST",
            post,
            Some(&key),
            Some(r#"{"email": "x@example.com", "group": "nope"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("group"),
        ),
        case(
            "POST",
            post,
            Some(&key),
            Some(r#"{"email": "pat@example.com"}"#),
            StatusCode::CONFLICT,
            "already_partner",
            None,
        ),
        case("POST", post, None, Some(r#"{"email": "x@example.com"}"#), StatusCode::UNAUTHORIZED, "unauthorized", None),
        case("GET", "/api/v1/groups", Some("pd_wrong"), None, StatusCode::UNAUTHORIZED, "unauthorized", None),
        case("GET", "/api/v1/partnerships/nosuchcode", Some(&key), None, StatusCode::NOT_FOUND, "not_found", None),
        case(
            "GET",
            "/api/v1/partnerships?status=sleeping",
            Some(&key),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            Some("status"),
        ),
        case("GET", "/api/v1/nothing-here", Some(&key), None, StatusCode::NOT_FOUND, "not_found", None),
    ];
    for Case { method, path, key, body, status, code, field } in cases {
        let (got, json) = call(&app, method, path, key.as_deref(), body).await;
        assert_eq!(got, status, "{method} {path} {body:?}: {json}");
        assert_eq!(json["code"], code, "{method} {path}: {json}");
        assert_eq!(json["field"].as_str(), field, "{method} {path}: {json}");
        assert!(json["error"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(app.count("invites"), 0, "no failed call created anything");
}

#[tokio::test]
async fn partnerships_list_by_group_and_status_in_pages_and_groups_are_listed() {
    let smtp = SmtpServer::start().await;
    let (app, key) = acme_with_key(&smtp).await;
    app.post("/vendor/acme/groups", &[("name", "Gold"), ("destination_url", "https://acme.example/gold")]).await;
    app.new_agent().join_acme("Pat", "pat@example.com", "").await;
    call(&app, "POST", "/api/v1/partnerships", Some(&key), Some(r#"{"email": "g@example.com", "group": "gold"}"#))
        .await;

    let (_, groups) = call(&app, "GET", "/api/v1/groups", Some(&key), None).await;
    let (_, active) = call(&app, "GET", "/api/v1/partnerships", Some(&key), None).await;
    let (_, gold) = call(&app, "GET", "/api/v1/partnerships?group=gold&status=pending", Some(&key), None).await;
    let (_, empty_page) = call(&app, "GET", "/api/v1/partnerships?page=2", Some(&key), None).await;

    assert_eq!(
        groups["data"],
        json!([{"slug": "default", "name": "Default", "is_default": true}, {"slug": "gold", "name": "Gold", "is_default": false}])
    );
    assert_eq!(active["total"], 1);
    assert_eq!(active["data"][0]["email"], "pat@example.com");
    assert_eq!(gold["data"][0]["email"], "g@example.com");
    assert_eq!(gold["total"], 1);
    assert_eq!(empty_page["data"], json!([]));
    assert_eq!(empty_page["page"], 2);
}

#[tokio::test]
async fn keys_are_per_vendor_and_a_revoked_key_stops_working() {
    let smtp = SmtpServer::start().await;
    let (app, acme_key) = acme_with_key(&smtp).await;
    let pat_code = app.new_agent().join_acme("Pat", "pat@example.com", "").await;
    let globex = app.new_agent();
    globex.sign_up_vendor("Globex", "owner@globex.example").await;
    let globex_key = globex.post_page("/vendor/globex/api-keys", &[("name", "g")]).await.text("#secret");
    let acme_key_id =
        app.id_for("SELECT k.id FROM api_keys k JOIN vendors v ON v.id = k.vendor_id WHERE v.slug = 'acme'");

    let (seen_by_globex, _) =
        call(&app, "GET", &format!("/api/v1/partnerships/{pat_code}"), Some(&globex_key), None).await;
    let (globex_list, list) = call(&app, "GET", "/api/v1/partnerships", Some(&globex_key), None).await;
    let foreign_revoke = globex.post(&format!("/vendor/globex/api-keys/{acme_key_id}/revoke"), &[]).await;

    assert_eq!(seen_by_globex, StatusCode::NOT_FOUND);
    assert_eq!((globex_list, list["total"].as_i64()), (StatusCode::OK, Some(0)));
    assert_eq!(foreign_revoke.status(), StatusCode::NOT_FOUND);
    assert_eq!(call(&app, "GET", "/api/v1/groups", Some(&acme_key), None).await.0, StatusCode::OK, "still live");

    app.post(&format!("/vendor/acme/api-keys/{acme_key_id}/revoke"), &[]).await;

    let (status, body) = call(&app, "GET", "/api/v1/groups", Some(&acme_key), None).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
    assert_eq!(app.page("/vendor/acme/api-keys").await.text("#keys .key-status"), "revoked");
}

#[tokio::test]
async fn the_vendor_sees_the_name_it_supplied_until_the_person_joins_then_their_own() {
    let smtp = SmtpServer::start().await;
    let (app, key) = acme_with_key(&smtp).await;
    app.new_agent().sign_up_partner("Carol Private", "carol@example.com").await;

    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/partnerships",
        Some(&key),
        Some(r#"{"email": "carol@example.com", "first_name": "C.", "last_name": "Supplied"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["partnership"]["name"], "C. Supplied", "not the name the account holder chose");
    let (_, listed) = call(&app, "GET", "/api/v1/partnerships?status=pending", Some(&key), None).await;
    assert!(!listed.to_string().contains("Carol Private"), "{listed}");

    let carol = app.new_agent();
    carol.log_in("carol@example.com", PASSWORD).await;
    let invite = crate::helpers::app::eventually(
        async || smtp.received().into_iter().find(|e| e.envelope_to == ["carol@example.com"]),
        Option::is_some,
    )
    .await
    .map(|e| e.link(&format!("{}/invites/", app.base_url)))
    .unwrap();
    let invite = invite.trim_start_matches(&app.base_url);
    assert_eq!(location(&carol.post(&format!("{invite}/accept"), &[]).await), "/partner/acme");
    let code = body["partnership"]["partner_code"].as_str().unwrap();
    let (_, joined) = call(&app, "GET", &format!("/api/v1/partnerships/{code}"), Some(&key), None).await;
    assert_eq!(joined["partnership"]["name"], "Carol Private", "a partner now, in their own name");
    assert!(app.page("/vendor/acme/partners").await.html.html().contains("Carol Private"));
}
