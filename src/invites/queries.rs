//! Invites and their sends.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{BigInt, Int8, Nullable, Text, Timestamptz};

use crate::auth::one_time::OneTimeLinks;
use crate::auth::queries::{self as accounts, User};
use crate::auth::tokens::token_hash;
use crate::db::ids::{GroupId, InviteId, OutboxEmailId, PartnershipId, UserId, VendorId};
use crate::db::schema::{invite_sends, invites, partnerships, users};
use crate::db::states::{InviteStatus, OutboxStatus, PartnershipStatus};
use crate::partners::queries as partners;

pub const VALID_DAYS: i64 = 14;
pub const RESENDS_PER_HOUR: i64 = 3;
/// An invite is used up by being accepted; a revoked one is never usable.
const LINKS: OneTimeLinks =
    OneTimeLinks::with("invites", "status = 'pending'", "status = 'accepted', accepted_at = $2");

/// Where an invite stands, as its link and the vendor's list see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteState {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

impl InviteState {
    pub fn as_str(self) -> &'static str {
        match self {
            InviteState::Pending => "pending",
            InviteState::Accepted => "accepted",
            InviteState::Revoked => "revoked",
            InviteState::Expired => "expired",
        }
    }
}

/// The one place an invite's state is decided: a pending invite past its
/// expiry is expired.
pub fn state_of(status: InviteStatus, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> InviteState {
    match status {
        InviteStatus::Accepted => InviteState::Accepted,
        InviteStatus::Revoked => InviteState::Revoked,
        InviteStatus::Pending if expires_at < now => InviteState::Expired,
        InviteStatus::Pending => InviteState::Pending,
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invites)]
pub struct Invite {
    pub id: InviteId,
    pub vendor_id: VendorId,
    pub group_id: GroupId,
    pub email: String,
    pub message: String,
    pub status: InviteStatus,
    pub expires_at: DateTime<Utc>,
}

impl Invite {
    pub fn state(&self, now: DateTime<Utc>) -> InviteState {
        state_of(self.status, self.expires_at, now)
    }
}

/// What a new invite is.
pub struct NewInvite<'a> {
    pub vendor: VendorId,
    pub group: GroupId,
    pub email: &'a str,
    pub inviter: Option<UserId>,
    pub message: &'a str,
}

/// Creates an invite; returns it with the token for its link, which is
/// stored only as a hash.
pub fn create(conn: &mut PgConnection, new: &NewInvite, now: DateTime<Utc>) -> QueryResult<(Invite, String)> {
    let link = OneTimeLinks::issue(Duration::days(VALID_DAYS), now);
    let invite = diesel::insert_into(invites::table)
        .values((
            invites::vendor_id.eq(new.vendor),
            invites::group_id.eq(new.group),
            invites::email.eq(new.email),
            invites::invited_by.eq(new.inviter),
            invites::message.eq(new.message),
            invites::token_hash.eq(&link.hash),
            invites::expires_at.eq(link.expires_at),
        ))
        .returning(Invite::as_returning())
        .get_result(conn)?;
    Ok((invite, link.token))
}

/// A fresh token (the old link stops working) and a fresh expiry.
pub fn renew(conn: &mut PgConnection, invite: InviteId, now: DateTime<Utc>) -> QueryResult<(Invite, String)> {
    let link = OneTimeLinks::issue(Duration::days(VALID_DAYS), now);
    let renewed = diesel::update(invites::table.find(invite))
        .set((invites::token_hash.eq(&link.hash), invites::expires_at.eq(link.expires_at)))
        .returning(Invite::as_returning())
        .get_result(conn)?;
    Ok((renewed, link.token))
}

/// Notes that the invite's email was queued as `email`.
pub fn record_send(conn: &mut PgConnection, invite: InviteId, email: OutboxEmailId) -> QueryResult<()> {
    diesel::insert_into(invite_sends::table)
        .values((invite_sends::invite_id.eq(invite), invite_sends::outbox_email_id.eq(email)))
        .execute(conn)?;
    Ok(())
}

