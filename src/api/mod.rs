//! The JSON API under `/api/v1`, authenticated by vendor API keys.

mod conversions;
mod error;
mod fields;
mod forms;
mod idempotency;
mod keys_page;
mod pages;
mod partnerships;
mod queries;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{FromRequest, HttpRequest, web};

use error::ApiError;
pub use idempotency::forget_expired as forget_expired_idempotency_keys;

use crate::db::ids::VendorId;
use crate::db::{self, DbPool};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .app_data(extractor_errors::path())
            .app_data(extractor_errors::query())
            .service(
                web::scope("/v1")
                    .wrap(from_fn(idempotency::answer_once))
                    .service(
                        resource("/partnerships", "GET, POST")
                            .route(web::post().to(partnerships::create))
                            .route(web::get().to(partnerships::list)),
                    )
                    .service(resource("/partnerships/{partner_code}", "GET").route(web::get().to(partnerships::show)))
                    .service(resource("/groups", "GET").route(web::get().to(partnerships::groups)))
                    .service(resource("/signups", "POST").route(web::post().to(conversions::signup)))
                    .service(resource("/sales", "POST").route(web::post().to(conversions::sale)))
                    .service(resource("/refunds", "POST").route(web::post().to(conversions::refund)))
                    .service(resource("/customers/{customer_key}", "GET").route(web::get().to(conversions::show)))
                    .service(resource("/commissions", "GET").route(web::get().to(conversions::commissions)))
                    .default_service(web::to(no_such_endpoint)),
            )
            .default_service(web::to(no_such_endpoint)),
    )
    .route("/vendor/{vendor_slug}/api-keys", web::get().to(keys_page::show))
    .route("/vendor/{vendor_slug}/api-keys", web::post().to(keys_page::create))
    .route("/vendor/{vendor_slug}/api-keys/{key_id}/revoke", web::post().to(keys_page::revoke));
}

async fn no_such_endpoint() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::not_found("No such API endpoint."))
}

/// An endpoint that answers any method but `allow` with a 405 naming them.
fn resource(path: &str, allow: &'static str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(move || async move {
        Err::<actix_web::HttpResponse, _>(ApiError::method_not_allowed(allow))
    }))
}

/// The `Bearer` credentials of an `Authorization` header; the scheme is
/// matched without regard to case, as RFC 9110 says.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, credentials) = value.split_once(' ')?;
    let credentials = credentials.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !credentials.is_empty()).then(|| credentials.to_string())
}

/// The vendor whose live key is in `Authorization: Bearer <key>`.
pub struct ApiVendor(pub VendorId);

impl FromRequest for ApiVendor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let secret = bearer(req);
        let pool = req.app_data::<web::Data<DbPool>>().map(|p| p.get_ref().clone());
        Box::pin(async move {
            let (Some(secret), Some(pool)) = (secret, pool) else { return Err(ApiError::unauthorized()) };
            let vendor = db::run(&pool, move |conn| Ok(queries::authenticate(conn, &secret)?)).await?;
            vendor.map(ApiVendor).ok_or_else(ApiError::unauthorized)
        })
    }
}

/// Extractor failures under `/api` answered as API errors, in JSON.
mod extractor_errors {
    use actix_web::web;

    use super::ApiError;

    pub fn path() -> web::PathConfig {
        web::PathConfig::default().error_handler(|_, _| ApiError::not_found("No such API endpoint.").into())
    }

    pub fn query() -> web::QueryConfig {
        web::QueryConfig::default().error_handler(|err, _| {
            ApiError::bad_request("bad_query", format!("The query string could not be read: {err}")).into()
        })
    }
}
