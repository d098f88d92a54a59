//! `/api/v1/partnerships` and `/api/v1/groups`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ApiError, ApiVendor};
use crate::auth::queries as users;
use crate::config::Config;
use crate::db::ids::VendorId;
use crate::db::schema::{partner_groups, partnerships, users as users_table};
use crate::db::{self, DbPool};
use crate::domain::EmailAddress;
use crate::email::{Sealer, WakeUp};
use crate::groups::queries::{self as groups, Group};
use crate::invites::queries::{self as invites, Sender};
use crate::partners::queries as partners;
use crate::vendors;

const PER_PAGE: i64 = 50;

#[derive(Debug, Serialize, Queryable)]
pub struct PartnershipJson {
    pub partner_code: String,
    pub email: String,
    pub name: String,
    pub group: String,
    pub status: String,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
pub struct NewPartnership {
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    group: Option<String>,
}

fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_json", format!("The body is not the JSON expected: {e}"))
    })
}

/// Creates a pending partnership and queues its invite email; 409 when the
/// person is already a partner (or already invited this way).
pub async fn create(
    vendor: ApiVendor,
    body: web::Bytes,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    sealer: web::Data<Sealer>,
    wake_up: web::Data<WakeUp>,
) -> Result<HttpResponse, ApiError> {
    let input: NewPartnership = json_body(&body)?;
    let email =
        EmailAddress::parse(input.email.as_deref().unwrap_or_default()).map_err(|m| ApiError::invalid("email", m))?;
    let name =
        format!("{} {}", input.first_name.unwrap_or_default().trim(), input.last_name.unwrap_or_default().trim())
            .trim()
            .to_string();
    if name.chars().count() > 100 {
        return Err(ApiError::invalid(
            "first_name",
            "first_name and last_name together must be at most 100 characters.",
        ));
    }
    let (vendor, sealer, base_url) = (vendor.0, sealer.get_ref().clone(), config.base_url());
    let created = db::run(&pool, move |conn| {
        Ok(conn.transaction::<_, anyhow::Error, _>(|conn| {
            let group = match group_by_slug(conn, vendor, input.group.as_deref())? {
                Some(group) => group,
                None => return Ok(Err(ApiError::invalid("group", "No group has this slug; see GET /api/v1/groups."))),
            };
            let user = users::find_or_create_unclaimed(
                conn,
                email.as_str(),
                if name.is_empty() { email.as_str() } else { &name },
            )?;
            if let Some(existing) = partners::current(conn, vendor, user.id)? {
                let what = if existing.status == "active" {
                    "already an active partner"
                } else {
                    "already invited and pending"
                };
                return Ok(Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "already_partner",
                    format!("{} is {what}.", email.as_str()),
                )));
            }
            let partnership = partners::create_pending(conn, vendor, group.id, user.id)?;
            let vendor_row = vendors::queries::by_id(conn, vendor)?;
            let sender = Sender {
                sealer: &sealer,
                base_url: &base_url,
                vendor_name: &vendor_row.name,
                inviter_name: &vendor_row.name,
            };
            invites::create(conn, &sender, vendor, (group.id, &group.name), None, email.as_str(), "")?;
            Ok(Ok(one(conn, vendor, &partnership.code)?))
        })?)
    })
    .await??;
    wake_up.now();
    Ok(HttpResponse::Created().json(serde_json::json!({ "partnership": created })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    group: Option<String>,
    status: Option<String>,
    page: Option<i64>,
}

pub async fn list(
    vendor: ApiVendor,
    query: web::Query<ListQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let status = query.status.unwrap_or_else(|| "active".into());
    if !["pending", "active", "removed"].contains(&status.as_str()) {
        return Err(ApiError::invalid("status", "status is one of pending, active, removed."));
    }
    let page = query.page.unwrap_or(1);
    if page < 1 {
        return Err(ApiError::invalid("page", "page starts at 1."));
    }
    let vendor = vendor.0;
    let (data, total) = db::run(&pool, move |conn| {
        let group = match query.group.as_deref() {
            None => None,
            Some(slug) => Some(group_by_slug(conn, vendor, Some(slug))?.ok_or(crate::web::AppError::NotFound)?),
        };
        let mut filtered = listing(vendor).filter(partnerships::status.eq(status.clone())).into_boxed();
        let mut counted = partnerships::table
            .filter(partnerships::vendor_id.eq(vendor))
            .filter(partnerships::status.eq(status))
            .into_boxed();
        if let Some(group) = &group {
            filtered = filtered.filter(partnerships::group_id.eq(group.id));
            counted = counted.filter(partnerships::group_id.eq(group.id));
        }
        let data: Vec<PartnershipJson> =
            filtered.order(partnerships::id.asc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE).load(conn)?;
        Ok((data, counted.count().get_result::<i64>(conn)?))
    })
    .await
    .map_err(|e| match e {
        crate::web::AppError::NotFound => ApiError::invalid("group", "No group has this slug; see GET /api/v1/groups."),
        other => other.into(),
    })?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "data": data, "page": page, "per_page": PER_PAGE, "total": total })))
}

pub async fn show(
    vendor: ApiVendor,
    path: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let (vendor, code) = (vendor.0, path.into_inner());
    let found = db::run(&pool, move |conn| {
        Ok(listing(vendor).filter(partnerships::code.eq(code)).first::<PartnershipJson>(conn).optional()?)
    })
    .await?;
    let partnership = found.ok_or_else(|| ApiError::not_found("No partnership has this partner code."))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "partnership": partnership })))
}

#[derive(Serialize)]
struct GroupJson {
    slug: String,
    name: String,
    is_default: bool,
}

pub async fn groups(vendor: ApiVendor, pool: web::Data<DbPool>) -> Result<HttpResponse, ApiError> {
    let vendor = vendor.0;
    let list = db::run(&pool, move |conn| Ok(groups::list(conn, vendor)?)).await?;
    let data: Vec<GroupJson> =
        list.into_iter().map(|g| GroupJson { slug: g.slug, name: g.name, is_default: g.is_default }).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({ "data": data })))
}

#[diesel::dsl::auto_type]
fn listing(vendor: VendorId) -> _ {
    partnerships::table
        .inner_join(users_table::table)
        .inner_join(partner_groups::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .select((
            partnerships::code,
            users_table::email,
            users_table::name,
            partner_groups::slug,
            partnerships::status,
            partnerships::created_at,
        ))
}

fn one(conn: &mut PgConnection, vendor: VendorId, code: &str) -> QueryResult<PartnershipJson> {
    listing(vendor).filter(partnerships::code.eq(code)).first(conn)
}

/// The group with `slug`, or the default group when none is given.
fn group_by_slug(conn: &mut PgConnection, vendor: VendorId, slug: Option<&str>) -> QueryResult<Option<Group>> {
    let all = groups::list(conn, vendor)?;
    Ok(match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => all.into_iter().find(|g| g.slug == slug),
        None => all.into_iter().find(|g| g.is_default),
    })
}
