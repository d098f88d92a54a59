//! The error body of every machine-facing answer (`/api/…`, `/webhooks/…`):
//! `{"error": a sentence for people, "code": a word for programs, "field"}`.
//! Machines never get the HTML error page.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde_json::json;

use super::AppError;

/// Paths whose answers are JSON, errors included.
pub fn is_machine_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path.starts_with("/webhooks/")
}

pub fn json_error(status: StatusCode, code: &str, message: &str, field: Option<&str>) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": message, "code": code, "field": field }))
}

/// A failure below the handler (database, pool) as JSON, keeping its status.
pub fn json_app_error(error: &AppError) -> HttpResponse {
    match error {
        AppError::NotFound => json_error(StatusCode::NOT_FOUND, "not_found", "Not found.", None),
        AppError::BadRequest(why) => json_error(StatusCode::BAD_REQUEST, "bad_request", why, None),
        AppError::Forbidden(why) => json_error(StatusCode::FORBIDDEN, "forbidden", why, None),
        AppError::Unavailable(_) => {
            json_error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Try again in a moment.", None)
        }
        AppError::Internal(_) | AppError::Unauthorized { .. } => {
            tracing::error!(error = ?error, "machine request failed");
            json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side.", None)
        }
    }
}
