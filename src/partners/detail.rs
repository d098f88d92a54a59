//! A partner's page in Partner Management.

use actix_web::{HttpResponse, web};

use super::PartnerPath;
use super::pages::{Activity, PartnerPage, PartnerView};
use super::queries::{self, LoggedActivity};
use crate::config::Config;
use crate::customers::queries as customers;
use crate::db::states::{ActivityKind, LinkKind};
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::links::queries as links;
use crate::links::tracking_prefix;
use crate::stats::queries as stats;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, render};

pub async fn show(
    admin: VendorAdmin,
    path: PartnerPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    let view = db::run(&pool, move |conn| {
        let partnership = queries::of_vendor(conn, vendor, &[id])?.pop().ok_or(AppError::NotFound)?;
        let person = queries::person(conn, partnership.id)?;
        let group = groups::find(conn, vendor, partnership.group_id)?;
        let parent = match partnership.parent_id {
            Some(parent) => queries::code_and_name(conn, parent)?,
            None => None,
        };
        let joined = Activity { at: person.joined_at, what: "Joined".into(), by: "the partner".into() };
        let logged = queries::activity_log(conn, partnership.id)?.into_iter().map(described);
        Ok(PartnerView {
            default_links: links::group_links(conn, group.id, LinkKind::Default)?,
            individual_links: links::individual_links(conn, partnership.id)?,
            secondary_links: links::secondary_links(conn, partnership.id, group.id)?,
            children: queries::children(conn, partnership.id)?,
            activity: std::iter::once(joined).chain(logged).collect(),
            results: stats::partner_totals(conn, &[partnership.id])?.remove(&partnership.id).unwrap_or_default(),
            customers: customers::of_partnership(conn, vendor, partnership.id)?,
            partnership,
            person,
            group,
            parent,
        })
    })
    .await?;
    render(&PartnerPage {
        chrome: admin.chrome(Menu::Partners),
        currency: admin.vendor.currency(),
        p: view,
        tracking_prefix: tracking_prefix(&config),
    })
}

fn described(logged: LoggedActivity) -> Activity {
    let what = match logged.kind {
        ActivityKind::Moved => "Moved",
        ActivityKind::Removed => "Removed",
        ActivityKind::CustomerAssigned => "Customer assigned",
    };
    Activity {
        at: logged.at,
        what: format!("{what} ({})", logged.detail),
        by: logged.by.unwrap_or_else(|| "someone no longer here".into()),
    }
}
