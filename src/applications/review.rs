//! Partner Management → Applications: approve or reject, each with an email.

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::Connection;
use serde::Deserialize;

use super::email::{ApprovedEmail, RejectedEmail};
use super::queries::{self, ApplicationRow};
use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::schema::users;
use crate::db::{self, DbPool};
use crate::email::{EmailContent, Sealer, WakeUp, outbox};
use crate::groups::queries as groups;
use crate::partners::queries as partners;
use crate::web::{AppError, Chrome, Flash, render, see_other};
use diesel::prelude::*;

pub const STATUSES: [&str; 3] = ["pending", "approved", "rejected"];

#[derive(Deserialize, Default)]
pub struct StatusQuery {
    #[serde(default)]
    status: String,
}

#[derive(Template)]
#[template(path = "applications/list.html")]
struct ApplicationsPage {
    chrome: Chrome,
    status: &'static str,
    rows: Vec<ApplicationRow>,
}

impl ApplicationsPage {
    fn statuses(&self) -> &'static [&'static str] {
        &STATUSES
    }
}

pub async fn list(
    admin: VendorAdmin,
    query: web::Query<StatusQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let status = STATUSES.into_iter().find(|s| *s == query.status).unwrap_or("pending");
    let vendor = admin.vendor.id;
    let rows = db::run(&pool, move |conn| Ok(queries::list(conn, vendor, status)?)).await?;
    render(&ApplicationsPage { chrome: admin.chrome("applications"), status, rows })
}

#[derive(Deserialize, Default)]
pub struct RejectForm {
    #[serde(default)]
    reason: String,
}

type ApplicationPath = web::Path<(String, i64)>;

/// Approves: the applicant becomes a partner in the group, and is told so.
pub async fn approve(
    admin: VendorAdmin,
    path: ApplicationPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    sealer: web::Data<Sealer>,
    wake_up: web::Data<WakeUp>,
) -> Result<HttpResponse, AppError> {
    let (vendor, by, id, sealer) = (admin.vendor.clone(), admin.viewer.user.id, path.1, sealer.get_ref().clone());
    let partner_center_url = format!("{}/partner/{}", config.base_url(), vendor.slug);
    let outcome = db::run(&pool, move |conn| {
        Ok(conn.transaction::<_, anyhow::Error, _>(|conn| {
            let Some(application) = queries::decide(conn, vendor.id, id, "approved", "", by)? else { return Ok(None) };
            if partners::was_removed(conn, vendor.id, application.user_id)? {
                anyhow::bail!(Refusal);
            }
            let partnership =
                partners::join(conn, vendor.id, application.group_id, application.user_id, application.parent_id)?;
            queries::record_partnership(conn, id, partnership.id)?;
            let group = groups::find(conn, vendor.id, application.group_id)?;
            let email = applicant_email(conn, application.user_id)?;
            let content =
                ApprovedEmail { vendor_name: vendor.name.clone(), group_name: group.name, partner_center_url };
            outbox::enqueue(conn, &sealer, &content.to_email(&email)?)?;
            Ok(Some(email))
        }))
    })
    .await;
    finish(&admin, &pool, id, outcome, wake_up.get_ref(), "approved: they are now a partner").await
}

pub async fn reject(
    admin: VendorAdmin,
    path: ApplicationPath,
    form: web::Form<RejectForm>,
    pool: web::Data<DbPool>,
    sealer: web::Data<Sealer>,
    wake_up: web::Data<WakeUp>,
) -> Result<HttpResponse, AppError> {
    let (vendor, by, id, sealer) = (admin.vendor.clone(), admin.viewer.user.id, path.1, sealer.get_ref().clone());
    let reason: String = form.reason.trim().chars().take(1000).collect();
    let outcome = db::run(&pool, move |conn| {
        Ok(conn.transaction::<_, anyhow::Error, _>(|conn| {
            let Some(application) = queries::decide(conn, vendor.id, id, "rejected", &reason, by)? else {
                return Ok(None);
            };
            let email = applicant_email(conn, application.user_id)?;
            outbox::enqueue(
                conn,
                &sealer,
                &RejectedEmail { vendor_name: vendor.name.clone(), reason }.to_email(&email)?,
            )?;
            Ok(Some(email))
        }))
    })
    .await;
    finish(&admin, &pool, id, outcome, wake_up.get_ref(), "rejected").await
}

/// A removed partner comes back only through a new email invite.
#[derive(Debug, thiserror::Error)]
#[error("removed partners can only come back through an invite")]
struct Refusal;

async fn finish(
    admin: &VendorAdmin,
    pool: &DbPool,
    id: i64,
    outcome: Result<Result<Option<String>, anyhow::Error>, AppError>,
    wake_up: &WakeUp,
    done: &str,
) -> Result<HttpResponse, AppError> {
    let flash = match outcome? {
        Ok(Some(email)) => {
            wake_up.now();
            Flash::success(format!("Application of {email} {done}. They were emailed."))
        }
        Ok(None) => {
            let vendor = admin.vendor.id;
            if !db::run(pool, move |conn| Ok(queries::exists(conn, vendor, id)?)).await? {
                return Err(AppError::NotFound);
            }
            Flash::error("That application was already decided.")
        }
        Err(error) if error.is::<Refusal>() => Flash::error(
            "This applicant was removed from your program before; they can only come back through a new email invite.",
        ),
        Err(error) => return Err(AppError::Internal(error)),
    };
    admin.session.flash(flash);
    Ok(see_other(&format!("/vendor/{}/applications", admin.vendor.slug)))
}

fn applicant_email(conn: &mut PgConnection, user: crate::db::ids::UserId) -> QueryResult<String> {
    users::table.find(user).select(users::email).first(conn)
}
