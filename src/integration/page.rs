//! Settings → Integration: what to put on the site, how to call the API,
//! and the Stripe connection.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::StripeSecrets;
use super::forms::{StripeChange, StripeForm};
use super::pages::IntegrationPage;
use super::queries;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

pub async fn show(
    admin: VendorAdmin,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    page(admin, &pool, &config, String::new(), FormErrors::new()).await
}

pub async fn save_stripe(
    admin: VendorAdmin,
    form: web::Form<StripeForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    secrets: web::Data<StripeSecrets>,
) -> Result<HttpResponse, AppError> {
    let sealed = match form.parse() {
        Ok(StripeChange::Connect(secret)) => Some(secrets.seal(&secret).map_err(AppError::Internal)?),
        Ok(StripeChange::Disconnect) => None,
        Err(errors) => return page(admin, &pool, &config, form.into_inner().signing_secret, errors).await,
    };
    let message = if sealed.is_some() { "Stripe connected." } else { "Stripe disconnected." };
    let vendor = admin.vendor.id;
    db::run(&pool, move |conn| Ok(queries::set_stripe_secret(conn, vendor, sealed)?)).await?;
    admin.session.flash(Flash::success(message));
    Ok(see_other(&format!("/vendor/{}/integration", admin.vendor.slug)))
}

async fn page(
    admin: VendorAdmin,
    pool: &DbPool,
    config: &Config,
    typed_secret: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let (connected, last_event) = db::run(pool, move |conn| {
        Ok((queries::stripe_secret(conn, vendor)?.is_some(), queries::last_event(conn, vendor)?))
    })
    .await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = IntegrationPage {
        window_days: admin.vendor.attribution_window_days,
        chrome: admin.chrome("integration"),
        base_url: config.base_url(),
        stripe_connected: connected,
        last_event,
        typed_secret,
        errors,
    };
    render_status(&page, status)
}
