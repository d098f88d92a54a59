//! `POST /webhooks/stripe/{vendor_slug}`: Stripe reports checkouts, paid
//! invoices and refunds; each event is handled once, in one transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::PgConnection;
use serde_json::json;

use super::StripeSecrets;
use super::queries;
use super::signature;
use super::stripe::{self, Action, Event};
use crate::customers::attribution::{ClickFacts, Program};
use crate::customers::queries as customers;
use crate::customers::record::{self, SaleReport, Signup};
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::vendors::queries as vendors;
use crate::web::AppError;

/// Stripe's events stay well under this.
const BODY_MAX: usize = 1024 * 1024;

fn refused(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": message }))
}

pub async fn receive(
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
    pool: web::Data<DbPool>,
    secrets: web::Data<StripeSecrets>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let outbox = outbox.get_ref().clone();
    let Ok(Ok(body)) = payload.to_bytes_limited(BODY_MAX).await else {
        return Ok(refused(StatusCode::PAYLOAD_TOO_LARGE, "The body is too large or could not be read."));
    };
    let slug = slug.into_inner();
    let found = db::run(&pool, move |conn| {
        let Ok(vendor) = vendors::by_slug(conn, &slug) else { return Ok(None) };
        Ok(Some((vendor.id, vendor.attribution_window_days, queries::stripe_secret(conn, vendor.id)?)))
    })
    .await?;
    let Some((vendor, window_days, sealed)) = found else { return Err(AppError::NotFound) };
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
    let program = Program { vendor, window_days };
    let click = record::find_click(&pool, click_id_of(&event.action)).await?;
    let handled = db::transaction(&pool, move |conn| {
        if !queries::first_delivery(conn, program.vendor, &event.id, &event.kind)? {
            return Ok(false);
        }
        apply(conn, &outbox, program, &event, click)?;
        Ok(true)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({ "received": true, "already_handled": !handled })))
}

fn click_id_of(action: &Action) -> Option<&str> {
    match action {
        Action::Checkout { signup, .. } | Action::InvoicePaid { signup, .. } => signup.click_id.as_deref(),
        Action::Refund { .. } | Action::Ignored => None,
    }
}

fn apply(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    event: &Event,
    click: Option<Option<ClickFacts>>,
) -> Result<(), AppError> {
    match &event.action {
        Action::Checkout { signup, sale } => {
            let customer = customer(conn, outbox, program, signup, click, sale.as_ref())?;
            if let Some(sale) = sale {
                // A key already used by another sale is left alone: Stripe's ids do not collide.
                let _ = record::sale(conn, outbox, &customer, sale)?;
            }
        }
        Action::InvoicePaid { signup, sale } => {
            let customer = customer(conn, outbox, program, signup, click, Some(sale))?;
            let _ = record::sale(conn, outbox, &customer, sale)?;
        }
        Action::Refund { sale_keys, refunded_cents } => refund(conn, program, sale_keys, *refunded_cents)?,
        Action::Ignored => {}
    }
    Ok(())
}

fn customer(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    signup: &Signup,
    click: Option<Option<ClickFacts>>,
    sale: Option<&SaleReport>,
) -> Result<customers::Customer, AppError> {
    let at = sale.map_or_else(chrono::Utc::now, |sale| sale.at);
    Ok(record::customer(conn, outbox, program, signup, click, at)?.0)
}

/// Stripe reports the charge's refunded total: what is new is refunded now.
fn refund(conn: &mut PgConnection, program: Program, keys: &[String], refunded_cents: i64) -> Result<(), AppError> {
    for key in keys {
        let Some(sale) = customers::sale_by_key(conn, program.vendor, key)? else { continue };
        let new = refunded_cents.min(sale.amount().cents) - sale.refunded().cents;
        if new > 0 {
            let _ = record::refund(conn, program.vendor, key, Some(new), None)?;
        }
        return Ok(());
    }
    tracing::info!(vendor = program.vendor.0, "a Stripe refund for a sale not recorded here; ignored");
    Ok(())
}
