//! The group page's Links tab and its referral-links switch.

use actix_web::{HttpResponse, web};

use super::forms::ReferralLinksForm;
use super::pages::LinksTab;
use super::queries;
use super::tracking_prefix;
use crate::config::Config;
use crate::db::states::LinkKind;
use crate::db::{self, DbPool};
use crate::groups::{self, GroupPath, group_path};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, render, see_other};

/// The group page's Links tab.
pub async fn show(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (vendor, group_id) = (admin.vendor.id, path.1);
    let (group, defaults, secondaries) = db::run(&pool, move |conn| {
        let group = groups::queries::find(conn, vendor, group_id)?;
        let defaults = queries::group_links(conn, group.id, LinkKind::Default)?;
        let secondaries = queries::group_links(conn, group.id, LinkKind::Secondary)?;
        Ok((group, defaults, secondaries))
    })
    .await?;
    let page = LinksTab {
        chrome: admin.chrome(Menu::Groups),
        group,
        defaults,
        secondaries,
        tracking_prefix: tracking_prefix(&config),
    };
    render(&page)
}

/// Turns the group's referral links on or off.
pub async fn set_referral_links(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<ReferralLinksForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, group_id, enabled) = (admin.vendor.id, path.1, form.parse());
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
