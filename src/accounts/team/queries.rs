//! A vendor's admins and the invitations to become one.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::auth::one_time::{ACCEPTED_AT, OneTimeLinks};
use crate::db::ids::{UserId, VendorId};
use crate::db::schema::{team_invites, users, vendor_members};
use crate::db::states::MemberRole;

pub const VALID_DAYS: i64 = 7;
const LINKS: OneTimeLinks = OneTimeLinks::marked_by("team_invites", ACCEPTED_AT);
/// Team invitations one vendor may send per 24 hours.
pub const INVITES_PER_DAY: i64 = 20;

#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub role: MemberRole,
    pub since: DateTime<Utc>,
}

pub fn members(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<Member>> {
    vendor_members::table
        .inner_join(users::table)
        .filter(vendor_members::vendor_id.eq(vendor))
        .order((vendor_members::role.desc(), users::name.asc()))
        .select((users::id, users::name, users::email, vendor_members::role, vendor_members::created_at))
        .load(conn)
}

#[derive(Debug, Clone, Queryable)]
pub struct PendingInvite {
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

pub fn pending(conn: &mut PgConnection, vendor: VendorId, now: DateTime<Utc>) -> QueryResult<Vec<PendingInvite>> {
    team_invites::table
        .filter(team_invites::vendor_id.eq(vendor))
        .filter(team_invites::accepted_at.is_null())
        .filter(team_invites::expires_at.gt(now))
        .order(team_invites::created_at.desc())
        .select((team_invites::email, team_invites::expires_at))
        .load(conn)
}

pub fn sent_in_last_day(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<i64> {
    team_invites::table
        .filter(team_invites::vendor_id.eq(vendor))
        .filter(team_invites::created_at.gt(Utc::now() - Duration::days(1)))
        .count()
        .get_result(conn)
}

/// A new invitation's token; only its hash is stored.
pub fn create(
    conn: &mut PgConnection,
    vendor: VendorId,
    email: &str,
    by: UserId,
    now: DateTime<Utc>,
) -> QueryResult<String> {
    let link = OneTimeLinks::issue(Duration::days(VALID_DAYS), now);
    diesel::insert_into(team_invites::table)
        .values((
            team_invites::vendor_id.eq(vendor),
            team_invites::email.eq(email),
            team_invites::invited_by.eq(by),
            team_invites::token_hash.eq(link.hash),
            team_invites::expires_at.eq(link.expires_at),
        ))
        .execute(conn)?;
    Ok(link.token)
}

/// An unused, unexpired invitation: (vendor, email).
pub fn open(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> QueryResult<Option<(VendorId, String)>> {
    let Some(link) = LINKS.find_usable(conn, token, now)? else { return Ok(None) };
    team_invites::table.find(link).select((team_invites::vendor_id, team_invites::email)).first(conn).optional()
}

/// Uses the invitation up and makes `user` an admin, in the caller's
/// transaction; `None` when it was used or expired meanwhile.
pub fn accept(conn: &mut PgConnection, token: &str, user: UserId, now: DateTime<Utc>) -> QueryResult<Option<VendorId>> {
    let Some(link) = LINKS.use_up(conn, token, now)? else { return Ok(None) };
    let vendor: VendorId = team_invites::table.find(link).select(team_invites::vendor_id).first(conn)?;
    diesel::insert_into(vendor_members::table)
        .values((
            vendor_members::vendor_id.eq(vendor),
            vendor_members::user_id.eq(user),
            vendor_members::role.eq(MemberRole::Admin),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    crate::auth::queries::mark_verified(conn, user)?;
    Ok(Some(vendor))
}

/// Why a member was not removed.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    NotAMember,
    LastOwner,
    OnlyOwnersRemoveOwners,
}

/// Removes `user` from the team, as `by`. The members' rows are locked
/// first, so two owners removing each other at once leave one.
pub fn remove(conn: &mut PgConnection, vendor: VendorId, user: UserId, by: UserId) -> QueryResult<Result<(), Refusal>> {
    let roles: Vec<(UserId, MemberRole)> = vendor_members::table
        .filter(vendor_members::vendor_id.eq(vendor))
        .select((vendor_members::user_id, vendor_members::role))
        .for_update()
        .load(conn)?;
    let role_of = |who: UserId| roles.iter().find(|(id, _)| *id == who).map(|(_, role)| *role);
    let Some(role) = role_of(user) else { return Ok(Err(Refusal::NotAMember)) };
    if role == MemberRole::Owner {
        if role_of(by) != Some(MemberRole::Owner) {
            return Ok(Err(Refusal::OnlyOwnersRemoveOwners));
        }
        if roles.iter().filter(|(_, r)| *r == MemberRole::Owner).count() == 1 {
            return Ok(Err(Refusal::LastOwner));
        }
    }
    diesel::delete(
        vendor_members::table.filter(vendor_members::vendor_id.eq(vendor)).filter(vendor_members::user_id.eq(user)),
    )
    .execute(conn)?;
    Ok(Ok(()))
}
