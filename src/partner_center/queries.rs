use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::UserId;
use crate::db::schema::{partner_groups, partnerships, vendors};

/// One of my active partnerships, as the partner center shows it.
#[derive(Debug, Clone, Queryable)]
pub struct Membership {
    pub vendor_slug: String,
    pub vendor_name: String,
    pub vendor_website: String,
    pub group_name: String,
    pub group_slug: String,
    pub partner_code: String,
    pub joined_at: DateTime<Utc>,
}

#[diesel::dsl::auto_type]
fn active_memberships(user: UserId) -> _ {
    partnerships::table
        .inner_join(vendors::table)
        .inner_join(partner_groups::table)
        .filter(partnerships::user_id.eq(user))
        .filter(partnerships::status.eq("active"))
        .select((
            vendors::slug,
            vendors::name,
            vendors::website,
            partner_groups::name,
            partner_groups::slug,
            partnerships::code,
            partnerships::created_at,
        ))
}

pub fn memberships(conn: &mut PgConnection, user: UserId) -> QueryResult<Vec<Membership>> {
    active_memberships(user).order(vendors::name.asc()).load(conn)
}

/// My active partnership in the vendor with `slug`; removed ones are NotFound.
pub fn membership(conn: &mut PgConnection, user: UserId, slug: &str) -> QueryResult<Membership> {
    active_memberships(user).filter(vendors::slug.eq(slug)).first(conn)
}
