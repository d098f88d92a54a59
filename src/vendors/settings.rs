//! Settings: the company name, website, default terms of service, the
//! currency revenue is summed in and the attribution window.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::VendorAdmin;
use super::forms::VendorSettingsForm;
use super::pages::VendorSettingsPage;
use super::queries;
use crate::db::{self, DbPool};
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

pub async fn show(admin: VendorAdmin) -> Result<HttpResponse, AppError> {
    let vendor = &admin.vendor;
    let form = VendorSettingsForm {
        name: vendor.name.clone(),
        website: vendor.website.clone(),
        terms_url: vendor.terms_url.clone().unwrap_or_default(),
        currency: vendor.currency().code().to_string(),
        attribution_window_days: vendor.attribution_window_days.to_string(),
    };
    render(&VendorSettingsPage { chrome: admin.chrome("settings"), form, errors: FormErrors::new() })
}

pub async fn save(
    admin: VendorAdmin,
    form: web::Form<VendorSettingsForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let changes = match form.parse() {
        Ok(changes) => changes,
        Err(errors) => {
            let page = VendorSettingsPage { chrome: admin.chrome("settings"), form: form.into_inner(), errors };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = admin.vendor.id;
    db::run(&pool, move |conn| Ok(queries::update(conn, id, &changes)?)).await?;
    admin.session.flash(Flash::success("Settings saved."));
    Ok(see_other(&format!("/vendor/{}/settings", admin.vendor.slug)))
}
