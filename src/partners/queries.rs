//! Partnerships: joining, importing, removing, moving, and what the
//! vendor's partner page shows about one.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rand::Rng;

use crate::db::ids::{GroupId, PartnershipId, UserId, VendorId};
use crate::db::schema::{partner_activity, partnerships, users};
use crate::db::states::{ActivityKind, PartnershipStatus};

const CODE_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const CODE_LENGTH: usize = 8;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partnerships)]
pub struct Partnership {
    pub id: PartnershipId,
    pub group_id: GroupId,
    pub code: String,
    pub parent_id: Option<PartnershipId>,
    pub status: PartnershipStatus,
}

/// The user's active partnership with the vendor, if any.
pub fn active(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::user_id.eq(user))
        .filter(partnerships::status.eq(PartnershipStatus::Active))
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
            .filter(partnerships::status.eq(PartnershipStatus::Removed)),
    ))
    .get_result(conn)
}

/// The vendor's active partnership with `code`: a valid `?ref=` parent.
pub fn active_by_code(conn: &mut PgConnection, vendor: VendorId, code: &str) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::code.eq(code))
        .filter(partnerships::status.eq(PartnershipStatus::Active))
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
    // A group deleted a moment ago is NotFound here, not a foreign-key error.
    crate::groups::queries::hold(conn, group)?;
    // Made through the API before the person had an account: accepting the
    // invite makes it real.
    let activated = diesel::update(
        partnerships::table
            .filter(partnerships::vendor_id.eq(vendor))
            .filter(partnerships::user_id.eq(user))
            .filter(partnerships::status.eq(PartnershipStatus::Pending)),
    )
    .set((partnerships::status.eq(PartnershipStatus::Active), partnerships::created_at.eq(diesel::dsl::now)))
    .returning(Partnership::as_returning())
    .get_result(conn)
    .optional()?;
    match activated {
        // The person accepted: from now on the vendor sees the name they chose.
        Some(partnership) => {
            let own_name = own_name(conn, user)?;
            diesel::update(partnerships::table.find(partnership.id))
                .set(partnerships::partner_name.eq(own_name))
                .execute(conn)?;
            Ok(partnership)
        }
        None => {
            let name = own_name(conn, user)?;
            insert(
                conn,
                NewPartnership {
                    vendor,
                    group,
                    user,
                    parent,
                    status: PartnershipStatus::Active,
                    code: None,
                    name: &name,
                },
            )
        }
    }
}

fn own_name(conn: &mut PgConnection, user: UserId) -> QueryResult<String> {
    users::table.find(user).select(users::name).first(conn)
}

/// An active partnership made by an import, with the code from the file
/// when it gave one.
/// A partnership an import makes: active at once, under the name in the file.
pub struct Imported<'a> {
    pub vendor: VendorId,
    pub group: GroupId,
    pub user: UserId,
    pub parent: Option<PartnershipId>,
    pub code: Option<&'a str>,
    pub name: &'a str,
}

pub fn import(conn: &mut PgConnection, imported: Imported) -> QueryResult<Partnership> {
    let Imported { vendor, group, user, parent, code, name } = imported;
    insert(conn, NewPartnership { vendor, group, user, parent, status: PartnershipStatus::Active, code, name })
}

/// A partnership waiting for its invite to be accepted.
pub fn create_pending(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    user: UserId,
    name: &str,
) -> QueryResult<Partnership> {
    insert(
        conn,
        NewPartnership { vendor, group, user, parent: None, status: PartnershipStatus::Pending, code: None, name },
    )
}

/// Holds, until the transaction ends, the right to make the user's
/// partnership with the vendor: concurrent requests for one person queue.
pub fn lock_person(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('partnership:' || $1 || ':' || $2, 0))")
        .bind::<diesel::sql_types::Int8, _>(vendor)
        .bind::<diesel::sql_types::Int8, _>(user)
        .execute(conn)?;
    Ok(())
}

/// The user's pending or active partnership with the vendor, if any.
pub fn current(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<Option<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::user_id.eq(user))
        .filter(partnerships::status.eq_any([PartnershipStatus::Pending, PartnershipStatus::Active]))
        .select(Partnership::as_select())
        .first(conn)
        .optional()
}

