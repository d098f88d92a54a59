//! Turning a page struct or a redirect into a response.

use actix_web::HttpResponse;
use actix_web::http::header::{self, ContentType};
use anyhow::Context;
use askama::Template;

use super::AppError;

/// Renders a page template as a 200 HTML response.
pub fn render<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    let body = page.render().context("rendering template")?;
    Ok(HttpResponse::Ok().content_type(ContentType::html()).body(body))
}

/// A 303 to `location`: the answer to every successful form POST.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

/// Renders a page with a status other than 200, e.g. a form sent back with errors.
pub fn render_status<T: Template>(page: &T, status: actix_web::http::StatusCode) -> Result<HttpResponse, AppError> {
    let mut response = render(page)?;
    *response.status_mut() = status;
    Ok(response)
}
