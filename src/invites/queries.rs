use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};

use super::email::InviteEmail;
use super::token;
use crate::db::ids::{GroupId, PartnershipId, UserId, VendorId};
use crate::db::schema::{invite_sends, invites, partnerships, users};
use crate::email::{EmailContent, Sealer, outbox};

pub const VALID_DAYS: i64 = 14;
pub const RESENDS_PER_HOUR: i64 = 3;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invites)]
pub struct Invite {
    pub id: i64,
    pub vendor_id: VendorId,
    pub group_id: GroupId,
    pub email: String,
    pub invited_by: Option<UserId>,
    pub message: String,
    pub status: String,
    pub expires_at: DateTime<Utc>,
}

/// Who is inviting, into what: the parts of the email that do not vary.
pub struct Sender<'a> {
    pub sealer: &'a Sealer,
    pub base_url: &'a str,
    pub vendor_name: &'a str,
    pub inviter_name: &'a str,
}

/// Creates an invite and queues its email. Call inside a transaction.
pub fn create(
    conn: &mut PgConnection,
    sender: &Sender,
    vendor: VendorId,
    group: (GroupId, &str),
    inviter: Option<UserId>,
    email: &str,
    message: &str,
) -> anyhow::Result<()> {
    let (token, hash) = token::generate();
    let invite: Invite = diesel::insert_into(invites::table)
        .values((
            invites::vendor_id.eq(vendor),
            invites::group_id.eq(group.0),
            invites::email.eq(email),
            invites::invited_by.eq(inviter),
            invites::message.eq(message),
            invites::token_hash.eq(&hash),
            invites::expires_at.eq(Utc::now() + Duration::days(VALID_DAYS)),
        ))
        .returning(Invite::as_returning())
        .get_result(conn)?;
    queue_email(conn, sender, &invite, group.1, &token)
}

fn queue_email(
    conn: &mut PgConnection,
    sender: &Sender,
    invite: &Invite,
    group_name: &str,
    token: &str,
) -> anyhow::Result<()> {
    let content = InviteEmail {
        vendor_name: sender.vendor_name.to_string(),
        group_name: group_name.to_string(),
        inviter_name: sender.inviter_name.to_string(),
        message: invite.message.clone(),
        accept_url: format!("{}/invites/{token}", sender.base_url),
        expires_on: invite.expires_at.format("%B %-d, %Y").to_string(),
    };
    let email_id = outbox::enqueue(conn, sender.sealer, &content.to_email(&invite.email)?)?;
    diesel::insert_into(invite_sends::table)
        .values((invite_sends::invite_id.eq(invite.id), invite_sends::outbox_email_id.eq(email_id)))
        .execute(conn)?;
    Ok(())
}

/// Why an invite was not sent again.
#[derive(Debug, PartialEq, Eq)]
pub enum ResendRefusal {
    Closed,
    TooOften,
}

/// Sends the invite again under a fresh token (the old link stops working)
/// and a fresh expiry. Call inside a transaction.
pub fn resend(
    conn: &mut PgConnection,
    sender: &Sender,
    invite: &Invite,
    group_name: &str,
) -> anyhow::Result<Result<(), ResendRefusal>> {
    if invite.status != "pending" {
        return Ok(Err(ResendRefusal::Closed));
    }
    if resends_in_last_hour(conn, invite.id)? >= RESENDS_PER_HOUR {
        return Ok(Err(ResendRefusal::TooOften));
    }
    let (token, hash) = token::generate();
    let refreshed: Invite = diesel::update(invites::table.find(invite.id))
        .set((invites::token_hash.eq(&hash), invites::expires_at.eq(Utc::now() + Duration::days(VALID_DAYS))))
        .returning(Invite::as_returning())
        .get_result(conn)?;
    queue_email(conn, sender, &refreshed, group_name, &token)?;
    Ok(Ok(()))
}

/// Sends in the last hour, not counting the first one.
fn resends_in_last_hour(conn: &mut PgConnection, invite: i64) -> QueryResult<i64> {
    let since = Utc::now() - Duration::hours(1);
    let first: i64 = invite_sends::table
        .filter(invite_sends::invite_id.eq(invite))
        .select(diesel::dsl::min(invite_sends::id))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0);
    invite_sends::table
        .filter(invite_sends::invite_id.eq(invite))
        .filter(invite_sends::sent_at.gt(since))
        .filter(invite_sends::id.ne(first))
        .count()
        .get_result(conn)
}

