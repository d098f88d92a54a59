//! The API's edges as a client meets them: every answer JSON (405 with
//! `Allow`, 401 with `WWW-Authenticate`, bad queries, paths and bodies),
//! control characters named by field, `Idempotency-Key`, and parallel
//! creates of one partnership.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::conversions::acme_with_pat;
use crate::helpers::TestApp;

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

async fn send(app: &TestApp, method: &str, path: &str, authorization: Option<&str>, body: Option<String>) -> Answer {
    send_with(app, method, path, authorization, body, None).await
}

async fn send_with(
    app: &TestApp,
    method: &str,
    path: &str,
    authorization: Option<&str>,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Answer {
    let mut request = reqwest::Client::new().request(method.parse().unwrap(), app.url(path));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    if let Some(key) = idempotency_key {
        request = request.header("idempotency-key", key);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text:?}"));
    Answer { status, headers, json }
}

#[tokio::test]
async fn every_api_and_webhook_answer_is_json_errors_included() {
    let app = TestApp::spawn().await;
    let (_, key) = acme_with_pat(&app).await;
    let bearer = format!("Bearer {key}");
    let auth = Some(bearer.as_str());

    let cases: [(&str, &str, Option<String>, StatusCode, &str); 9] = [
        ("GET", "/api/v1/nothing-here", None, StatusCode::NOT_FOUND, "not_found"),
        ("GET", "/api/v2/partnerships", None, StatusCode::NOT_FOUND, "not_found"),
        ("GET", "/api/v1/signups", None, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        ("DELETE", "/api/v1/partnerships", None, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        ("GET", "/api/v1/partnerships?page=abc", None, StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        ("GET", "/api/v1/customers/a%01b", None, StatusCode::BAD_REQUEST, "bad_request"),
        ("POST", "/api/v1/signups", Some("x".repeat(70_000)), StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        ("POST", "/api/v1/sales", Some("[1, 2]".into()), StatusCode::BAD_REQUEST, "bad_json"),
        ("GET", "/api/v1/commissions?page=0", None, StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
    ];
    for (method, path, body, status, code) in cases {
        let answer = send(&app, method, path, auth, body).await;
        assert_eq!(
            (answer.status, answer.json["code"].as_str()),
            (status, Some(code)),
            "{method} {path}: {}",
            answer.json
        );
        assert!(answer.json["error"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let wrong_method = send(&app, "DELETE", "/api/v1/partnerships", auth, None).await;
    assert_eq!(wrong_method.headers["allow"], "GET, POST");
    assert_eq!(send(&app, "PUT", "/api/v1/refunds", auth, None).await.headers["allow"], "POST");

    let anonymous = send(&app, "GET", "/api/v1/groups", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.headers["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let answer = send(&app, "GET", "/api/v1/groups", Some(&format!("{scheme} {key}")), None).await;
        assert_eq!(answer.status, StatusCode::OK, "the scheme {scheme:?} is matched without regard to case");
    }
    assert_eq!(
        send(&app, "GET", "/api/v1/groups", Some(&format!("Basic {key}")), None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let webhook = send(&app, "GET", "/webhooks/stripe/acme", None, None).await;
    assert_eq!((webhook.status, webhook.headers["allow"].to_str().unwrap()), (StatusCode::METHOD_NOT_ALLOWED, "POST"));
    let unknown = send(&app, "POST", "/webhooks/paypal/acme", None, Some("{}".into())).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let too_big = send(&app, "POST", "/webhooks/stripe/acme", None, Some("x".repeat(1_100_000))).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_control_character_anywhere_in_the_json_is_a_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let auth = format!("Bearer {key}");
    let cases = [
        ("/api/v1/signups", json!({"customer_key": "c1", "name": "Jo\u{0}Buyer"}), "name"),
        ("/api/v1/signups", json!({"customer_key": "c1", "extra": {"note": "bell\u{7}"}}), "extra.note"),
        (
            "/api/v1/sales",
            json!({"customer_key": "c1", "sale_key": "s\u{0}", "amount_cents": 1, "currency": "USD"}),
            "sale_key",
        ),
        ("/api/v1/partnerships", json!({"email": "ann@example.com", "first_name": "A\u{0}nn"}), "first_name"),
        ("/api/v1/refunds", json!({"sale_key": "s", "tags": ["ok", "no\u{1b}"]}), "tags[1]"),
    ];
    for (path, body, field) in cases {
        let answer = send(&app, "POST", path, Some(&auth), Some(body.to_string())).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", answer.json);
        assert_eq!(answer.json["field"], field, "{path}: {}", answer.json);
    }
    assert_eq!(app.count("customers") + app.count("users WHERE email = 'ann@example.com'"), 0, "nothing stored");
    let fine = json!({"customer_key": "c1", "partner_code": code, "name": "Jo Buyer"});
    assert_eq!(
        send(&app, "POST", "/api/v1/signups", Some(&auth), Some(fine.to_string())).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn an_idempotency_key_answers_a_retry_once_and_refuses_it_for_another_request() {
    let app = TestApp::spawn().await;
    let (code, key) = acme_with_pat(&app).await;
    let auth = format!("Bearer {key}");
    let post = |path: &'static str, body: Value, idempotency: Option<&'static str>| {
        let (app, auth) = (&app, auth.clone());
        async move { send_with(app, "POST", path, Some(&auth), Some(body.to_string()), idempotency).await }
    };
    post("/api/v1/signups", json!({"customer_key": "c1", "partner_code": code}), None).await;
    post(
        "/api/v1/sales",
        json!({"customer_key": "c1", "sale_key": "s1", "amount_cents": 5000, "currency": "USD"}),
        None,
    )
    .await;

    let refund = json!({"sale_key": "s1", "amount_cents": 1000});
    let first = post("/api/v1/refunds", refund.clone(), Some("refund-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    let retried = post("/api/v1/refunds", refund.clone(), Some("refund-1")).await;
    assert_eq!((retried.status, &retried.json), (StatusCode::CREATED, &first.json), "the first answer again");
    assert_eq!(retried.headers["idempotent-replayed"], "true");
    assert_eq!(app.count("transactions WHERE sale_key = 's1' AND refunded_cents = 1000"), 1, "applied once");

    let other = post("/api/v1/refunds", json!({"sale_key": "s1", "amount_cents": 2000}), Some("refund-1")).await;
    assert_eq!((other.status, other.json["code"].as_str()), (StatusCode::CONFLICT, Some("idempotency_key_reused")));
    let refused = post("/api/v1/refunds", json!({"sale_key": "s1", "amount_cents": 999_999}), Some("refund-2")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        post("/api/v1/refunds", json!({"sale_key": "s1", "amount_cents": 999_999}), Some("refund-2")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a refusal is answered the same way again"
    );
    let bad = post("/api/v1/refunds", refund.clone(), Some("")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let without = post("/api/v1/refunds", refund, None).await;
    assert_eq!(without.status, StatusCode::CREATED, "no key, no memory: a second refund");
    assert_eq!(app.count("transactions WHERE sale_key = 's1' AND refunded_cents = 2000"), 1);
    assert_eq!(app.count("api_idempotency WHERE idempotency = 'refund-1' AND key_hash <> ''"), 1);
    assert_eq!(app.count(&format!("api_idempotency WHERE key_hash = '{key}'")), 0, "the API key is kept as a hash");
}

#[tokio::test]
async fn parallel_creates_of_one_partnership_make_it_once_and_never_fail() {
    let app = TestApp::spawn().await;
    let (_, key) = acme_with_pat(&app).await;
    let auth = format!("Bearer {key}");
    let body = json!({"email": "new.partner@example.com", "first_name": "New"}).to_string();
    let answers = futures_util::future::join_all(
        (0..8).map(|_| send(&app, "POST", "/api/v1/partnerships", Some(&auth), Some(body.clone()))),
    )
    .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 7, "{statuses:?}");
    assert_eq!(
        app.count("partnerships p JOIN users u ON u.id = p.user_id WHERE u.email = 'new.partner@example.com'"),
        1
    );
}
