//! Editing and deleting a link.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::LinkForm;
use super::pages::{Back, DeleteLinkPage, FormKind, LinkFormPage};
use super::queries::{self, Link};
use super::{LinkPath, tracking_prefix};
use crate::config::Config;
use crate::db::ids::LinkId;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

/// The vendor's live link and the page it belongs to: its group's, or for
/// an individual link its partner's. Anything else is NotFound.
async fn load(pool: &DbPool, admin: &VendorAdmin, id: LinkId) -> Result<(Link, Back), AppError> {
    let (vendor, slug) = (admin.vendor.id, admin.vendor.slug.clone());
    db::run(pool, move |conn| {
        let link = queries::find(conn, vendor, id)?;
        let back = match (link.group_id, link.partnership_id) {
            (Some(group), _) => Back::to_group(&slug, &groups::find(conn, vendor, group)?),
            (None, Some(partnership)) => Back::to_partner(&slug, partnership),
            (None, None) => return Err(AppError::NotFound),
        };
        Ok((link, back))
    })
    .await
}

pub async fn show(
    admin: VendorAdmin,
    path: LinkPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (link, back) = load(&pool, &admin, path.1).await?;
    let form = LinkForm::from_link(&link);
    render(&edit_page(&admin, &config, back, link, form, FormErrors::new()))
}

/// Saves title, description, destination and UTMs; the code never changes.
pub async fn update(
    admin: VendorAdmin,
    path: LinkPath,
    form: web::Form<LinkForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (link, back) = load(&pool, &admin, path.1).await?;
    let parsed = match form.parse(link.named_by_code(), false, &admin.vendor.allowed_domains) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let page = edit_page(&admin, &config, back, link, form.into_inner(), errors);
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = link.id;
    let saved = db::run(&pool, move |conn| Ok(queries::update(conn, id, &parsed.changes)?)).await?;
    admin.session.flash(Flash::success(format!("Link “{}” saved.", saved.title)));
    Ok(see_other(&back.path))
}

pub async fn confirm_delete(
    admin: VendorAdmin,
    path: LinkPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (link, back) = load(&pool, &admin, path.1).await?;
    refuse_original(&link)?;
    render(&DeleteLinkPage {
        chrome: admin.chrome(Menu::Groups),
        back,
        link,
        tracking_prefix: tracking_prefix(&config),
    })
}

pub async fn delete(admin: VendorAdmin, path: LinkPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (link, back) = load(&pool, &admin, path.1).await?;
    refuse_original(&link)?;
    let id = link.id;
    db::run(&pool, move |conn| Ok(queries::soft_delete(conn, id)?)).await?;
    admin.session.flash(Flash::success(format!(
        "Link “{}” deleted. Its tracking URLs no longer work, and the link text {} will never be used again.",
        link.title, link.code
    )));
    Ok(see_other(&back.path))
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
    back: Back,
    link: Link,
    form: LinkForm,
    errors: FormErrors,
) -> LinkFormPage {
    LinkFormPage {
        chrome: admin.chrome(Menu::Groups),
        action: format!("/vendor/{}/links/{}", admin.vendor.slug, link.id),
        back,
        kind: FormKind::Edit,
        form,
        errors,
        editing: Some(link),
        refusal: None,
        tracking_prefix: tracking_prefix(config),
    }
}
