//! `/api/v1/partnerships` and `/api/v1/groups`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::fields::Fields;
use super::queries;
use super::{ApiError, ApiVendor};
use crate::auth::queries as users;
use crate::config::Config;
use crate::db::states::PartnershipStatus;
use crate::db::{self, DbPool};
use crate::domain::EmailAddress;
use crate::email::Outbox;
use crate::groups::queries as groups;
use crate::invites::{self, Invitation};
use crate::partners::queries as partners;
use crate::vendors::queries as vendors;
use crate::web::AppError;

const PER_PAGE: i64 = 50;
const UNKNOWN_GROUP: &str = "No group has this slug; see GET /api/v1/groups.";

/// Creates a pending partnership and queues its invite email; 409 when the
/// person is already a partner (or already invited this way).
pub async fn create(
    vendor: ApiVendor,
    payload: web::Payload,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields::read(payload).await?;
    let email = EmailAddress::parse(&fields.required_text("email")?).map_err(|m| ApiError::invalid("email", m))?;
    let (first, last) = (fields.text("first_name")?.unwrap_or_default(), fields.text("last_name")?.unwrap_or_default());
    let group_slug = fields.text("group")?;
    let name = format!("{first} {last}").trim().to_string();
    if name.chars().count() > 100 {
        return Err(ApiError::invalid(
            "first_name",
            "first_name and last_name together must be at most 100 characters.",
        ));
    }
    let (vendor, outbox, quota) = (vendor.0, outbox.get_ref().clone(), config.sending_quota_per_day);
    let now = config.clock.now();
    let created = db::transaction(&pool, move |conn| {
        let Some(group) = queries::group_by_slug(conn, vendor, group_slug.as_deref())? else {
            return Ok(Err(ApiError::invalid("group", UNKNOWN_GROUP)));
        };
        let name = if name.is_empty() { email.as_str().to_string() } else { name };
        let user = users::find_or_create_unclaimed(conn, email.as_str(), &name)?;
        // Requests for one person queue here: the first makes the
        // partnership, the others find it and answer 409.
        partners::lock_person(conn, vendor, user.id)?;
        if let Some(existing) = partners::current(conn, vendor, user.id)? {
            let what = if existing.status == PartnershipStatus::Active {
                "already an active partner"
            } else {
                "already invited and pending"
            };
            let message = format!("{} is {what}.", email.as_str());
            return Ok(Err(ApiError::new(StatusCode::CONFLICT, "already_partner", message)));
        }
        if invites::quota_left(conn, vendor, quota)? == 0 {
            let message = format!("This program sent its {quota} invite emails for the last 24 hours. Try tomorrow.");
            return Ok(Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, "quota_reached", message)));
        }
        let partnership = partners::create_pending(conn, vendor, group.id, user.id, &name)?;
        let vendor_name = vendors::by_id(conn, vendor)?.name;
        let invitation = Invitation {
            vendor,
            vendor_name: &vendor_name,
            group: group.id,
            group_name: &group.name,
            inviter: None,
            message: "",
            daily_quota: quota,
            now,
        };
        // An invite another request made a moment ago already carries the link.
        invites::send_invite(conn, &outbox, &invitation, email.as_str())?;
        Ok(Ok(queries::partnership(conn, vendor, &partnership.code)?.ok_or(AppError::NotFound)?))
    })
    .await??;
    Ok(HttpResponse::Created().json(serde_json::json!({ "partnership": created })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    group: Option<String>,
    status: Option<String>,
    page: Option<String>,
}

pub async fn list(
    vendor: ApiVendor,
    query: web::Query<ListQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let status = match query.status.as_deref() {
        None => PartnershipStatus::Active,
        Some(text) => PartnershipStatus::parse(text)
            .ok_or_else(|| ApiError::invalid("status", "status is one of pending, active, removed."))?,
    };
    let page = match query.page.as_deref() {
        None => 1,
        Some(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|page| (1..=crate::web::plain_input::PAGE_MAX).contains(page))
            .ok_or_else(|| ApiError::invalid("page", "page is a whole number from 1 to 100000."))?,
    };
    let vendor = vendor.0;
    let listed = db::run(&pool, move |conn| {
        let group = match query.group.as_deref() {
            None => None,
            Some(slug) => match queries::group_by_slug(conn, vendor, Some(slug))? {
                Some(group) => Some(group.id),
                None => return Ok(None),
            },
        };
        Ok(Some(queries::partnerships_page(conn, vendor, status, group, (page, PER_PAGE))?))
    })
    .await?;
    let (data, total) = listed.ok_or_else(|| ApiError::invalid("group", UNKNOWN_GROUP))?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "data": data, "page": page, "per_page": PER_PAGE, "total": total })))
}

pub async fn show(
    vendor: ApiVendor,
    path: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let (vendor, code) = (vendor.0, path.into_inner());
    let found = db::run(&pool, move |conn| Ok(queries::partnership(conn, vendor, &code)?)).await?;
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
