//! CSRF protection for every state-changing request.
//!
//! A random token lives in the (encrypted) session cookie and in a hidden
//! `csrf_token` field of every form. A middleware checks each POST before any
//! handler runs, so a handler cannot forget to.

use actix_session::{Session, SessionExt};
use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use super::error::error_page;
use super::plain_input;

const SESSION_KEY: &str = "csrf";
/// The form field (or, for multipart uploads, query parameter) carrying it.
pub const FIELD: &str = "csrf_token";
/// Plain forms are small; uploads (the partner CSV) are at most 5 MB. These
/// bound what is buffered before the check.
const MAX_FORM_BYTES: usize = 256 * 1024;
const MAX_UPLOAD_BYTES: usize = 6 * 1024 * 1024;
/// A body that stops arriving for this long is refused.
const BODY_IDLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The session's token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(existing)) = session.get::<String>(SESSION_KEY) {
        return existing;
    }
    let fresh = new_token();
    // A failed insert only means the next form will get another token.
    let _ = session.insert(SESSION_KEY, &fresh);
    fresh
}

/// Replaces the token, as at log-in, so one seen before cannot be replayed.
pub fn rotate(session: &Session) {
    let _ = session.insert(SESSION_KEY, new_token());
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn needs_check(req: &ServiceRequest) -> bool {
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The JSON API authenticates with a bearer key, never a cookie.
    state_changing && !req.path().starts_with("/api/")
}

/// Middleware: refuses a state-changing request whose token is missing or wrong.
pub async fn verify(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !needs_check(&req) {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    }
    if from_another_site(&req) {
        let page = error_page(
            StatusCode::FORBIDDEN,
            "Refused",
            "This form was sent from another site. Open the page here and send it again.".into(),
        );
        return Ok(req.into_response(page));
    }
    let expected = req.get_session().get::<String>(SESSION_KEY).ok().flatten();
    if expected.is_none() {
        // No form of ours was ever shown to this browser: nothing to read.
        return Ok(req.into_response(expired()));
    }
    let body = match read_body(&mut req).await {
        Ok(body) => body,
        Err(refusal) => return Ok(req.into_response(refusal)),
    };
    if is_urlencoded(&req) && plain_input::form_has_forbidden_characters(&body) {
        return Ok(req.into_response(plain_input::refused()));
    }
    let presented = presented_token(&req, &body);
    let valid = match (expected, presented) {
        (Some(expected), Some(presented)) => constant_time_eq(expected.as_bytes(), presented.as_bytes()),
        _ => false,
    };
    if !valid {
        return Ok(req.into_response(expired()));
    }
    req.set_payload(Payload::from(body));
    next.call(req).await.map(ServiceResponse::map_into_boxed_body)
}

/// `Sec-Fetch-Site: cross-site`, or without it an `Origin` other than ours.
fn from_another_site(req: &ServiceRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    if let Some(site) = header("sec-fetch-site") {
        return site == "cross-site";
    }
    let Some(origin) = header("origin") else { return false };
    let ours = req
        .app_data::<actix_web::web::Data<crate::config::Config>>()
        .and_then(|config| url::Url::parse(&config.base_url()).ok())
        .map(|url| url.origin().ascii_serialization().to_ascii_lowercase());
    ours.is_none_or(|ours| origin != ours)
}

fn expired() -> actix_web::HttpResponse {
    error_page(
        StatusCode::FORBIDDEN,
        "Form expired",
        "This form was missing its security token or it had expired. Go back, reload the page and submit it again."
            .into(),
    )
}

fn too_slow() -> actix_web::HttpResponse {
    error_page(
        StatusCode::REQUEST_TIMEOUT,
        "Too slow",
        "What you sent arrived too slowly. Go back and try again.".into(),
    )
}

/// The whole body, or the page refusing it: too large (413) or unreadable (400).
async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, actix_web::HttpResponse> {
    let mut payload = req.take_payload();
    let mut buffer = actix_web::web::BytesMut::new();
    let limit = if is_urlencoded(req) { MAX_FORM_BYTES } else { MAX_UPLOAD_BYTES };
    use futures_util::StreamExt;
    loop {
        let Ok(next) = tokio::time::timeout(BODY_IDLE_LIMIT, payload.next()).await else { return Err(too_slow()) };
        let Some(chunk) = next else { break };
        let chunk = chunk.map_err(|_| {
            error_page(
                StatusCode::BAD_REQUEST,
                "Bad request",
                "What you sent could not be read. Go back and try again.".into(),
            )
        })?;
        if buffer.len() + chunk.len() > limit {
            return Err(error_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too large",
                "What you sent is larger than this form accepts (files: at most 5 MB). Go back and send a smaller one."
                    .into(),
            ));
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(buffer.freeze())
}

fn is_urlencoded(req: &ServiceRequest) -> bool {
    req.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
}

/// From the urlencoded body, or from the query string for multipart uploads.
fn presented_token(req: &ServiceRequest, body: &Bytes) -> Option<String> {
    let source: &[u8] = if is_urlencoded(req) { body } else { req.query_string().as_bytes() };
    url::form_urlencoded::parse(source).find(|(k, _)| k == FIELD).map(|(_, v)| v.into_owned())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
