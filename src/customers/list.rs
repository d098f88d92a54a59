//! Partner Management → Customers.

use actix_web::{HttpResponse, web};

use super::forms::CustomersQuery;
use super::lines::{self, CustomerSearch};
use super::pages::{CustomersPage, PER_PAGE};
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::count;
use crate::web::csv_download::csv_download;
use crate::web::{AppError, render};

pub async fn show(
    admin: VendorAdmin,
    query: web::Query<CustomersQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let mut filter = query.parse();
    filter.page = filter.page.min(count::reach(!filter.search.is_empty()) / PER_PAGE);
    let (vendor, currency, wanted) = (admin.vendor.id, admin.vendor.currency(), filter.clone());
    let (rows, total) = db::run(&pool, move |conn| {
        let search = CustomerSearch {
            text: &wanted.search,
            attributed: wanted.attributed,
            currency,
            limit: PER_PAGE,
            offset: (wanted.page - 1) * PER_PAGE,
        };
        Ok(lines::page(conn, vendor, &search)?)
    })
    .await?;
    render(&CustomersPage { chrome: admin.chrome(Menu::Customers), rows, total, filter, currency })
}

/// The most rows one download holds.
const EXPORT_MAX: i64 = 1_000_000;

/// Customers as CSV, with the list's search and attribution filter.
pub async fn export(
    admin: VendorAdmin,
    query: web::Query<CustomersQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let filter = query.parse();
    let (vendor, currency) = (admin.vendor.id, admin.vendor.currency());
    let rows = db::run(&pool, move |conn| {
        let search = CustomerSearch {
            text: &filter.search,
            attributed: filter.attributed,
            currency,
            limit: EXPORT_MAX,
            offset: 0,
        };
        Ok(lines::search(conn, vendor, &search)?)
    })
    .await?;
    let header_row = [
        "customer_key",
        "email",
        "name",
        "signed_up_on",
        "partner",
        "partner_code",
        "attribution",
        "why",
        "self_referral",
        "sales",
        "net_revenue",
        "currency",
        "net_in_other_currencies",
    ];
    let lines = rows.into_iter().map(|row| {
        let net = row.net(currency);
        let others =
            row.other_net().iter().map(|m| format!("{} {}", m.currency.code(), m.decimal())).collect::<Vec<_>>();
        vec![
            row.external_id,
            row.email.unwrap_or_default(),
            row.name.unwrap_or_default(),
            row.signed_up_at.format("%Y-%m-%d").to_string(),
            row.partner_name.unwrap_or_default(),
            row.partner_code.unwrap_or_default(),
            row.attribution.as_str().to_string(),
            row.reason,
            if row.self_referral { "yes" } else { "no" }.to_string(),
            row.sales.to_string(),
            net.decimal(),
            net.currency.code().to_string(),
            others.join("; "),
        ]
    });
    csv_download(&format!("{}-customers.csv", admin.vendor.slug), &header_row, lines)
}
