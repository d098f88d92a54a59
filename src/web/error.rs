//! The one error type of handlers, rendered as an HTML page in the site's look.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::chrome::Chrome;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Not signed in: the browser is sent to the log-in page, then back.
    #[error("sign-in required")]
    Unauthorized { next: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("service unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::NotFound,
            // A stalled or vanished database is a 503 with its page, not a bug.
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                AppError::Unavailable(anyhow::Error::new(error).context("database connection lost"))
            }
            Error::DatabaseError(_, ref info) if info.message().contains("statement timeout") => {
                AppError::Unavailable(anyhow::Error::new(error).context("database too slow"))
            }
            other => AppError::Internal(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(anyhow::Error::new(error).context("no database connection"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    title: &'static str,
    message: String,
}

/// What an error page said, kept on its response so that a middleware
/// holding the session can draw it again with the signed-in person's menus.
#[derive(Debug, Clone)]
pub struct ErrorPageParts {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: String,
}

impl ErrorPageParts {
    /// The page again, in `chrome`'s layout.
    pub fn render(self, chrome: Chrome) -> HttpResponse {
        let page = ErrorPage { chrome, status: self.status.as_u16(), title: self.title, message: self.message.clone() };
        let body = page.render().unwrap_or_else(|_| format!("{} {}", self.status.as_u16(), self.title));
        let mut response = HttpResponse::build(self.status).content_type(ContentType::html()).body(body);
        response.extensions_mut().insert(self);
        response
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Unauthorized { .. } => StatusCode::SEE_OTHER,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Unauthorized { next } = self {
            let location =
                format!("/login?next={}", url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>());
            return HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish();
        }
        let (title, message) = self.describe();
        match self {
            // The cause chain says it all; a backtrace resolved on every
            // request while the database is away would slow each 503 by
            // most of a second (with RUST_BACKTRACE set).
            AppError::Unavailable(cause) => tracing::warn!(error = %format!("{cause:#}"), "database unavailable"),
            AppError::Internal(_) => tracing::error!(error = ?self, "request failed"),
            _ => {}
        }
        error_page(self.status_code(), title, message)
    }
}

impl AppError {
    fn describe(&self) -> (&'static str, String) {
        match self {
            AppError::NotFound => (
                "Page not found",
                "There is nothing here. The link may be mistyped, or what it pointed to is gone.".into(),
            ),
            AppError::Forbidden(why) => ("Not allowed", why.clone()),
            AppError::BadRequest(why) => ("Bad request", why.clone()),
            AppError::Unavailable(_) => {
                ("Temporarily unavailable", "The service is briefly unavailable. Please try again in a moment.".into())
            }
            AppError::Internal(_) | AppError::Unauthorized { .. } => (
                "Something went wrong",
                "An unexpected error happened on our side. It has been logged; please try again.".into(),
            ),
        }
    }
}

/// An HTML error page with the given status.
pub fn error_page(status: StatusCode, title: &'static str, message: String) -> HttpResponse {
    ErrorPageParts { status, title, message }.render(Chrome::bare())
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;
    use actix_web::body::MessageBody;
    use actix_web::http::StatusCode;

    use super::AppError;

    fn body_of(error: &AppError) -> String {
        let bytes = error.error_response().into_body().try_into_bytes().unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn an_internal_error_is_a_500_page_that_hides_the_cause() {
        let error = AppError::Internal(anyhow::anyhow!("password=hunter2 in a failing query"));

        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = body_of(&error);
        assert!(body.contains("Something went wrong") && body.contains("/static/app.css"));
        assert!(!body.contains("hunter2"));
    }
}
