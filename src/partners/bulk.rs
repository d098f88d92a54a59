//! Bulk actions on selected partners: removal and group moves, each
//! confirmed on its own page and applied in one transaction.

use actix_web::{HttpRequest, HttpResponse, web};

use super::pages::{MovePage, RemovePage, Selected};
use super::queries::{self, Partnership};
use super::selected_ids;
use crate::db::ids::{GroupId, PartnershipId};
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, render, see_other};

fn list_path(admin: &VendorAdmin) -> String {
    format!("/vendor/{}/partners", admin.vendor.slug)
}

/// The selected partnerships; any id that is not the vendor's makes the
/// whole request a 404, so nothing is done to anyone.
async fn load_selected(
    pool: &DbPool,
    admin: &VendorAdmin,
    ids: Vec<PartnershipId>,
) -> Result<Vec<(Partnership, Selected)>, AppError> {
    let vendor = admin.vendor.id;
    db::run(pool, move |conn| {
        let found = queries::of_vendor_with_people(conn, vendor, &ids)?;
        if found.len() != ids.len() {
            return Err(AppError::NotFound);
        }
        let selected = found
            .into_iter()
            .map(|(partnership, name, email)| {
                let shown = Selected { id: partnership.id, name, email, code: partnership.code.clone() };
                (partnership, shown)
            })
            .collect::<Vec<_>>();
        Ok(selected)
    })
    .await
}

fn nothing_selected(admin: &VendorAdmin) -> HttpResponse {
    admin.session.flash(Flash::error("Select at least one partner first."));
    see_other(&list_path(admin))
}

pub async fn confirm_remove(
    admin: VendorAdmin,
    req: HttpRequest,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let ids = selected_ids(req.query_string().as_bytes());
    if ids.is_empty() {
        return Ok(nothing_selected(&admin));
    }
    let selected = load_selected(&pool, &admin, ids).await?.into_iter().map(|(_, s)| s).collect();
    render(&RemovePage { chrome: admin.chrome(Menu::Partners), selected })
}

pub async fn remove(admin: VendorAdmin, body: web::Bytes, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let ids = selected_ids(&body);
    if ids.is_empty() {
        return Ok(nothing_selected(&admin));
    }
    let deactivate = url::form_urlencoded::parse(&body).any(|(k, v)| k == "deactivate_links" && v == "on");
    let selected: Vec<PartnershipId> =
        load_selected(&pool, &admin, ids).await?.into_iter().map(|(p, _)| p.id).collect();
    let actor = admin.viewer.user.id;
    let removed = db::transaction(&pool, move |conn| Ok(queries::remove(conn, &selected, deactivate, actor)?)).await?;
    let links = if deactivate { "Their tracking links now answer 404." } else { "Their tracking links keep working." };
    admin.session.flash(Flash::success(format!("Removed {removed} partner(s). {links}")));
    Ok(see_other(&list_path(&admin)))
}

pub async fn confirm_move(
    admin: VendorAdmin,
    req: HttpRequest,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let ids = selected_ids(req.query_string().as_bytes());
    if ids.is_empty() {
        return Ok(nothing_selected(&admin));
    }
    let selected = load_selected(&pool, &admin, ids).await?.into_iter().map(|(_, s)| s).collect();
    let vendor = admin.vendor.id;
    let groups = db::run(&pool, move |conn| Ok(groups::list(conn, vendor)?)).await?;
    render(&MovePage { chrome: admin.chrome(Menu::Partners), selected, groups })
}

/// Group Move: all selected partners move together, or none does.
pub async fn move_group(
    admin: VendorAdmin,
    body: web::Bytes,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let ids = selected_ids(&body);
    let target: Option<GroupId> = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "group_id")
        .and_then(|(_, v)| v.parse().ok().map(GroupId));
    let Some(target) = target.filter(|_| !ids.is_empty()) else {
        return Ok(nothing_selected(&admin));
    };
    let moving: Vec<Partnership> = load_selected(&pool, &admin, ids).await?.into_iter().map(|(p, _)| p).collect();
    let (vendor, actor) = (admin.vendor.id, admin.viewer.user.id);
    let group = db::transaction(&pool, move |conn| {
        let group = groups::find(conn, vendor, target)?;
        queries::move_to(conn, &moving, (group.id, &group.name), actor)?;
        Ok(group)
    })
    .await?;
    admin.session.flash(Flash::success(format!("Moved to {}. Links they already shared keep working.", group.name)));
    Ok(see_other(&list_path(&admin)))
}
