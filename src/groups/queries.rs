use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::{GroupId, VendorId};
use crate::db::schema::{partner_groups, partnerships};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partner_groups)]
pub struct Group {
    pub id: GroupId,
    pub vendor_id: VendorId,
    pub name: String,
    pub slug: String,
    pub destination_url: String,
    pub referral_links_enabled: bool,
    pub terms_url: Option<String>,
    pub application_enabled: bool,
    pub is_default: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Insertable)]
#[diesel(table_name = partner_groups)]
pub struct NewGroup<'a> {
    pub vendor_id: VendorId,
    pub name: &'a str,
    pub slug: &'a str,
    pub destination_url: &'a str,
    pub is_default: bool,
}

pub fn insert(conn: &mut PgConnection, group: &NewGroup) -> QueryResult<Group> {
    diesel::insert_into(partner_groups::table).values(group).returning(Group::as_returning()).get_result(conn)
}

/// The vendor's groups, the default one first, then by name.
pub fn list(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<Group>> {
    partner_groups::table
        .filter(partner_groups::vendor_id.eq(vendor))
        .order((partner_groups::is_default.desc(), partner_groups::name.asc()))
        .select(Group::as_select())
        .load(conn)
}

/// One group, only if it is the vendor's own (another vendor's id is NotFound).
pub fn find(conn: &mut PgConnection, vendor: VendorId, id: GroupId) -> QueryResult<Group> {
    partner_groups::table
        .filter(partner_groups::vendor_id.eq(vendor))
        .filter(partner_groups::id.eq(id))
        .select(Group::as_select())
        .first(conn)
}

/// Active partners per group of the vendor, in one grouped query.
pub fn active_partner_counts(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<HashMap<GroupId, i64>> {
    let rows: Vec<(GroupId, i64)> = partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::status.eq("active"))
        .group_by(partnerships::group_id)
        .select((partnerships::group_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
