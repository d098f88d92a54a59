//! Partner Management → All Partners.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::directory::{self, Filter, PAGE_SIZE, PartnerRow, SORTS};
use crate::auth::VendorAdmin;
use crate::db::{self, DbPool};
use crate::groups::queries::{self as groups, Group};
use crate::groups::stats::format_usd;
use crate::web::{AppError, Chrome, render};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    group: String,
    status: String,
    sort: String,
    page: String,
}

#[derive(Template)]
#[template(path = "partners/list.html")]
struct AllPartnersPage {
    chrome: Chrome,
    rows: Vec<PartnerRow>,
    total: i64,
    groups: Vec<Group>,
    filter: Filter,
    group_param: String,
}

impl AllPartnersPage {
    fn sorts(&self) -> &'static [(&'static str, &'static str, &'static str)] {
        &SORTS
    }

    fn usd(&self, cents: &i64) -> String {
        format_usd(*cents)
    }

    fn pages(&self) -> i64 {
        ((self.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
    }

    /// This list's address on another page, every filter kept.
    fn page_link(&self, page: i64) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &self.filter.search)
            .append_pair("group", &self.group_param)
            .append_pair("status", if self.filter.removed { "removed" } else { "active" })
            .append_pair("sort", &self.filter.sort)
            .append_pair("page", &page.to_string())
            .finish();
        format!("/vendor/{}/partners?{query}", self.chrome.current_slug())
    }
}

pub async fn show(
    admin: VendorAdmin,
    query: web::Query<ListQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = Filter {
        search: query.q.chars().take(100).collect(),
        group: query.group.parse().ok(),
        removed: query.status == "removed",
        sort: SORTS.iter().map(|(key, _, _)| *key).find(|key| *key == query.sort).unwrap_or("joined").to_string(),
        page: query.page.parse().unwrap_or(1).max(1),
    };
    let (vendor, wanted) = (admin.vendor.id, filter.clone());
    let ((rows, total), groups) =
        db::run(&pool, move |conn| Ok((directory::page(conn, vendor, &wanted)?, groups::list(conn, vendor)?))).await?;
    let group_param = filter.group.map(|g| g.to_string()).unwrap_or_default();
    render(&AllPartnersPage { chrome: admin.chrome("partners"), rows, total, groups, filter, group_param })
}
