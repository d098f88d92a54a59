//! API errors as `{"error": message, "code", "field"}` with their status;
//! a 401 says how to authenticate, a 405 which methods the path takes.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::web::AppError;
use crate::web::json_error::{json_app_error, json_error};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<&'static str>,
    /// A field named at run time, when `field` is not.
    named_field: Option<String>,
    /// The methods a path takes, for a 405's `Allow`.
    allow: Option<&'static str>,
    /// A failure below the API, answered with its own status.
    below: Option<Box<AppError>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), field: None, named_field: None, allow: None, below: None }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ApiError { field: Some(field), ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message) }
    }

    /// A 422 about a field named at run time (a nested path).
    pub fn invalid_named(field: String, message: impl Into<String>) -> Self {
        ApiError { named_field: Some(field), ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message) }
    }

    /// The same error, naming the field it is about.
    pub fn on(self, field: &'static str) -> Self {
        ApiError { field: Some(field), ..self }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn method_not_allowed(allow: &'static str) -> Self {
        let message = format!("This path takes {allow} only.");
        ApiError { allow: Some(allow), ..Self::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", message) }
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Send a valid API key as `Authorization: Bearer <key>`.")
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(below) = &self.below {
            return json_app_error(below);
        }
        let field = self.field.or(self.named_field.as_deref());
        let mut response = json_error(self.status, self.code, &self.message, field);
        let headers = response.headers_mut();
        if let Some(allow) = self.allow {
            headers.insert(header::ALLOW, header::HeaderValue::from_static(allow));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"api\""));
        }
        response
    }
}

/// Failures below the API (database, pool) keep their status, in JSON.
impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let status = error.status_code();
        ApiError { below: Some(Box::new(error)), ..Self::new(status, "internal", "") }
    }
}
