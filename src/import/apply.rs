//! Applying an import: every planned creation in one transaction.

use diesel::{PgConnection, QueryResult};

use super::parse::CsvRow;
use super::plan::{Action, Planned, plan};
use crate::auth::queries as users;
use crate::db::ids::VendorId;
use crate::email::Outbox;
use crate::invites::{self, Invitation};
use crate::partners::queries as partners;
use crate::web::AppError;

/// How to email the created partners: the outbox, the vendor's name and
/// its daily sending quota.
pub struct Invites<'a> {
    pub outbox: &'a Outbox,
    pub vendor_name: &'a str,
    pub daily_quota: u32,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// The rows applying the import now would create, planned against the
/// partners as they are now, so rows imported before are skipped.
pub fn creations(conn: &mut PgConnection, vendor: VendorId, rows: &[CsvRow]) -> QueryResult<Vec<Planned>> {
    Ok(plan(conn, vendor, rows)?.into_iter().filter(|p| p.action == Action::Create).collect())
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub created: usize,
    pub emailed: usize,
}

/// Creates the partners of [`creations`]. `invite`: how to send the claim
/// emails, or `None` to email nobody. Call inside the transaction that
/// planned them.
pub fn apply(
    conn: &mut PgConnection,
    vendor: VendorId,
    creations: Vec<Planned>,
    invite: Option<&Invites>,
) -> Result<Outcome, AppError> {
    let mut outcome = Outcome::default();
    for planned in creations {
        let Some((group, group_name)) = planned.group else { continue };
        let row = &planned.row;
        let name = format!("{} {}", row.first_name, row.last_name).trim().to_string();
        let name = if name.is_empty() { planned.email.clone() } else { name };
        let user = users::find_or_create_unclaimed(conn, &planned.email, &name)?;
        let parent = match row.parent_code.to_ascii_lowercase() {
            code if code.is_empty() => None,
            code => partners::active_by_code(conn, vendor, &code)?.map(|p| p.id),
        };
        let code = Some(row.partner_code.to_ascii_lowercase()).filter(|c| !c.is_empty());
        partners::import(
            conn,
            partners::Imported { vendor, group, user: user.id, parent, code: code.as_deref(), name: &name },
        )?;
        outcome.created += 1;
        if let Some(how) = invite {
            let invitation = Invitation {
                vendor,
                vendor_name: how.vendor_name,
                group,
                group_name: &group_name,
                inviter: None,
                message: "",
                daily_quota: how.daily_quota,
                now: how.now,
            };
            if invites::send_invite(conn, how.outbox, &invitation, &planned.email)? == invites::Sending::Queued {
                outcome.emailed += 1;
            }
        }
    }
    Ok(outcome)
}
