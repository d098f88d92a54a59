//! `POST /webhooks/stripe/{vendor_slug}`: Stripe reports checkouts, paid
//! invoices and refunds. The signature is checked here; what each event
//! means is `conversions::stripe`'s.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::StripeSecrets;
use super::queries;
use super::signature;
use crate::conversions::stripe::{self, Connection};
use crate::customers::attribution::Program;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::vendors::queries as vendors;
use crate::web::AppError;
use crate::web::json_error::{json_app_error, json_error};

/// Stripe's events stay well under this.
const BODY_MAX: usize = 1024 * 1024;

fn refused(status: StatusCode, message: &str) -> HttpResponse {
    let code = if status == StatusCode::NOT_FOUND { "not_found" } else { "refused" };
    json_error(status, code, message, None)
}

/// Every answer is JSON, a failure below (the database) included, so
/// Stripe's dashboard shows what went wrong.
pub async fn receive(
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
    pool: web::Data<DbPool>,
    secrets: web::Data<StripeSecrets>,
    outbox: web::Data<Outbox>,
) -> HttpResponse {
    answer(req, slug.into_inner(), payload, &pool, &secrets, &outbox)
        .await
        .unwrap_or_else(|error| json_app_error(&error))
}

async fn answer(
    req: HttpRequest,
    slug: String,
    payload: web::Payload,
    pool: &DbPool,
    secrets: &StripeSecrets,
    outbox: &Outbox,
) -> Result<HttpResponse, AppError> {
    let Ok(Ok(body)) = payload.to_bytes_limited(BODY_MAX).await else {
        return Ok(refused(StatusCode::PAYLOAD_TOO_LARGE, "The body is too large or could not be read."));
    };
    let found = db::run(pool, move |conn| {
        let Ok(vendor) = vendors::by_slug(conn, &slug) else { return Ok(None) };
        Ok(Some((vendor.id, vendor.attribution_window_days, queries::stripe_connection(conn, vendor.id)?)))
    })
    .await?;
    let Some((vendor, window_days, (sealed, livemode))) = found else {
        return Ok(refused(StatusCode::NOT_FOUND, "No program has this address."));
    };
    let Some(secret) = sealed.and_then(|sealed| secrets.open(&sealed)) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "Stripe is not connected: add the signing secret in Settings."));
    };
    let header = req.headers().get("stripe-signature").and_then(|v| v.to_str().ok());
    if let Err(error) = signature::verify(header, &body, &secret, chrono::Utc::now().timestamp()) {
        tracing::warn!(vendor = vendor.0, ?error, "refused a Stripe webhook");
        return Ok(refused(StatusCode::BAD_REQUEST, error.message()));
    }
    let Some(event) = stripe::read(&body) else {
        return Ok(refused(StatusCode::BAD_REQUEST, "The body is not a Stripe event."));
    };
    let connection = Connection { program: Program { vendor, window_days }, livemode };
    let handled = stripe::handle(pool, outbox, connection, event).await?;
    Ok(HttpResponse::Ok().json(json!({
        "received": true,
        "already_handled": !handled.first_delivery,
        "outcome": handled.outcome,
        "note": handled.note,
    })))
}
