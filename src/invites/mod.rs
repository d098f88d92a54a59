//! Email invites: vendors invite partners into a group; invitees accept
//! through a one-time link and land in that program. Other features invite
//! through [`send_invite`].

mod accept;
mod email;
mod forms;
mod manage;
mod pages;
mod queries;

pub use forms::InviteSignupForm;

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::PgConnection;

use crate::db::ids::{GroupId, InviteId, UserId, VendorId};
use crate::db::states::InviteStatus;
use crate::email::Outbox;
use crate::web::AppError;
use email::InviteNames;
use queries::{Invite, NewInvite};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/invites", web::get().to(manage::list))
        .route("/vendor/{vendor_slug}/invites", web::post().to(manage::invite))
        .route("/vendor/{vendor_slug}/invites/{invite_id}/resend", web::post().to(manage::resend))
        .route("/vendor/{vendor_slug}/invites/{invite_id}/revoke", web::post().to(manage::revoke))
        .route("/invites/{token}", web::get().to(accept::open))
        .route("/invites/{token}/accept", web::post().to(accept::accept))
        .route("/invites/{token}/signup", web::post().to(accept::sign_up));
}

/// `/vendor/{vendor_slug}/invites/{invite_id}/…`, as handlers extract it.
type InvitePath = web::Path<(String, InviteId)>;

/// Who invites, into which group.
pub struct Invitation<'a> {
    pub vendor: VendorId,
    pub vendor_name: &'a str,
    pub group: GroupId,
    pub group_name: &'a str,
    /// The admin who invites; `None` when the vendor does (import, API).
    pub inviter: Option<(UserId, &'a str)>,
    pub message: &'a str,
    /// Invite emails the vendor may send per 24 hours (SENDING_QUOTA_PER_DAY).
    pub daily_quota: u32,
    /// When, by the app's clock: the links' expiry counts from here.
    pub now: DateTime<Utc>,
}

/// What became of one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    Queued,
    /// A live invite another request made a moment ago already carries the link.
    AlreadyInvited,
    /// The vendor sent its quota of invite emails in the last 24 hours.
    QuotaReached,
}

/// How many more invite emails the vendor may send today; holds the
/// vendor's invite lock until the transaction ends, so the answer stays true.
pub fn quota_left(conn: &mut PgConnection, vendor: VendorId, daily_quota: u32) -> diesel::QueryResult<i64> {
    queries::lock_vendor_invites(conn, vendor)?;
    Ok((i64::from(daily_quota) - queries::sent_in_last_day(conn, vendor)?).max(0))
}

/// Invites `email` and queues the invite email. Call inside a transaction.
pub fn send_invite(
    conn: &mut PgConnection,
    outbox: &Outbox,
    invitation: &Invitation,
    email: &str,
) -> Result<Sending, AppError> {
    // The vendor's invites queue here: two requests inviting one address
    // at once make one invite, and the quota is counted one by one.
    queries::lock_vendor_invites(conn, invitation.vendor)?;
    if !queries::pending_invite_emails(conn, invitation.vendor, &[email.to_string()], invitation.now)?.is_empty() {
        return Ok(Sending::AlreadyInvited);
    }
    if queries::sent_in_last_day(conn, invitation.vendor)? >= i64::from(invitation.daily_quota) {
        return Ok(Sending::QuotaReached);
    }
    let new = NewInvite {
        vendor: invitation.vendor,
        group: invitation.group,
        email,
        inviter: invitation.inviter.map(|(id, _)| id),
        message: invitation.message,
    };
    let (invite, token) = queries::create(conn, &new, invitation.now)?;
    let names = InviteNames {
        vendor: invitation.vendor_name,
        group: invitation.group_name,
        inviter: invitation.inviter.map_or(invitation.vendor_name, |(_, name)| name),
    };
    email::queue(conn, outbox, &invite, &token, &names)?;
    Ok(Sending::Queued)
}

/// Why an invite was not sent again.
#[derive(Debug, PartialEq, Eq)]
enum ResendRefusal {
    Closed,
    TooOften,
    QuotaReached,
}

/// Sends the invite again under a fresh token (the old link stops working)
/// and a fresh expiry. Call inside a transaction.
fn resend_invite(
    conn: &mut PgConnection,
    outbox: &Outbox,
    invite: &Invite,
    names: &InviteNames,
    (daily_quota, now): (u32, DateTime<Utc>),
) -> Result<Result<(), ResendRefusal>, AppError> {
    if invite.status != InviteStatus::Pending {
        return Ok(Err(ResendRefusal::Closed));
    }
    queries::lock_vendor_invites(conn, invite.vendor_id)?;
    if queries::sent_in_last_day(conn, invite.vendor_id)? >= i64::from(daily_quota) {
        return Ok(Err(ResendRefusal::QuotaReached));
    }
    if queries::resends_in_last_hour(conn, invite.id)? >= queries::RESENDS_PER_HOUR {
        return Ok(Err(ResendRefusal::TooOften));
    }
    let (renewed, token) = queries::renew(conn, invite.id, now)?;
    email::queue(conn, outbox, &renewed, &token, names)?;
    Ok(Ok(()))
}
