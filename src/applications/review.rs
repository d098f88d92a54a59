//! Partner Management → Applications: approve or reject, each with an email.

use actix_web::{HttpResponse, web};

use super::email;
use super::forms::{RejectForm, StatusQuery};
use super::pages::ApplicationsPage;
use super::queries;
use crate::auth::queries as users;
use crate::db::ids::ApplicationId;
use crate::db::states::ApplicationStatus;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::groups::queries as groups;
use crate::partners::queries as partners;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, render, see_other};

pub async fn list(
    admin: VendorAdmin,
    query: web::Query<StatusQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let status = ApplicationStatus::parse(&query.status).unwrap_or(ApplicationStatus::Pending);
    let vendor = admin.vendor.id;
    let rows = db::run(&pool, move |conn| Ok(queries::list(conn, vendor, status)?)).await?;
    render(&ApplicationsPage { chrome: admin.chrome(Menu::Applications), status, rows })
}

type ApplicationPath = web::Path<(String, ApplicationId)>;

/// What a decision came to.
enum Decision {
    /// Decided; the applicant, at this email, is told.
    Done(String),
    /// Another request decided it first.
    AlreadyDecided,
    /// A removed partner comes back only through a new email invite.
    RemovedBefore,
}

/// Approves: the applicant becomes a partner in the group, and is told so.
pub async fn approve(
    admin: VendorAdmin,
    path: ApplicationPath,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let (vendor, by, id, outbox) = (admin.vendor.clone(), admin.viewer.user.id, path.1, outbox.get_ref().clone());
    let outcome = db::transaction(&pool, move |conn| {
        let Some(application) = queries::pending(conn, vendor.id, id)? else { return Ok(Decision::AlreadyDecided) };
        if partners::was_removed(conn, vendor.id, application.user_id)? {
            return Ok(Decision::RemovedBefore);
        }
        if queries::decide(conn, vendor.id, id, ApplicationStatus::Approved, "", by)?.is_none() {
            return Ok(Decision::AlreadyDecided);
        }
        let partnership =
            partners::join(conn, vendor.id, application.group_id, application.user_id, application.parent_id)?;
        queries::record_partnership(conn, id, partnership.id)?;
        let group = groups::find(conn, vendor.id, application.group_id)?;
        let to = users::email_of(conn, application.user_id)?;
        email::queue_approved(conn, &outbox, &to, &vendor, group.name)?;
        Ok(Decision::Done(to))
    })
    .await?;
    finish(&admin, &pool, id, outcome, "approved: they are now a partner").await
}

pub async fn reject(
    admin: VendorAdmin,
    path: ApplicationPath,
    form: web::Form<RejectForm>,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let (vendor, by, id, outbox) = (admin.vendor.clone(), admin.viewer.user.id, path.1, outbox.get_ref().clone());
    let reason = form.parse();
    let outcome = db::transaction(&pool, move |conn| {
        let Some(application) = queries::decide(conn, vendor.id, id, ApplicationStatus::Rejected, &reason, by)? else {
            return Ok(Decision::AlreadyDecided);
        };
        let to = users::email_of(conn, application.user_id)?;
        email::queue_rejected(conn, &outbox, &to, &vendor, reason)?;
        Ok(Decision::Done(to))
    })
    .await?;
    finish(&admin, &pool, id, outcome, "rejected").await
}

async fn finish(
    admin: &VendorAdmin,
    pool: &DbPool,
    id: ApplicationId,
    outcome: Decision,
    done: &str,
) -> Result<HttpResponse, AppError> {
    let flash = match outcome {
        Decision::Done(email) => Flash::success(format!("Application of {email} {done}. They were emailed.")),
        Decision::AlreadyDecided => {
            let vendor = admin.vendor.id;
            if !db::run(pool, move |conn| Ok(queries::exists(conn, vendor, id)?)).await? {
                return Err(AppError::NotFound);
            }
            Flash::error("That application was already decided.")
        }
        Decision::RemovedBefore => Flash::error(
            "This applicant was removed from your program before; they can only come back through a new email invite.",
        ),
    };
    admin.session.flash(flash);
    Ok(see_other(&format!("/vendor/{}/applications", admin.vendor.slug)))
}
