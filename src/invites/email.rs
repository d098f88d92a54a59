//! The invitation email, and queuing it for an invite.

use diesel::PgConnection;

use super::queries::{self, Invite};
use crate::email::Outbox;
use crate::email_templates;
use crate::web::AppError;

/// The invitation email.
pub struct InviteEmail {
    pub vendor_name: String,
    pub group_name: String,
    pub inviter_name: String,
    pub message: String,
    pub accept_url: String,
    pub expires_on: String,
}

email_templates!(InviteEmail, "email/invite/subject.txt", "email/invite/body.txt", "email/invite/body.html");

/// Who the email says invites, into what.
pub struct InviteNames<'a> {
    pub vendor: &'a str,
    pub group: &'a str,
    pub inviter: &'a str,
}

/// Queues the email carrying `token`'s link to the invite. Call inside the
/// transaction that made or renewed the invite.
pub fn queue(
    conn: &mut PgConnection,
    outbox: &Outbox,
    invite: &Invite,
    token: &str,
    names: &InviteNames,
) -> Result<(), AppError> {
    let content = InviteEmail {
        vendor_name: names.vendor.to_string(),
        group_name: names.group.to_string(),
        inviter_name: names.inviter.to_string(),
        message: invite.message.clone(),
        accept_url: outbox.url(&format!("/invites/{token}")),
        expires_on: invite.expires_at.format("%B %-d, %Y").to_string(),
    };
    let email = outbox.enqueue(conn, &invite.email, &content)?;
    queries::record_send(conn, invite.id, email)?;
    Ok(())
}
