//! Group resources: e-mail templates and resource pages.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::{GroupId, ResourceId, VendorId};
use crate::db::schema::{group_resources, partner_groups};
use crate::db::states::ResourceKind;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = group_resources)]
pub struct Resource {
    pub id: ResourceId,
    pub group_id: GroupId,
    pub title: String,
    pub subject: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

/// What a form saves.
pub struct Written {
    pub group: GroupId,
    pub title: String,
    pub subject: String,
    pub body: String,
}

/// The vendor's resources of `kind`, with their group's name.
pub fn of_vendor(
    conn: &mut PgConnection,
    vendor: VendorId,
    kind: ResourceKind,
) -> QueryResult<Vec<(Resource, String)>> {
    group_resources::table
        .inner_join(partner_groups::table)
        .filter(group_resources::vendor_id.eq(vendor))
        .filter(group_resources::kind.eq(kind))
        .order((partner_groups::name.asc(), group_resources::title.asc()))
        .select((Resource::as_select(), partner_groups::name))
        .load(conn)
}

/// A group's resources of `kind`, by title: what its partners see.
pub fn of_group(conn: &mut PgConnection, group: GroupId, kind: ResourceKind) -> QueryResult<Vec<Resource>> {
    group_resources::table
        .filter(group_resources::group_id.eq(group))
        .filter(group_resources::kind.eq(kind))
        .order((group_resources::title.asc(), group_resources::id.asc()))
        .select(Resource::as_select())
        .load(conn)
}

/// One of a group's resources of `kind`: what its partners may open.
pub fn in_group(
    conn: &mut PgConnection,
    group: GroupId,
    kind: ResourceKind,
    id: ResourceId,
) -> QueryResult<Option<Resource>> {
    group_resources::table
        .filter(group_resources::group_id.eq(group))
        .filter(group_resources::kind.eq(kind))
        .filter(group_resources::id.eq(id))
        .select(Resource::as_select())
        .first(conn)
        .optional()
}

#[diesel::dsl::auto_type]
fn vendors_resource(vendor: VendorId, kind: ResourceKind, id: ResourceId) -> _ {
    group_resources::table
        .filter(group_resources::vendor_id.eq(vendor))
        .filter(group_resources::kind.eq(kind))
        .filter(group_resources::id.eq(id))
}

pub fn find(
    conn: &mut PgConnection,
    vendor: VendorId,
    kind: ResourceKind,
    id: ResourceId,
) -> QueryResult<Option<Resource>> {
    vendors_resource(vendor, kind, id).select(Resource::as_select()).first(conn).optional()
}

pub fn create(
    conn: &mut PgConnection,
    vendor: VendorId,
    kind: ResourceKind,
    written: &Written,
) -> QueryResult<ResourceId> {
    diesel::insert_into(group_resources::table)
        .values((
            group_resources::vendor_id.eq(vendor),
            group_resources::group_id.eq(written.group),
            group_resources::kind.eq(kind),
            group_resources::title.eq(&written.title),
            group_resources::subject.eq(&written.subject),
            group_resources::body.eq(&written.body),
        ))
        .returning(group_resources::id)
        .get_result(conn)
}

/// Saves the changes; false when the vendor has no such resource.
pub fn update(
    conn: &mut PgConnection,
    vendor: VendorId,
    kind: ResourceKind,
    id: ResourceId,
    written: &Written,
) -> QueryResult<bool> {
    let changed = diesel::update(vendors_resource(vendor, kind, id))
        .set((
            group_resources::group_id.eq(written.group),
            group_resources::title.eq(&written.title),
            group_resources::subject.eq(&written.subject),
            group_resources::body.eq(&written.body),
            group_resources::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn delete(conn: &mut PgConnection, vendor: VendorId, kind: ResourceKind, id: ResourceId) -> QueryResult<bool> {
    Ok(diesel::delete(vendors_resource(vendor, kind, id)).execute(conn)? == 1)
}