/// A partnership to make; `name` is what the vendor will know the partner by.
struct NewPartnership<'a> {
    vendor: VendorId,
    group: GroupId,
    user: UserId,
    parent: Option<PartnershipId>,
    status: PartnershipStatus,
    code: Option<&'a str>,
    name: &'a str,
}

fn insert(conn: &mut PgConnection, new: NewPartnership) -> QueryResult<Partnership> {
    let NewPartnership { vendor, group, user, parent, status, code, name } = new;
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
            partnerships::partner_name.eq(name),
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
pub fn of_vendor(conn: &mut PgConnection, vendor: VendorId, ids: &[PartnershipId]) -> QueryResult<Vec<Partnership>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::id.eq_any(ids))
        .select(Partnership::as_select())
        .load(conn)
}

/// Like [`of_vendor`], with each partner's name and email, in one query.
pub fn of_vendor_with_people(
    conn: &mut PgConnection,
    vendor: VendorId,
    ids: &[PartnershipId],
) -> QueryResult<Vec<(Partnership, String, String)>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::id.eq_any(ids))
        .select((Partnership::as_select(), partnerships::partner_name, users::email))
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
        partnerships::table
            .filter(partnerships::id.eq_any(ids))
            .filter(partnerships::status.eq(PartnershipStatus::Active)),
    )
    .set((
        partnerships::status.eq(PartnershipStatus::Removed),
        partnerships::removed_at.eq(diesel::dsl::now),
        partnerships::links_deactivated.eq(deactivate_links),
    ))
    .returning(partnerships::id)
    .get_results(conn)?;
    let detail = if deactivate_links { "links deactivated" } else { "links kept working" };
    log(conn, &removed, ActivityKind::Removed, detail, actor)?;
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
    log(conn, &ids, ActivityKind::Moved, &format!("to {}", group.1), actor)
}

/// Adds one entry per partnership to the partners' activity logs.
pub fn log(
    conn: &mut PgConnection,
    ids: &[PartnershipId],
    kind: ActivityKind,
    detail: &str,
    actor: UserId,
) -> QueryResult<()> {
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

/// A partner recruited by another.
#[derive(Debug, Clone, Queryable)]
pub struct Child {
    pub id: PartnershipId,
    pub code: String,
    pub name: String,
}

/// The active partners `parent` recruited, by name.
pub fn children(conn: &mut PgConnection, parent: PartnershipId) -> QueryResult<Vec<Child>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::parent_id.eq(parent))
        .filter(partnerships::status.eq(PartnershipStatus::Active))
        .order(partnerships::partner_name.asc())
        .select((partnerships::id, partnerships::code, partnerships::partner_name))
        .load(conn)
}

/// Who holds a partnership, and since when.
#[derive(Debug, Clone, Queryable)]
pub struct Person {
    pub name: String,
    pub email: String,
    pub joined_at: DateTime<Utc>,
}

pub fn person(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Person> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::id.eq(partnership))
        .select((partnerships::partner_name, users::email, partnerships::created_at))
        .first(conn)
}

/// The recruiting partner's code and name.
pub fn code_and_name(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Option<(String, String)>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::id.eq(partnership))
        .select((partnerships::code, partnerships::partner_name))
        .first(conn)
        .optional()
}

/// One logged move or removal.
#[derive(Debug, Clone, Queryable)]
pub struct LoggedActivity {
    pub at: DateTime<Utc>,
    pub kind: ActivityKind,
    pub detail: String,
    /// Who did it; `None` once their account is gone.
    pub by: Option<String>,
}

/// Every move and removal of the partnership, oldest first.
pub fn activity_log(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Vec<LoggedActivity>> {
    partner_activity::table
        .left_join(users::table.on(users::id.nullable().eq(partner_activity::actor_id)))
        .filter(partner_activity::partnership_id.eq(partnership))
        .order(partner_activity::created_at.asc())
        .select((
            partner_activity::created_at,
            partner_activity::kind,
            partner_activity::detail,
            users::name.nullable(),
        ))
        .load(conn)
}
