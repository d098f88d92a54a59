//! The JSON API under `/api/v1`, authenticated by vendor API keys.

mod conversions;
mod error;
mod fields;
mod forms;
mod keys_page;
mod pages;
mod partnerships;
mod queries;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};

use error::ApiError;

use crate::db::ids::VendorId;
use crate::db::{self, DbPool};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .route("/partnerships", web::post().to(partnerships::create))
            .route("/partnerships", web::get().to(partnerships::list))
            .route("/partnerships/{partner_code}", web::get().to(partnerships::show))
            .route("/groups", web::get().to(partnerships::groups))
            .route("/signups", web::post().to(conversions::signup))
            .route("/sales", web::post().to(conversions::sale))
            .route("/refunds", web::post().to(conversions::refund))
            .route("/customers/{customer_key}", web::get().to(conversions::show))
            .route("/commissions", web::get().to(conversions::commissions))
            .default_service(web::to(|| async {
                Err::<actix_web::HttpResponse, _>(ApiError::not_found("No such API endpoint."))
            })),
    )
    .route("/vendor/{vendor_slug}/api-keys", web::get().to(keys_page::show))
    .route("/vendor/{vendor_slug}/api-keys", web::post().to(keys_page::create))
    .route("/vendor/{vendor_slug}/api-keys/{key_id}/revoke", web::post().to(keys_page::revoke));
}

/// The vendor whose live key is in `Authorization: Bearer <key>`.
pub struct ApiVendor(pub VendorId);

impl FromRequest for ApiVendor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let secret = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|s| s.trim().to_string());
        let pool = req.app_data::<web::Data<DbPool>>().map(|p| p.get_ref().clone());
        Box::pin(async move {
            let unauthorized = || {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "Send a valid API key as `Authorization: Bearer <key>`.",
                )
            };
            let (Some(secret), Some(pool)) = (secret, pool) else { return Err(unauthorized()) };
            let vendor = db::run(&pool, move |conn| Ok(queries::authenticate(conn, &secret)?)).await?;
            vendor.map(ApiVendor).ok_or_else(unauthorized)
        })
    }
}
