//! Settings → API keys.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::keys::{self, ApiKey};
use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::web::{AppError, Chrome, Flash, FormErrors, render_status, see_other, text};

#[derive(Template)]
#[template(path = "api/keys.html")]
struct ApiKeysPage {
    chrome: Chrome,
    keys: Vec<ApiKey>,
    typed_name: String,
    errors: FormErrors,
    /// Shown once, right after creation.
    new_secret: Option<String>,
    base_url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KeyForm {
    name: String,
}

pub async fn show(
    admin: VendorAdmin,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    page(admin, &pool, &config, String::new(), FormErrors::new(), None, StatusCode::OK).await
}

pub async fn create(
    admin: VendorAdmin,
    form: web::Form<KeyForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    let Some(name) = errors.check("name", text::required(&form.name, "a name for the key", 100)) else {
        return page(admin, &pool, &config, form.into_inner().name, errors, None, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    };
    let (vendor, by) = (admin.vendor.id, admin.viewer.user.id);
    let secret = db::run(&pool, move |conn| Ok(keys::create(conn, vendor, &name, by)?)).await?;
    page(admin, &pool, &config, String::new(), FormErrors::new(), Some(secret), StatusCode::OK).await
}

pub async fn revoke(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    if !db::run(&pool, move |conn| Ok(keys::revoke(conn, vendor, id)?)).await? {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success("Key revoked: requests with it now get 401."));
    Ok(see_other(&format!("/vendor/{}/api-keys", admin.vendor.slug)))
}

async fn page(
    admin: VendorAdmin,
    pool: &DbPool,
    config: &Config,
    name: String,
    errors: FormErrors,
    new_secret: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let keys = db::run(pool, move |conn| Ok(keys::list(conn, vendor)?)).await?;
    let page = ApiKeysPage {
        chrome: admin.chrome("api-keys"),
        keys,
        typed_name: name,
        errors,
        new_secret,
        base_url: config.base_url(),
    };
    render_status(&page, status)
}
