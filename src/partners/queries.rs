use diesel::prelude::*;
use rand::Rng;

use crate::db::ids::{GroupId, PartnershipId, UserId, VendorId};
use crate::db::schema::partnerships;

const CODE_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const CODE_LENGTH: usize = 8;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partnerships)]
pub struct Partnership {
    pub id: PartnershipId,
    pub vendor_id: VendorId,
    pub user_id: UserId,
    pub group_id: GroupId,
    pub code: String,
    pub parent_id: Option<PartnershipId>,
    pub status: String,
}

/// The user's active partnership with the vendor, if any.
pub fn active(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::user_id.eq(user))
        .filter(partnerships::status.eq("active"))
        .select(Partnership::as_select())
        .first(conn)
        .optional()
}

/// Whether the user was once a partner of the vendor and was removed.
pub fn was_removed(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        partnerships::table
            .filter(partnerships::vendor_id.eq(vendor))
            .filter(partnerships::user_id.eq(user))
            .filter(partnerships::status.eq("removed")),
    ))
    .get_result(conn)
}

/// The vendor's active partnership with `code`: a valid `?ref=` parent.
pub fn active_by_code(conn: &mut PgConnection, vendor: VendorId, code: &str) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::code.eq(code))
        .filter(partnerships::status.eq("active"))
        .select(Partnership::as_select())
        .first(conn)
        .optional()
}

/// Makes the user a partner in `group`, with a new partner code, or returns
/// the active partnership they already have. A removed partnership is
/// never revived: joining again starts afresh. Call inside a transaction.
pub fn join(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    user: UserId,
    parent: Option<PartnershipId>,
) -> QueryResult<Partnership> {
    if let Some(existing) = active(conn, vendor, user)? {
        return Ok(existing);
    }
    // Made through the API before the person had an account: accepting the
    // invite makes it real.
    let activated = diesel::update(
        partnerships::table
            .filter(partnerships::vendor_id.eq(vendor))
            .filter(partnerships::user_id.eq(user))
            .filter(partnerships::status.eq("pending")),
    )
    .set((partnerships::status.eq("active"), partnerships::created_at.eq(diesel::dsl::now)))
    .returning(Partnership::as_returning())
    .get_result(conn)
    .optional()?;
    match activated {
        Some(partnership) => Ok(partnership),
        None => insert(conn, vendor, group, user, parent, "active", None),
    }
}

/// An active partnership made by an import, with the code from the file
/// when it gave one.
pub fn import(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    user: UserId,
    parent: Option<PartnershipId>,
    code: Option<&str>,
) -> QueryResult<Partnership> {
    insert(conn, vendor, group, user, parent, "active", code)
}

/// A partnership waiting for its invite to be accepted.
pub fn create_pending(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    user: UserId,
) -> QueryResult<Partnership> {
    insert(conn, vendor, group, user, None, "pending", None)
}

/// The user's pending or active partnership with the vendor, if any.
pub fn current(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::user_id.eq(user))
        .filter(partnerships::status.eq_any(["pending", "active"]))
        .select(Partnership::as_select())
        .first(conn)
        .optional()
}

fn insert(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    user: UserId,
    parent: Option<PartnershipId>,
    status: &str,
    code: Option<&str>,
) -> QueryResult<Partnership> {
    let code = match code {
        Some(code) => code.to_string(),
        None => free_code(conn, vendor)?,
    };
    diesel::insert_into(partnerships::table)
        .values((
            partnerships::vendor_id.eq(vendor),
            partnerships::group_id.eq(group),
            partnerships::user_id.eq(user),
            partnerships::code.eq(&code),
            partnerships::parent_id.eq(parent),
            partnerships::status.eq(status),
        ))
        .returning(Partnership::as_returning())
        .get_result(conn)
}

/// A random code no partnership of the vendor has; with 36^8 codes a
/// collision is rare, and one more draw settles it.
fn free_code(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<String> {
    loop {
        let code: String = (0..CODE_LENGTH)
            .map(|_| CODE_ALPHABET[rand::thread_rng().gen_range(0..CODE_ALPHABET.len())] as char)
            .collect();
        let taken: bool = diesel::select(diesel::dsl::exists(
            partnerships::table.filter(partnerships::vendor_id.eq(vendor)).filter(partnerships::code.eq(&code)),
        ))
        .get_result(conn)?;
        if !taken {
            return Ok(code);
        }
    }
}

/// The vendor's partnerships with these ids; fewer back means some were
/// not the vendor's.
pub fn of_vendor(conn: &mut PgConnection, vendor: VendorId, ids: &[i64]) -> QueryResult<Vec<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::id.eq_any(ids.iter().map(|id| PartnershipId(*id)).collect::<Vec<_>>()))
        .select(Partnership::as_select())
        .load(conn)
}

/// Like [`of_vendor`], with each partner's name and email, in one query.
pub fn of_vendor_with_people(
    conn: &mut PgConnection,
    vendor: VendorId,
    ids: &[i64],
) -> QueryResult<Vec<(Partnership, String, String)>> {
    use crate::db::schema::users;
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::id.eq_any(ids.iter().map(|id| PartnershipId(*id)).collect::<Vec<_>>()))
        .select((Partnership::as_select(), users::name, users::email))
        .load(conn)
}

/// Removes active partnerships; with `deactivate_links` their tracking URLs
/// stop redirecting at once. Call inside a transaction.
pub fn remove(
    conn: &mut PgConnection,
    ids: &[PartnershipId],
    deactivate_links: bool,
    actor: UserId,
) -> QueryResult<usize> {
    let removed: Vec<PartnershipId> = diesel::update(
        partnerships::table.filter(partnerships::id.eq_any(ids)).filter(partnerships::status.eq("active")),
    )
    .set((
        partnerships::status.eq("removed"),
        partnerships::removed_at.eq(diesel::dsl::now),
        partnerships::links_deactivated.eq(deactivate_links),
    ))
    .returning(partnerships::id)
    .get_results(conn)?;
    let detail = if deactivate_links { "links deactivated" } else { "links kept working" };
    log(conn, &removed, "removed", detail, actor)?;
    Ok(removed.len())
}

/// Moves partnerships to `group`, logging where each came from. Call
/// inside a transaction: all move or none do.
pub fn move_to(
    conn: &mut PgConnection,
    moving: &[Partnership],
    group: (GroupId, &str),
    actor: UserId,
) -> QueryResult<()> {
    let ids: Vec<PartnershipId> = moving.iter().filter(|p| p.group_id != group.0).map(|p| p.id).collect();
    diesel::update(partnerships::table.filter(partnerships::id.eq_any(&ids)))
        .set(partnerships::group_id.eq(group.0))
        .execute(conn)?;
    log(conn, &ids, "moved", &format!("to {}", group.1), actor)
}

fn log(conn: &mut PgConnection, ids: &[PartnershipId], kind: &str, detail: &str, actor: UserId) -> QueryResult<()> {
    use crate::db::schema::partner_activity;
    let rows: Vec<_> = ids
        .iter()
        .map(|id| {
            (
                partner_activity::partnership_id.eq(*id),
                partner_activity::kind.eq(kind),
                partner_activity::detail.eq(detail),
                partner_activity::actor_id.eq(actor),
            )
        })
        .collect();
    diesel::insert_into(partner_activity::table).values(&rows).execute(conn)?;
    Ok(())
}
