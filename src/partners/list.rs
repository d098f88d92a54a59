//! Partner Management → All Partners.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::directory::{self, Filter, SORTS};
use super::pages::AllPartnersPage;
use crate::db::ids::GroupId;
use crate::db::states::PartnershipStatus;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, render};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    group: String,
    status: String,
    sort: String,
    page: String,
}

impl ListQuery {
    /// What to show; anything unreadable falls back to the default view.
    fn parse(&self) -> Filter {
        Filter {
            search: self.q.chars().take(100).collect(),
            group: self.group.parse().ok().map(GroupId),
            removed: PartnershipStatus::parse(&self.status) == Some(PartnershipStatus::Removed),
            sort: SORTS.iter().map(|(key, _, _)| *key).find(|key| *key == self.sort).unwrap_or("joined").to_string(),
            page: self.page.parse().unwrap_or(1).max(1),
        }
    }
}

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
