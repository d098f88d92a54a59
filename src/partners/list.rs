//! Partner Management → All Partners.

use actix_web::{HttpResponse, web};

use super::directory;
use super::forms::ListQuery;
use super::pages::AllPartnersPage;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, render};

pub async fn show(
    admin: VendorAdmin,
    query: web::Query<ListQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let filter = query.parse();
    let (vendor, wanted) = (admin.vendor.id, filter.clone());
    let ((rows, total), groups) =
        db::run(&pool, move |conn| Ok((directory::page(conn, vendor, &wanted)?, groups::list(conn, vendor)?))).await?;
    let group_param = filter.group.map(|g| g.to_string()).unwrap_or_default();
    render(&AllPartnersPage { chrome: admin.chrome("partners"), rows, total, groups, filter, group_param })
}
