//! Settings: the company name, website, default terms of service, the
//! currency revenue is summed in and the attribution window.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::VendorAdmin;
use super::forms::VendorSettingsForm;
use super::pages::VendorSettingsPage;
use super::queries;
use crate::db::{self, DbPool};
use crate::domain::allowed_domains;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

pub async fn show(admin: VendorAdmin) -> Result<HttpResponse, AppError> {
    let vendor = &admin.vendor;
    let form = VendorSettingsForm::of(vendor);
    let domains = vendor.allowed_domains.join("\n");
    render(&VendorSettingsPage { chrome: admin.chrome("settings"), form, errors: FormErrors::new(), domains })
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DomainsForm {
    pub domains: String,
}

/// Saves the allowed domains; every link is checked against them again.
pub async fn save_domains(
    admin: VendorAdmin,
    form: web::Form<DomainsForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let typed = form.into_inner().domains;
    let domains = match allowed_domains::parse_list(&typed) {
        Ok(domains) => domains,
        Err(problem) => {
            let mut errors = FormErrors::new();
            errors.add("domains", problem);
            let form = VendorSettingsForm::of(&admin.vendor);
            let page = VendorSettingsPage { chrome: admin.chrome("settings"), form, errors, domains: typed };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = admin.vendor.id;
    let saved = domains.clone();
    db::transaction(&pool, move |conn| Ok(queries::set_allowed_domains(conn, id, &saved)?)).await?;
    admin.session.flash(Flash::success(format!("Allowed domains saved: {}.", domains.join(", "))));
    Ok(see_other(&format!("/vendor/{}/settings", admin.vendor.slug)))
}

pub async fn save(
    admin: VendorAdmin,
    form: web::Form<VendorSettingsForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let changes = match form.parse() {
        Ok(changes) => changes,
        Err(errors) => {
            let domains = admin.vendor.allowed_domains.join("\n");
            let page =
                VendorSettingsPage { chrome: admin.chrome("settings"), form: form.into_inner(), errors, domains };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = admin.vendor.id;
    db::run(&pool, move |conn| Ok(queries::update(conn, id, &changes)?)).await?;
    admin.session.flash(Flash::success("Settings saved."));
    Ok(see_other(&format!("/vendor/{}/settings", admin.vendor.slug)))
}
