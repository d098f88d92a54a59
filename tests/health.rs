//! `/healthz`.

use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_answers_200_while_the_database_answers() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn healthz_answers_503_quickly_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.db.drop_now();

    let started = std::time::Instant::now();
    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}