/// Sends in the last hour, not counting the first one.
pub fn resends_in_last_hour(conn: &mut PgConnection, invite: InviteId) -> QueryResult<i64> {
    let since = Utc::now() - Duration::hours(1);
    let first: Option<i64> = invite_sends::table
        .filter(invite_sends::invite_id.eq(invite))
        .select(diesel::dsl::min(invite_sends::id))
        .first(conn)?;
    invite_sends::table
        .filter(invite_sends::invite_id.eq(invite))
        .filter(invite_sends::sent_at.gt(since))
        .filter(invite_sends::id.ne(first.unwrap_or(0)))
        .count()
        .get_result(conn)
}

/// Revokes a pending invite; its link stops working.
pub fn revoke(conn: &mut PgConnection, invite: InviteId) -> QueryResult<bool> {
    let changed = diesel::update(invites::table.find(invite).filter(invites::status.eq(InviteStatus::Pending)))
        .set(invites::status.eq(InviteStatus::Revoked))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The vendor's invite with `id`; another vendor's id is NotFound.
pub fn find(conn: &mut PgConnection, vendor: VendorId, id: InviteId) -> QueryResult<Invite> {
    invites::table
        .filter(invites::vendor_id.eq(vendor))
        .filter(invites::id.eq(id))
        .select(Invite::as_select())
        .first(conn)
}

/// The invite behind `token` whatever its state, so its page can say why
/// a link no longer works.
pub fn by_token(conn: &mut PgConnection, token: &str) -> QueryResult<Option<Invite>> {
    invites::table.filter(invites::token_hash.eq(token_hash(token))).select(Invite::as_select()).first(conn).optional()
}

/// Uses the invite up, if it is still pending and unexpired: one atomic
/// update, so of many simultaneous accepts exactly one wins.
pub fn claim(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> QueryResult<Option<Invite>> {
    let Some(id) = LINKS.use_up(conn, token, now)? else { return Ok(None) };
    invites::table.find(id).select(Invite::as_select()).first(conn).optional()
}

pub fn record_partnership(conn: &mut PgConnection, invite: InviteId, partnership: PartnershipId) -> QueryResult<()> {
    diesel::update(invites::table.find(invite)).set(invites::partnership_id.eq(partnership)).execute(conn)?;
    Ok(())
}

/// Of `emails`, those that are active partners of the vendor.
pub fn active_partner_emails(conn: &mut PgConnection, vendor: VendorId, emails: &[String]) -> QueryResult<Vec<String>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::status.eq(PartnershipStatus::Active))
        .filter(users::email.eq_any(emails))
        .select(users::email)
        .load(conn)
}

/// Of `emails`, those with a pending, unexpired invite from the vendor.
/// Holds, until the transaction ends, the right to send `vendor`'s invites.
pub fn lock_vendor_invites(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('invites', $1))")
        .bind::<Int8, _>(vendor)
        .execute(conn)?;
    Ok(())
}

