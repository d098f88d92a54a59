//! `GET /team-invites/{token}`: the link in a team invitation. Opening it
//! changes nothing; *Accept* (or making the account) joins the team.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};

use super::pages::TeamInvitePage;
use super::queries;
use crate::auth::queries as users;
use crate::auth::{Passwords, Visitor};
use crate::config::Config;
use crate::db::ids::VendorId;
use crate::db::{self, DbPool};
use crate::invites::InviteSignupForm;
use crate::web::error::error_page;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

struct Opened {
    vendor: VendorId,
    vendor_name: String,
    vendor_slug: String,
    email: String,
    claimed: bool,
}

async fn opened(pool: &DbPool, token: String, now: DateTime<Utc>) -> Result<Option<Opened>, AppError> {
    db::run(pool, move |conn| {
        let Some((vendor, email)) = queries::open(conn, &token, now)? else { return Ok(None) };
        let found = crate::vendors::queries::by_id(conn, vendor)?;
        let claimed = users::is_claimed(conn, &email)?;
        Ok(Some(Opened { vendor, vendor_name: found.name, vendor_slug: found.slug, email, claimed }))
    })
    .await
}

fn gone() -> HttpResponse {
    error_page(
        StatusCode::GONE,
        "This invitation no longer works",
        "It was used already, or it expired after 7 days. Ask the team for a new one.".into(),
    )
}

fn invite_page(
    visitor: &Visitor,
    token: String,
    opened: &Opened,
    typed_name: String,
    errors: FormErrors,
) -> TeamInvitePage {
    let signed_in = visitor.viewer.as_ref().is_some_and(|v| v.user.email == opened.email);
    TeamInvitePage {
        chrome: visitor.chrome(),
        token,
        vendor_name: opened.vendor_name.clone(),
        email: opened.email.clone(),
        signed_in,
        typed_name,
        errors,
    }
}

pub async fn open(
    visitor: Visitor,
    path: web::Path<String>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = config.clock.now();
    let Some(opened) = opened(&pool, token.clone(), now).await? else { return Ok(gone()) };
    match &visitor.viewer {
        Some(viewer) if viewer.user.email != opened.email => Ok(error_page(
            StatusCode::FORBIDDEN,
            "This invitation is for someone else",
            format!(
                "It was sent to {}, and you are logged in as {}. Log out, then open the link again.",
                opened.email, viewer.user.email
            ),
        )),
        None if opened.claimed => {
            let next = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("next", &format!("/team-invites/{token}"))
                .append_pair("email", &opened.email)
                .finish();
            Ok(see_other(&format!("/login?{next}")))
        }
        _ => render_status(&invite_page(&visitor, token, &opened, String::new(), FormErrors::new()), StatusCode::OK),
    }
}

/// *Accept*, signed in as the invited email.
pub async fn accept(
    visitor: Visitor,
    path: web::Path<String>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = config.clock.now();
    let Some(opened) = opened(&pool, token.clone(), now).await? else { return Ok(gone()) };
    let Some(user) = visitor.viewer.as_ref().filter(|v| v.user.email == opened.email).map(|v| v.user.id) else {
        return Ok(see_other(&format!("/team-invites/{token}")));
    };
    let joined = db::transaction(&pool, move |conn| Ok(queries::accept(conn, &token, user, now)?)).await?;
    if joined != Some(opened.vendor) {
        return Ok(gone());
    }
    visitor.session.flash(Flash::success(format!("You are now an admin of {}.", opened.vendor_name)));
    Ok(see_other(&format!("/vendor/{}", opened.vendor_slug)))
}

/// Makes (or takes over, as the proven owner of the mailbox) the account, then joins.
pub async fn sign_up(
    visitor: Visitor,
    path: web::Path<String>,
    form: web::Form<InviteSignupForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = config.clock.now();
    let Some(opened) = opened(&pool, token.clone(), now).await? else { return Ok(gone()) };
    let form = form.into_inner();
    let name = match form.parse() {
        Ok(name) => name,
        Err(errors) => {
            let page = invite_page(&visitor, token, &opened, form.name, errors);
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let hash = passwords.hash(form.password).await?;
    let email = opened.email.clone();
    let claim_token = token.clone();
    let joined = db::transaction(&pool, move |conn| {
        let Some(user) = users::claim_or_create(conn, &email, &name, &hash)? else { return Ok(None) };
        Ok(queries::accept(conn, &claim_token, user.id, now)?.map(|_| user))
    })
    .await?;
    let Some(user) = joined else { return Ok(see_other(&format!("/team-invites/{token}"))) };
    visitor.session.log_in(user.id, user.session_epoch);
    visitor.session.flash(Flash::success(format!("Welcome! You are now an admin of {}.", opened.vendor_name)));
    Ok(see_other(&format!("/vendor/{}", opened.vendor_slug)))
}
