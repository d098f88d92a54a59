//! The vendor's Commissions page: filter, approve, reject with a reason.

use actix_web::{HttpResponse, web};

use super::forms::{self, CommissionsQuery};
use super::pages::CommissionsPage;
use super::queries;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::count::{Count, PAGED_ROWS};
use crate::web::csv_download::csv_download;
use crate::web::{AppError, Flash, render, see_other};

pub const PER_PAGE: i64 = 50;

pub async fn list(
    admin: VendorAdmin,
    query: web::Query<CommissionsQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (filter, page) = query.parse();
    let page = page.min(PAGED_ROWS / PER_PAGE);
    let (vendor, wanted) = (admin.vendor.id, filter.clone());
    let ((lines, total), groups) = db::run(&pool, move |conn| {
        Ok((queries::of_vendor(conn, vendor, &wanted, PER_PAGE, (page - 1) * PER_PAGE)?, groups::list(conn, vendor)?))
    })
    .await?;
    render(&CommissionsPage {
        chrome: admin.chrome(Menu::Commissions),
        lines,
        total: Count::up_to(total, PAGED_ROWS),
        groups,
        query: query.into_inner(),
        page,
    })
}

/// The most rows one download holds.
const EXPORT_MAX: i64 = 1_000_000;

/// Commissions as CSV, with the list's filters.
pub async fn export(
    admin: VendorAdmin,
    query: web::Query<CommissionsQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (filter, _) = query.parse();
    let vendor = admin.vendor.id;
    let (lines, _) = db::run(&pool, move |conn| Ok(queries::of_vendor(conn, vendor, &filter, EXPORT_MAX, 0)?)).await?;
    let header_row = [
        "created_on",
        "partner",
        "partner_code",
        "group",
        "offer",
        "kind",
        "status",
        "amount",
        "currency",
        "hold_until",
        "how",
    ];
    let rows = lines.into_iter().map(|line| {
        let c = &line.commission;
        let amount = c.amount();
        vec![
            c.created_at.format("%Y-%m-%d").to_string(),
            line.partner_name.clone(),
            line.partner_code.clone(),
            line.group_name.clone(),
            line.offer_name.clone(),
            c.kind.as_str().to_string(),
            c.status.as_str().to_string(),
            amount.decimal(),
            amount.currency.code().to_string(),
            c.hold_until.format("%Y-%m-%d").to_string(),
            c.arithmetic.clone(),
        ]
    });
    csv_download(&format!("{}-commissions.csv", admin.vendor.slug), &header_row, rows)
}

pub async fn approve(admin: VendorAdmin, body: web::Bytes, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    decide(admin, body, pool, false).await
}

pub async fn reject(admin: VendorAdmin, body: web::Bytes, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    decide(admin, body, pool, true).await
}

async fn decide(
    admin: VendorAdmin,
    body: web::Bytes,
    pool: web::Data<DbPool>,
    rejecting: bool,
) -> Result<HttpResponse, AppError> {
    let back = format!("/vendor/{}/commissions", admin.vendor.slug);
    let decision = match forms::decision(&body) {
        Ok(decision) if rejecting && decision.reason.is_empty() => {
            admin.session.flash(Flash::error("Give a reason for the rejection: the partner sees it."));
            return Ok(see_other(&back));
        }
        Ok(decision) => decision,
        Err(message) => {
            admin.session.flash(Flash::error(message));
            return Ok(see_other(&back));
        }
    };
    let (vendor, actor) = (admin.vendor.id, admin.viewer.user.id);
    let changed = db::transaction(&pool, move |conn| {
        // Another vendor's ids are not found, whichever else came with them.
        if queries::count_of_vendor(conn, vendor, &decision.ids)? != decision.ids.len() as i64 {
            return Err(AppError::NotFound);
        }
        Ok(if rejecting {
            queries::reject(conn, vendor, &decision.ids, &decision.reason, actor)?
        } else {
            queries::approve(conn, vendor, &decision.ids, actor)?
        })
    })
    .await?;
    let (done, skipped) = (changed, body_count(&body).saturating_sub(changed));
    let verb = if rejecting { "Rejected" } else { "Approved" };
    let note =
        if skipped > 0 { format!(" ({skipped} left as they were: not in a state for it)") } else { String::new() };
    admin.session.flash(Flash::success(format!("{verb} {done} commission(s){note}.")));
    Ok(see_other(&back))
}

fn body_count(body: &[u8]) -> usize {
    url::form_urlencoded::parse(body).filter(|(key, _)| key == "ids").count()
}
