//! Settings → Team: a vendor's admins. Admins invite admins by email,
//! remove them (their next request no longer reaches the dashboard, as the
//! guard reads the team from the database every time), and the last owner
//! stays.

mod accept;
mod pages;
pub mod queries;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::auth::verified::unverified_problem;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::ids::UserId;
use crate::db::{self, DbPool};
use crate::domain::EmailAddress;
use crate::email::Outbox;
use crate::email_templates;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};
use pages::TeamPage;
use queries::Refusal;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/team", web::get().to(show))
        .route("/vendor/{vendor_slug}/team", web::post().to(invite))
        .route("/vendor/{vendor_slug}/team/{user_id}/remove", web::post().to(remove))
        .route("/team-invites/{token}", web::get().to(accept::open))
        .route("/team-invites/{token}/accept", web::post().to(accept::accept))
        .route("/team-invites/{token}/signup", web::post().to(accept::sign_up));
}

pub struct TeamInviteEmail {
    pub vendor_name: String,
    pub inviter: String,
    pub url: String,
    pub valid_days: i64,
}

email_templates!(
    TeamInviteEmail,
    "email/team_invite/subject.txt",
    "email/team_invite/body.txt",
    "email/team_invite/body.html"
);

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
}

pub async fn show(
    admin: VendorAdmin,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    page(admin, &pool, &config.clock, String::new(), FormErrors::new(), StatusCode::OK).await
}

async fn page(
    admin: VendorAdmin,
    pool: &DbPool,
    clock: &Clock,
    typed: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (vendor, now) = (admin.vendor.id, clock.now());
    let (members, pending) =
        db::run(pool, move |conn| Ok((queries::members(conn, vendor)?, queries::pending(conn, vendor, now)?))).await?;
    let me = admin.viewer.user.id;
    let page = TeamPage { chrome: admin.chrome(Menu::Team), members, pending, typed, errors, me };
    render_status(&page, status)
}

pub async fn invite(
    admin: VendorAdmin,
    form: web::Form<InviteForm>,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let typed = form.into_inner().email;
    let now = config.clock.now();
    if let Some(problem) = unverified_problem(&admin.viewer.user) {
        return again(admin, &pool, &config.clock, typed, problem, StatusCode::FORBIDDEN).await;
    }
    let email = match EmailAddress::parse(&typed) {
        Ok(email) => email.as_str().to_string(),
        Err(problem) => {
            return again(admin, &pool, &config.clock, typed, problem, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (vendor, inviter, outbox) = (admin.vendor.clone(), admin.viewer.user.clone(), outbox.get_ref().clone());
    let to = email.clone();
    let sent = db::transaction(&pool, move |conn| {
        if queries::members(conn, vendor.id)?.iter().any(|m| m.email == to) {
            return Ok(Err(format!("{to} is already on the team.")));
        }
        if queries::sent_in_last_day(conn, vendor.id)? >= queries::INVITES_PER_DAY {
            return Ok(Err(format!("At most {} team invitations a day. Try tomorrow.", queries::INVITES_PER_DAY)));
        }
        let token = queries::create(conn, vendor.id, &to, inviter.id, now)?;
        let content = TeamInviteEmail {
            vendor_name: vendor.name.clone(),
            inviter: inviter.name.clone(),
            url: outbox.url(&format!("/team-invites/{token}")),
            valid_days: queries::VALID_DAYS,
        };
        outbox.enqueue(conn, &to, &content)?;
        Ok(Ok(()))
    })
    .await?;
    if let Err(message) = sent {
        return again(admin, &pool, &config.clock, typed, message, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    admin
        .session
        .flash(Flash::success(format!("Invitation sent to {email}. The link works for {} days.", queries::VALID_DAYS)));
    Ok(see_other(&format!("/vendor/{}/team", admin.vendor.slug)))
}

async fn again(
    admin: VendorAdmin,
    pool: &DbPool,
    clock: &Clock,
    typed: String,
    message: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    errors.add("email", message);
    page(admin, pool, clock, typed, errors, status).await
}

pub async fn remove(
    admin: VendorAdmin,
    path: web::Path<(String, UserId)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, user, by) = (admin.vendor.id, path.1, admin.viewer.user.id);
    let outcome = db::transaction(&pool, move |conn| Ok(queries::remove(conn, vendor, user, by)?)).await?;
    let flash = match outcome {
        Ok(()) if user == by => {
            admin.session.flash(Flash::success(format!("You left the {} team.", admin.vendor.name)));
            return Ok(see_other("/"));
        }
        Ok(()) => Flash::success("Removed from the team: they can no longer open this dashboard."),
        Err(Refusal::NotAMember) => return Err(AppError::NotFound),
        Err(Refusal::LastOwner) => Flash::error("The last owner cannot be removed: a program always has an owner."),
        Err(Refusal::OnlyOwnersRemoveOwners) => Flash::error("Only an owner can remove an owner."),
    };
    admin.session.flash(flash);
    Ok(see_other(&format!("/vendor/{}/team", admin.vendor.slug)))
}