/// Revokes a pending invite; its link stops working.
pub fn revoke(conn: &mut PgConnection, invite: i64) -> QueryResult<bool> {
    let changed = diesel::update(invites::table.find(invite).filter(invites::status.eq("pending")))
        .set(invites::status.eq("revoked"))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The vendor's invite with `id`; another vendor's id is NotFound.
pub fn find(conn: &mut PgConnection, vendor: VendorId, id: i64) -> QueryResult<Invite> {
    invites::table
        .filter(invites::vendor_id.eq(vendor))
        .filter(invites::id.eq(id))
        .select(Invite::as_select())
        .first(conn)
}

pub fn by_token(conn: &mut PgConnection, token: &str) -> QueryResult<Option<Invite>> {
    invites::table.filter(invites::token_hash.eq(token::hash(token))).select(Invite::as_select()).first(conn).optional()
}

/// Uses the invite up, if it is still pending and unexpired: one atomic
/// update, so of many simultaneous accepts exactly one wins.
pub fn claim(conn: &mut PgConnection, token: &str) -> QueryResult<Option<Invite>> {
    diesel::update(
        invites::table
            .filter(invites::token_hash.eq(token::hash(token)))
            .filter(invites::status.eq("pending"))
            .filter(invites::expires_at.gt(diesel::dsl::now)),
    )
    .set((invites::status.eq("accepted"), invites::accepted_at.eq(diesel::dsl::now)))
    .returning(Invite::as_returning())
    .get_result(conn)
    .optional()
}

pub fn record_partnership(conn: &mut PgConnection, invite: i64, partnership: PartnershipId) -> QueryResult<()> {
    diesel::update(invites::table.find(invite)).set(invites::partnership_id.eq(partnership)).execute(conn)?;
    Ok(())
}

/// Of `emails`, those that are active partners of the vendor.
pub fn active_partner_emails(conn: &mut PgConnection, vendor: VendorId, emails: &[String]) -> QueryResult<Vec<String>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::status.eq("active"))
        .filter(users::email.eq_any(emails))
        .select(users::email)
        .load(conn)
}

/// Of `emails`, those with a pending, unexpired invite from the vendor.
pub fn pending_invite_emails(conn: &mut PgConnection, vendor: VendorId, emails: &[String]) -> QueryResult<Vec<String>> {
    invites::table
        .filter(invites::vendor_id.eq(vendor))
        .filter(invites::status.eq("pending"))
        .filter(invites::expires_at.gt(diesel::dsl::now))
        .filter(invites::email.eq_any(emails))
        .select(invites::email)
        .load(conn)
}

/// A row of the Pending Invites list.
#[derive(Debug, QueryableByName)]
pub struct InviteRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub group_name: String,
    #[diesel(sql_type = Text)]
    pub invited_by: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Timestamptz)]
    pub expires_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub first_sent: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_sent: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    pub times_sent: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub email_status: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub email_error: Option<String>,
}

const LIST: &str = "
SELECT i.id, i.email, g.name AS group_name, coalesce(u.name, 'someone no longer here') AS invited_by,
       i.status, i.expires_at, sends.first_sent, sends.last_sent, coalesce(sends.times_sent, 0) AS times_sent,
       latest.status AS email_status, latest.last_error AS email_error
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

pub fn list(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<InviteRow>> {
    diesel::sql_query(LIST).bind::<BigInt, _>(vendor).load(conn)
}

impl InviteRow {
    /// pending, accepted, expired, revoked or failed.
    pub fn state(&self) -> &'static str {
        match self.status.as_str() {
            "accepted" => "accepted",
            "revoked" => "revoked",
            _ if self.expires_at < Utc::now() => "expired",
            _ if self.email_status.as_deref() == Some("failed") => "failed",
            _ => "pending",
        }
    }

    pub fn can_resend(&self) -> bool {
        self.status == "pending"
    }

    pub fn can_revoke(&self) -> bool {
        self.status == "pending"
    }
}
