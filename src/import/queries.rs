//! Stored uploads: a file is kept from its dry run until it is imported.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::{ImportId, UserId, VendorId};
use crate::db::schema::{imports, partnerships, users};
use crate::db::states::PartnershipStatus;

/// An upload as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = imports)]
pub struct Stored {
    pub file_name: String,
    pub content: String,
    pub send_invites: bool,
    pub applied_at: Option<DateTime<Utc>>,
}

/// What a new upload is.
pub struct Upload {
    pub vendor: VendorId,
    pub by: UserId,
    pub file_name: String,
    pub content: String,
    pub send_invites: bool,
}

pub fn store(conn: &mut PgConnection, upload: &Upload) -> QueryResult<ImportId> {
    diesel::insert_into(imports::table)
        .values((
            imports::vendor_id.eq(upload.vendor),
            imports::created_by.eq(upload.by),
            imports::file_name.eq(&upload.file_name),
            imports::content.eq(&upload.content),
            imports::send_invites.eq(upload.send_invites),
        ))
        .returning(imports::id)
        .get_result(conn)
}

/// The vendor's upload with `id`; another vendor's is NotFound.
pub fn find(conn: &mut PgConnection, vendor: VendorId, id: ImportId) -> QueryResult<Stored> {
    imports::table
        .filter(imports::vendor_id.eq(vendor))
        .filter(imports::id.eq(id))
        .select(Stored::as_select())
        .first(conn)
}

/// Marks the import applied; `false` when it already was. Called first in
/// the applying transaction, so a second apply at the same moment waits on
/// the row and then finds it taken.
pub fn claim(conn: &mut PgConnection, id: ImportId) -> QueryResult<bool> {
    let claimed = diesel::update(imports::table.find(id).filter(imports::applied_at.is_null()))
        .set(imports::applied_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(claimed == 1)
}

/// Every partnership of the vendor as (email, status, partner code).
pub fn partners_by_email(
    conn: &mut PgConnection,
    vendor: VendorId,
) -> QueryResult<Vec<(String, PartnershipStatus, String)>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .select((users::email, partnerships::status, partnerships::code))
        .load(conn)
}

/// Samples partnerships and users afresh, so the planner's next plans
/// (the All Partners search among them) count the imported rows.
pub fn refresh_statistics(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("ANALYZE partnerships, users").execute(conn).map(|_| ())
}
