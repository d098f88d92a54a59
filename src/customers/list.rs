//! Partner Management → Customers.

use actix_web::{HttpResponse, web};

use super::forms::CustomersQuery;
use super::pages::{CustomersPage, PER_PAGE};
use super::queries::{self, CustomerSearch};
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::{AppError, render};

pub async fn show(
    admin: VendorAdmin,
    query: web::Query<CustomersQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let filter = query.parse();
    let (vendor, currency, wanted) = (admin.vendor.id, admin.vendor.currency(), filter.clone());
    let rows = db::run(&pool, move |conn| {
        let search = CustomerSearch {
            text: &wanted.search,
            attributed: wanted.attributed,
            currency,
            limit: PER_PAGE,
            offset: (wanted.page - 1) * PER_PAGE,
        };
        Ok(queries::search(conn, vendor, &search)?)
    })
    .await?;
    let total = rows.first().map_or(0, |row| row.total);
    render(&CustomersPage { chrome: admin.chrome("customers"), rows, total, filter, currency })
}
