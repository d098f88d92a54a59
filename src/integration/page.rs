//! Settings → Integration: what to put on the site, how to call the API,
//! and the Stripe connection with the events it delivered.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::StripeSecrets;
use super::forms::{StripeChange, StripeForm};
use super::pages::IntegrationPage;
use super::queries;
use crate::auth::verified::unverified_problem;
use crate::config::Config;
use crate::conversions::stripe::queries as events;
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

/// How many received events the page lists.
const EVENTS_SHOWN: i64 = 20;

pub async fn show(
    admin: VendorAdmin,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    page(admin, &pool, &config, StripeForm::default(), (FormErrors::new(), StatusCode::OK)).await
}

pub async fn save_stripe(
    admin: VendorAdmin,
    form: web::Form<StripeForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    secrets: web::Data<StripeSecrets>,
) -> Result<HttpResponse, AppError> {
    let connection = match form.parse() {
        Ok(StripeChange::Connect { secret, livemode }) => {
            if let Some(problem) = unverified_problem(&admin.viewer.user) {
                let mut errors = FormErrors::new();
                errors.add("signing_secret", problem);
                return page(admin, &pool, &config, form.into_inner(), (errors, StatusCode::FORBIDDEN)).await;
            }
            Some((secrets.seal(&secret).map_err(AppError::Internal)?, livemode))
        }
        Ok(StripeChange::Disconnect) => None,
        Err(errors) => {
            return page(admin, &pool, &config, form.into_inner(), (errors, StatusCode::UNPROCESSABLE_ENTITY)).await;
        }
    };
    let message = match &connection {
        Some((_, true)) => "Stripe connected in live mode.",
        Some((_, false)) => "Stripe connected in test mode: test events are recorded, live ones are not.",
        None => "Stripe disconnected.",
    };
    let vendor = admin.vendor.id;
    db::run(&pool, move |conn| Ok(queries::set_stripe(conn, vendor, connection)?)).await?;
    admin.session.flash(Flash::success(message));
    Ok(see_other(&format!("/vendor/{}/integration", admin.vendor.slug)))
}

async fn page(
    admin: VendorAdmin,
    pool: &DbPool,
    config: &Config,
    typed: StripeForm,
    (errors, status): (FormErrors, StatusCode),
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let ((sealed, livemode), recent, waiting_refunds) = db::run(pool, move |conn| {
        Ok((
            queries::stripe_connection(conn, vendor)?,
            events::recent(conn, vendor, EVENTS_SHOWN)?,
            events::waiting_refunds(conn, vendor)?,
        ))
    })
    .await?;
    let stripe_mode = sealed.map(|_| livemode);
    let typed_mode = match typed.mode.as_str() {
        "live" | "test" => typed.mode.clone(),
        _ if stripe_mode == Some(false) => "test".into(),
        _ => "live".into(),
    };
    let page = IntegrationPage {
        window_days: admin.vendor.attribution_window_days,
        chrome: admin.chrome(Menu::Integration),
        base_url: config.base_url(),
        stripe_mode,
        events: recent,
        waiting_refunds,
        typed_secret: typed.signing_secret,
        typed_mode,
        errors,
    };
    render_status(&page, status)
}
