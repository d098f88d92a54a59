//! Partner Management → Pending Invites.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::email::InviteNames;
use super::forms::InviteForm;
use super::pages::{InviteOutcome, InvitesPage};
use super::queries;
use super::{Invitation, InvitePath, ResendRefusal, Sending, resend_invite, send_invite};
use crate::auth::verified::unverified_problem;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::groups;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

pub async fn list(
    admin: VendorAdmin,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    page(admin, &pool, &config.clock, InviteForm::default(), FormErrors::new(), None, StatusCode::OK).await
}

/// Invites every valid address not already a partner or invited; lists the rest back.
pub async fn invite(
    admin: VendorAdmin,
    form: web::Form<InviteForm>,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    let (addresses, group_id, message) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => {
            return page(admin, &pool, &config.clock, form, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if let Some(problem) = unverified_problem(&admin.viewer.user) {
        let mut errors = FormErrors::new();
        errors.add("emails", problem);
        return page(admin, &pool, &config.clock, form, errors, None, StatusCode::FORBIDDEN).await;
    }
    let group = groups::load(&pool, admin.vendor.id, group_id).await?;
    let (vendor, inviter, outbox) = (admin.vendor.clone(), admin.viewer.user.clone(), outbox.get_ref().clone());
    let (valid, quota, now) = (addresses.valid, config.sending_quota_per_day, config.clock.now());
    let outcome = db::transaction(&pool, move |conn| {
        let already_partners = queries::active_partner_emails(conn, vendor.id, &valid)?;
        let invitation = Invitation {
            vendor: vendor.id,
            vendor_name: &vendor.name,
            group: group.id,
            group_name: &group.name,
            inviter: Some((inviter.id, &inviter.name)),
            message: &message,
            daily_quota: quota,
            now,
        };
        let (mut invited, mut already_invited, mut over_quota) = (Vec::new(), Vec::new(), Vec::new());
        // send_invite decides "already invited" under the vendor's invite lock.
        for email in valid.iter().filter(|e| !already_partners.contains(e)) {
            match send_invite(conn, &outbox, &invitation, email)? {
                Sending::Queued => invited.push(email.clone()),
                Sending::AlreadyInvited => already_invited.push(email.clone()),
                Sending::QuotaReached => over_quota.push(email.clone()),
            }
        }
        let invalid = Vec::new();
        Ok(InviteOutcome { invited, invalid, already_partners, already_invited, over_quota, daily_quota: quota })
    })
    .await?;
    let status = if outcome.invited.is_empty() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let outcome = InviteOutcome { invalid: addresses.invalid, ..outcome };
    // Only the addresses that still need fixing stay in the box.
    form.emails = outcome.invalid.join("\n");
    page(admin, &pool, &config.clock, form, FormErrors::new(), Some(outcome), status).await
}

pub async fn resend(
    admin: VendorAdmin,
    path: InvitePath,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    if let Some(problem) = unverified_problem(&admin.viewer.user) {
        admin.session.flash(Flash::error(problem));
        return Ok(see_other(&format!("/vendor/{}/invites", admin.vendor.slug)));
    }
    let (vendor, inviter, outbox, id) =
        (admin.vendor.clone(), admin.viewer.user.clone(), outbox.get_ref().clone(), path.1);
    let (quota, now) = (config.sending_quota_per_day, config.clock.now());
    let (email, outcome) = db::transaction(&pool, move |conn| {
        let invite = queries::find(conn, vendor.id, id)?;
        let group = groups::queries::find(conn, vendor.id, invite.group_id)?;
        let names = InviteNames { vendor: &vendor.name, group: &group.name, inviter: &inviter.name };
        let outcome = resend_invite(conn, &outbox, &invite, &names, (quota, now))?;
        Ok((invite.email, outcome))
    })
    .await?;
    let flash = match outcome {
        Ok(()) => Flash::success(format!("Invite sent again to {email}. The earlier link no longer works.")),
        Err(ResendRefusal::TooOften) => Flash::error(format!(
            "The invite to {email} was already sent again {} times in the last hour. Try later.",
            queries::RESENDS_PER_HOUR
        )),
        Err(ResendRefusal::Closed) => Flash::error(format!("The invite to {email} was already accepted or revoked.")),
        Err(ResendRefusal::QuotaReached) => Flash::error(format!(
            "Not sent again: your program has sent its {} invite emails for the last 24 hours. Try tomorrow.",
            config.sending_quota_per_day
        )),
    };
    admin.session.flash(flash);
    Ok(see_other(&format!("/vendor/{}/invites", admin.vendor.slug)))
}

pub async fn revoke(admin: VendorAdmin, path: InvitePath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    let (email, revoked) = db::run(&pool, move |conn| {
        let invite = queries::find(conn, vendor, id)?;
        Ok((invite.email, queries::revoke(conn, id)?))
    })
    .await?;
    admin.session.flash(if revoked {
        Flash::success(format!("Invite to {email} revoked: its link no longer works."))
    } else {
        Flash::error(format!("The invite to {email} was already accepted or revoked."))
    });
    Ok(see_other(&format!("/vendor/{}/invites", admin.vendor.slug)))
}

async fn page(
    admin: VendorAdmin,
    pool: &DbPool,
    clock: &Clock,
    form: InviteForm,
    errors: FormErrors,
    outcome: Option<InviteOutcome>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (vendor, now) = (admin.vendor.id, clock.now());
    let (invites, groups) =
        db::run(pool, move |conn| Ok((queries::list(conn, vendor, now)?, groups::queries::list(conn, vendor)?)))
            .await?;
    render_status(&InvitesPage { chrome: admin.chrome(Menu::Invites), invites, groups, form, errors, outcome }, status)
}
