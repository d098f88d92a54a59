//! Partner Management → All Partners.

use actix_web::{HttpResponse, web};

use super::directory;
use super::forms::ListQuery;
use super::pages::AllPartnersPage;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::count;
use crate::web::csv_download::csv_download;
use crate::web::{AppError, render};

pub async fn show(
    admin: VendorAdmin,
    query: web::Query<ListQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let mut filter = query.parse();
    filter.page = filter.page.min(count::reach(!filter.search.is_empty()) / directory::PAGE_SIZE);
    let (vendor, wanted) = (admin.vendor.id, filter.clone());
    let ((rows, total), groups) =
        db::run(&pool, move |conn| Ok((directory::page(conn, vendor, &wanted)?, groups::list(conn, vendor)?))).await?;
    let group_param = filter.group.map(|g| g.to_string()).unwrap_or_default();
    render(&AllPartnersPage {
        chrome: admin.chrome(Menu::Partners),
        currency: admin.vendor.currency(),
        rows,
        total,
        groups,
        filter,
        group_param,
    })
}

/// All Partners as CSV, with the filters and order of the list.
pub async fn export(
    admin: VendorAdmin,
    query: web::Query<ListQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let filter = query.parse();
    let vendor = admin.vendor.id;
    let rows = db::run(&pool, move |conn| Ok(directory::all(conn, vendor, &filter)?)).await?;
    let header_row = [
        "name",
        "email",
        "partner_code",
        "group",
        "parent_code",
        "joined_on",
        "clicks",
        "signups",
        "revenue",
        "commissions",
        "currency",
        "revenue_in_other_currencies",
    ];
    let lines = rows.into_iter().map(|row| {
        let (d, a) = (row.details, row.activity);
        let (revenue, commissions) = (a.revenue(), a.commissions());
        vec![
            d.name,
            d.email,
            d.code,
            d.group_name,
            d.parent_code.unwrap_or_default(),
            d.joined_at.format("%Y-%m-%d").to_string(),
            a.clicks.to_string(),
            a.signups.to_string(),
            revenue.decimal(),
            commissions.decimal(),
            revenue.currency.code().to_string(),
            a.other_revenue()
                .iter()
                .map(|m| format!("{} {}", m.currency.code(), m.decimal()))
                .collect::<Vec<_>>()
                .join("; "),
        ]
    });
    csv_download(&format!("{}-partners.csv", admin.vendor.slug), &header_row, lines)
}
