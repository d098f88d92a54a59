use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::queries::{self, VendorChanges};
use crate::auth::VendorAdmin;
use crate::db::{self, DbPool};
use crate::domain::WebUrl;
use crate::web::{AppError, Chrome, Flash, FormErrors, render_status, see_other, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct VendorSettingsForm {
    pub name: String,
    pub website: String,
    pub terms_url: String,
}

impl VendorSettingsForm {
    fn parse(&self) -> Result<VendorChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "your company name", 100));
        let website = errors.check("website", WebUrl::parse_lenient(&self.website));
        let terms = if self.terms_url.trim().is_empty() {
            Some(None)
        } else {
            errors.check("terms_url", WebUrl::parse(&self.terms_url)).map(Some)
        };
        errors.into_result(|| {
            Some(VendorChanges {
                name: name?,
                website: website?.as_str().to_string(),
                terms_url: terms?.map(|u| u.as_str().to_string()),
            })
        })
    }
}

#[derive(Template)]
#[template(path = "vendors/settings.html")]
struct VendorSettingsPage {
    chrome: Chrome,
    form: VendorSettingsForm,
    errors: FormErrors,
}

pub async fn show(admin: VendorAdmin) -> Result<HttpResponse, AppError> {
    let vendor = &admin.vendor;
    let form = VendorSettingsForm {
        name: vendor.name.clone(),
        website: vendor.website.clone(),
        terms_url: vendor.terms_url.clone().unwrap_or_default(),
    };
    render_status(
        &VendorSettingsPage { chrome: admin.chrome("settings"), form, errors: FormErrors::new() },
        StatusCode::OK,
    )
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