/// Invite emails (first sends and resends) the vendor queued in the last 24 hours.
pub fn sent_in_last_day(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<i64> {
    invite_sends::table
        .inner_join(invites::table)
        .filter(invites::vendor_id.eq(vendor))
        .filter(invite_sends::sent_at.gt(Utc::now() - Duration::days(1)))
        .count()
        .get_result(conn)
}

pub fn pending_invite_emails(
    conn: &mut PgConnection,
    vendor: VendorId,
    emails: &[String],
    now: DateTime<Utc>,
) -> QueryResult<Vec<String>> {
    invites::table
        .filter(invites::vendor_id.eq(vendor))
        .filter(invites::status.eq(InviteStatus::Pending))
        .filter(invites::expires_at.gt(now))
        .filter(invites::email.eq_any(emails))
        .select(invites::email)
        .load(conn)
}

/// A row of the Pending Invites list.
#[derive(Debug, QueryableByName)]
pub struct InviteRow {
    #[diesel(sql_type = Int8)]
    pub id: InviteId,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub group_name: String,
    #[diesel(sql_type = Text)]
    pub invited_by: String,
    #[diesel(sql_type = Text)]
    pub status: InviteStatus,
    #[diesel(sql_type = Timestamptz)]
    pub expires_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub first_sent: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_sent: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    pub times_sent: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub email_status: Option<OutboxStatus>,
    #[diesel(sql_type = Nullable<Text>)]
    pub email_error: Option<String>,
    /// When the list was read: an invite past its expiry then shows as expired.
    #[diesel(sql_type = Timestamptz)]
    pub listed_at: DateTime<Utc>,
}

const LIST: &str = "
SELECT i.id, i.email, g.name AS group_name, coalesce(u.name, 'someone no longer here') AS invited_by,
       i.status, i.expires_at, sends.first_sent, sends.last_sent, coalesce(sends.times_sent, 0) AS times_sent,
       latest.status AS email_status, latest.last_error AS email_error, $2 AS listed_at
FROM invites i
JOIN partner_groups g ON g.id = i.group_id
LEFT JOIN users u ON u.id = i.invited_by
LEFT JOIN LATERAL (
    SELECT min(sent_at) AS first_sent, max(sent_at) AS last_sent, count(*) AS times_sent
    FROM invite_sends WHERE invite_id = i.id
) sends ON true
LEFT JOIN LATERAL (
    SELECT o.status, o.last_error FROM invite_sends s JOIN outbox_emails o ON o.id = s.outbox_email_id
    WHERE s.invite_id = i.id ORDER BY s.id DESC LIMIT 1
) latest ON true
WHERE i.vendor_id = $1
ORDER BY i.created_at DESC, i.id DESC
LIMIT 500";

pub fn list(conn: &mut PgConnection, vendor: VendorId, now: DateTime<Utc>) -> QueryResult<Vec<InviteRow>> {
    diesel::sql_query(LIST).bind::<Int8, _>(vendor).bind::<Timestamptz, _>(now).load(conn)
}

impl InviteRow {
    pub fn state(&self) -> InviteState {
        state_of(self.status, self.expires_at, self.listed_at)
    }

    /// A pending invite whose latest email could not be delivered.
    pub fn delivery_failed(&self) -> bool {
        self.state() == InviteState::Pending && self.email_status == Some(OutboxStatus::Failed)
    }

    /// pending, accepted, expired, revoked, or failed.
    pub fn shown_state(&self) -> &'static str {
        if self.delivery_failed() { OutboxStatus::Failed.as_str() } else { self.state().as_str() }
    }

    pub fn can_resend(&self) -> bool {
        self.status == InviteStatus::Pending
    }

    pub fn can_revoke(&self) -> bool {
        self.status == InviteStatus::Pending
    }
}

/// `false` when another request used the invite first.
pub fn claim_and_join(
    conn: &mut PgConnection,
    token: &str,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<bool, DieselError> {
    let Some(invite) = claim(conn, token, now)? else { return Ok(false) };
    // The invite link came by email: following it proves the mailbox.
    accounts::mark_verified(conn, user)?;
    let partnership = partners::join(conn, invite.vendor_id, invite.group_id, user, None)?;
    record_partnership(conn, invite.id, partnership.id)?;
    Ok(true)
}

/// Claims or creates the invited account and joins, in one transaction;
/// `None` when someone used the link or made the account meanwhile.
/// The account's `email`, `name` and password `hash` come as one.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub hash: &'a str,
}

pub fn create_account_and_join(
    conn: &mut PgConnection,
    token: &str,
    account: &NewAccount,
    now: DateTime<Utc>,
) -> Result<Option<User>, DieselError> {
    let outcome = conn.transaction(|conn| {
        let Some(user) = accounts::claim_or_create(conn, account.email, account.name, account.hash)? else {
            return Err(DieselError::RollbackTransaction);
        };
        let joined = claim_and_join(conn, token, user.id, now)?;
        if joined { Ok(user) } else { Err(DieselError::RollbackTransaction) }
    });
    match outcome {
        Ok(user) => Ok(Some(user)),
        Err(DieselError::RollbackTransaction)
        | Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(None),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::{InviteState, state_of};
    use crate::db::states::InviteStatus;

    #[test]
    fn a_pending_invite_past_its_expiry_is_expired_and_closed_ones_stay_closed() {
        let now = Utc::now();
        let (past, future) = (now - Duration::seconds(1), now + Duration::days(1));
        assert_eq!(state_of(InviteStatus::Pending, future, now), InviteState::Pending);
        assert_eq!(state_of(InviteStatus::Pending, past, now), InviteState::Expired);
        assert_eq!(state_of(InviteStatus::Accepted, past, now), InviteState::Accepted);
        assert_eq!(state_of(InviteStatus::Revoked, future, now), InviteState::Revoked);
    }
}
