use actix_web::{HttpResponse, web};

use super::pages::{GroupPage, GroupRow, GroupsPage};
use super::queries;
use crate::auth::{SignedIn, VendorAdmin};
use crate::config::Config;
use crate::db::ids::GroupId;
use crate::db::{self, DbPool};
use crate::links::queries as links;
use crate::web::{AppError, render, see_other};

/// `/vendor`: the dashboard of the first vendor this user administers.
pub async fn first_vendor(signed_in: SignedIn) -> Result<HttpResponse, AppError> {
    match signed_in.viewer.vendors.first() {
        Some(vendor) => Ok(see_other(&format!("/vendor/{}", vendor.slug))),
        None => Err(AppError::Forbidden(
            "The vendor dashboard is for vendor admins. To run a partner program of your own, start one from the sign-up page for vendors.".into(),
        )),
    }
}

pub async fn list(admin: VendorAdmin, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let vendor_id = admin.vendor.id;
    let rows = db::run(&pool, move |conn| {
        let counts = queries::active_partner_counts(conn, vendor_id)?;
        let groups = queries::list(conn, vendor_id)?;
        Ok(groups
            .into_iter()
            .map(|group| GroupRow { partners: counts.get(&group.id).copied().unwrap_or(0), group })
            .collect())
    })
    .await?;
    render(&GroupsPage { chrome: admin.chrome("groups"), rows })
}

pub async fn show(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (vendor_id, group_id) = (admin.vendor.id, GroupId(path.1));
    let (group, links) = db::run(&pool, move |conn| {
        let group = queries::find(conn, vendor_id, group_id)?;
        let links = links::default_links(conn, group.id)?;
        Ok((group, links))
    })
    .await?;
    let tracking_prefix = format!("{}/go/", config.base_url());
    render(&GroupPage { chrome: admin.chrome("groups"), group, links, tracking_prefix })
}
