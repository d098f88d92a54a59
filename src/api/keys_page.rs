//! Settings → API keys.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::KeyForm;
use super::pages::ApiKeysPage;
use super::queries as keys;
use crate::config::Config;
use crate::db::ids::ApiKeyId;
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

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
    let name = match form.parse() {
        Ok(name) => name,
        Err(errors) => {
            let typed = form.into_inner().name;
            return page(admin, &pool, &config, typed, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if let Some(problem) = crate::auth::verified::unverified_problem(&admin.viewer.user) {
        let mut errors = FormErrors::new();
        errors.add("name", problem);
        let typed = form.into_inner().name;
        return page(admin, &pool, &config, typed, errors, None, StatusCode::FORBIDDEN).await;
    }
    let (vendor, by) = (admin.vendor.id, admin.viewer.user.id);
    let secret = db::run(&pool, move |conn| Ok(keys::create(conn, vendor, &name, by)?)).await?;
    page(admin, &pool, &config, String::new(), FormErrors::new(), Some(secret), StatusCode::OK).await
}

pub async fn revoke(
    admin: VendorAdmin,
    path: web::Path<(String, ApiKeyId)>,
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
        chrome: admin.chrome(Menu::ApiKeys),
        keys,
        typed_name: name,
        errors,
        new_secret,
        base_url: config.base_url(),
    };
    render_status(&page, status)
}
