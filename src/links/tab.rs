use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::pages::LinksTab;
use super::queries::{self, KIND_DEFAULT, KIND_SECONDARY};
use super::tracking_prefix;
use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::ids::GroupId;
use crate::db::{self, DbPool};
use crate::groups::{self, group_path};
use crate::web::{AppError, Flash, render, see_other};

/// The group page's Links tab.
pub async fn show(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (vendor, group_id) = (admin.vendor.id, GroupId(path.1));
    let (group, defaults, secondaries) = db::run(&pool, move |conn| {
        let group = groups::queries::find(conn, vendor, group_id)?;
        let defaults = queries::group_links(conn, group.id, KIND_DEFAULT)?;
        let secondaries = queries::group_links(conn, group.id, KIND_SECONDARY)?;
        Ok((group, defaults, secondaries))
    })
    .await?;
    let page = LinksTab {
        chrome: admin.chrome("groups"),
        group,
        defaults,
        secondaries,
        tracking_prefix: tracking_prefix(&config),
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct ReferralLinksForm {
    /// A checkbox: present when ticked.
    enabled: Option<String>,
}

/// Turns the group's referral links on or off.
pub async fn set_referral_links(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    form: web::Form<ReferralLinksForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, group_id, enabled) = (admin.vendor.id, GroupId(path.1), form.enabled.is_some());
    db::run(&pool, move |conn| {
        let group = groups::queries::find(conn, vendor, group_id)?;
        Ok(groups::queries::set_referral_links(conn, group.id, enabled)?)
    })
    .await?;
    let message = if enabled {
        "Referral links are on: partners see this group's links and their tracking URLs redirect."
    } else {
        "Referral links are off: partners no longer see this group's links and their tracking URLs stop redirecting."
    };
    admin.session.flash(Flash::success(message));
    Ok(see_other(&group_path(&admin.vendor.slug, group_id)))
}
