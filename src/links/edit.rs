use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::LinkForm;
use super::pages::{DeleteLinkPage, FormKind, LinkFormPage};
use super::queries::{self, Link};
use super::tracking_prefix;
use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::ids::{LinkId, VendorId};
use crate::db::{self, DbPool};
use crate::groups::group_path;
use crate::groups::queries::{self as groups, Group};
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

/// The vendor's live group link and its group; anything else is NotFound.
async fn load(pool: &DbPool, vendor: VendorId, id: LinkId) -> Result<(Link, Group), AppError> {
    db::run(pool, move |conn| {
        let link = queries::find(conn, vendor, id)?;
        let group = groups::find(conn, vendor, link.group_id.ok_or(AppError::NotFound)?)?;
        Ok((link, group))
    })
    .await
}

pub async fn show(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (link, group) = load(&pool, admin.vendor.id, LinkId(path.1)).await?;
    let form = LinkForm::from_link(&link);
    render(&edit_page(&admin, &config, group, link, form, FormErrors::new()))
}

/// Saves title, description, destination and UTMs; the code never changes.
pub async fn update(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    form: web::Form<LinkForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (link, group) = load(&pool, admin.vendor.id, LinkId(path.1)).await?;
    let parsed = match form.parse(link.is_secondary(), false) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let page = edit_page(&admin, &config, group, link, form.into_inner(), errors);
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = link.id;
    let saved = db::run(&pool, move |conn| Ok(queries::update(conn, id, &parsed.changes)?)).await?;
    admin.session.flash(Flash::success(format!("Link “{}” saved.", saved.title)));
    Ok(see_other(&group_path(&admin.vendor.slug, group.id)))
}

pub async fn confirm_delete(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (link, group) = load(&pool, admin.vendor.id, LinkId(path.1)).await?;
    refuse_original(&link)?;
    render(&DeleteLinkPage { chrome: admin.chrome("groups"), group, link, tracking_prefix: tracking_prefix(&config) })
}

pub async fn delete(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (link, group) = load(&pool, admin.vendor.id, LinkId(path.1)).await?;
    refuse_original(&link)?;
    let id = link.id;
    db::run(&pool, move |conn| Ok(queries::soft_delete(conn, id)?)).await?;
    admin.session.flash(Flash::success(format!(
        "Link “{}” deleted. Its tracking URLs no longer work, and the link text {} will never be used again.",
        link.title, link.code
    )));
    Ok(see_other(&group_path(&admin.vendor.slug, group.id)))
}

/// The original link is in every partner's first shared URLs; it stays.
fn refuse_original(link: &Link) -> Result<(), AppError> {
    if link.is_original {
        return Err(AppError::Forbidden(
            "The original link of a group cannot be deleted: it is the link every partner of the group starts with."
                .into(),
        ));
    }
    Ok(())
}

fn edit_page(
    admin: &VendorAdmin,
    config: &Config,
    group: Group,
    link: Link,
    form: LinkForm,
    errors: FormErrors,
) -> LinkFormPage {
    LinkFormPage {
        chrome: admin.chrome("groups"),
        action: format!("/vendor/{}/links/{}", admin.vendor.slug, link.id),
        group,
        kind: FormKind::Edit,
        form,
        errors,
        editing: Some(link),
        refusal: None,
        tracking_prefix: tracking_prefix(config),
    }
}
