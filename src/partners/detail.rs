//! A partner's page in Partner Management.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::queries::{self, Partnership};
use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::ids::PartnershipId;
use crate::db::schema::{partner_activity, partnerships, users};
use crate::db::{self, DbPool};
use crate::groups::queries::{self as groups, Group};
use crate::links::queries::Link;
use crate::partner_center::resources::{self, Child};
use crate::web::{AppError, Chrome, render};

/// One line of the activity log.
pub struct Activity {
    pub at: DateTime<Utc>,
    pub what: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "partners/show.html")]
struct PartnerPage {
    chrome: Chrome,
    p: Loaded,
    tracking_prefix: String,
}

/// Everything the partner page shows about one partnership.
struct Loaded {
    partnership: Partnership,
    name: String,
    email: String,
    joined_at: DateTime<Utc>,
    group: Group,
    parent: Option<(String, String)>,
    children: Vec<Child>,
    default_links: Vec<Link>,
    individual_links: Vec<Link>,
    secondary_links: Vec<(Link, bool)>,
    activity: Vec<Activity>,
}

pub async fn show(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    let loaded = db::run(&pool, move |conn| {
        let partnership = queries::of_vendor(conn, vendor, &[id])?.pop().ok_or(AppError::NotFound)?;
        let (name, email, joined_at): (String, String, DateTime<Utc>) = partnerships::table
            .inner_join(users::table)
            .filter(partnerships::id.eq(partnership.id))
            .select((users::name, users::email, partnerships::created_at))
            .first(conn)?;
        let group = groups::find(conn, vendor, partnership.group_id)?;
        let parent = match partnership.parent_id {
            Some(parent) => partnerships::table
                .inner_join(users::table)
                .filter(partnerships::id.eq(parent))
                .select((partnerships::code, users::name))
                .first(conn)
                .optional()?,
            None => None,
        };
        let default_links = crate::links::queries::group_links(conn, group.id, crate::links::queries::KIND_DEFAULT)?;
        Ok(Loaded {
            individual_links: crate::links::queries::individual_links(conn, partnership.id)?,
            children: resources::children(conn, partnership.id)?,
            secondary_links: resources::secondary_links(conn, &partnership)?,
            activity: activity(conn, partnership.id, joined_at)?,
            partnership,
            name,
            email,
            joined_at,
            group,
            parent,
            default_links,
        })
    })
    .await?;
    let page = PartnerPage {
        chrome: admin.chrome("partners"),
        p: loaded,
        tracking_prefix: format!("{}/go/", config.base_url()),
    };
    render(&page)
}

/// Joined, then every move and removal, oldest first.
fn activity(
    conn: &mut PgConnection,
    partnership: PartnershipId,
    joined_at: DateTime<Utc>,
) -> QueryResult<Vec<Activity>> {
    let logged: Vec<(DateTime<Utc>, String, String, Option<String>)> = partner_activity::table
        .left_join(users::table.on(users::id.nullable().eq(partner_activity::actor_id)))
        .filter(partner_activity::partnership_id.eq(partnership))
        .order(partner_activity::created_at.asc())
        .select((
            partner_activity::created_at,
            partner_activity::kind,
            partner_activity::detail,
            users::name.nullable(),
        ))
        .load(conn)?;
    let joined = Activity { at: joined_at, what: "Joined".into(), by: "the partner".into() };
    let rest = logged.into_iter().map(|(at, kind, detail, by)| Activity {
        at,
        what: format!("{} ({detail})", if kind == "moved" { "Moved" } else { "Removed" }),
        by: by.unwrap_or_else(|| "someone no longer here".into()),
    });
    Ok(std::iter::once(joined).chain(rest).collect())
}
