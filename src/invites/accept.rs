//! `GET /invites/{token}`: the link in an invite email.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};

use super::forms::InviteSignupForm;
use super::pages::{AcceptPage, InviteSignupPage, ProblemPage, WrongAccountPage};
use super::queries::{self, Invite, InviteState, NewAccount};
use crate::auth::queries as users;
use crate::auth::{Passwords, Visitor};
use crate::config::Config;
use crate::db::ids::UserId;
use crate::db::{self, DbPool};
use crate::groups::queries as groups;
use crate::vendors::queries as vendors;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

/// The invite and what the page needs to say about it.
struct Opened {
    invite: Invite,
    vendor_slug: String,
    vendor_name: String,
    group_name: String,
    /// An account someone can log in to; an unclaimed one is claimed by signing up here.
    account_claimed: bool,
}

async fn open_invite(pool: &DbPool, token: String) -> Result<Option<Opened>, AppError> {
    db::run(pool, move |conn| {
        let Some(invite) = queries::by_token(conn, &token)? else { return Ok(None) };
        let vendor = vendors::by_id(conn, invite.vendor_id)?;
        let group = groups::find(conn, invite.vendor_id, invite.group_id)?;
        let account_claimed = users::is_claimed(conn, &invite.email)?;
        Ok(Some(Opened {
            vendor_slug: vendor.slug,
            vendor_name: vendor.name,
            group_name: group.name,
            account_claimed,
            invite,
        }))
    })
    .await
}

/// Why a link cannot be used, in words that say what to do next.
fn problem(opened: Option<&Opened>, now: DateTime<Utc>) -> Option<(StatusCode, &'static str, String)> {
    let Some(opened) = opened else {
        return Some((
            StatusCode::NOT_FOUND,
            "This invite link is not valid",
            "Check that you opened the whole link from the email. If it was sent again, only the newest email's link works.".into(),
        ));
    };
    let vendor = &opened.vendor_name;
    match opened.invite.state(now) {
        InviteState::Accepted => Some((
            StatusCode::GONE,
            "This invite was already used",
            format!("Log in to reach the {vendor} program; an invite link works only once."),
        )),
        InviteState::Revoked => Some((
            StatusCode::GONE,
            "This invite was withdrawn",
            format!("{vendor} withdrew it. Ask them for a new invite if you still want to join."),
        )),
        InviteState::Expired => Some((
            StatusCode::GONE,
            "This invite has expired",
            format!("Invites expire after {} days. Ask {vendor} to send it again.", queries::VALID_DAYS),
        )),
        InviteState::Pending => None,
    }
}

/// The invite behind `token` if it can still be used, else the page saying why not.
async fn usable(
    visitor: &Visitor,
    pool: &DbPool,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<Opened, HttpResponse>, AppError> {
    let opened = open_invite(pool, token.to_string()).await?;
    match (problem(opened.as_ref(), now), opened) {
        (Some((status, title, message)), _) => {
            Ok(Err(render_status(&ProblemPage { chrome: visitor.chrome(), title, message }, status)?))
        }
        (None, Some(opened)) => Ok(Ok(opened)),
        (None, None) => Err(AppError::NotFound),
    }
}

pub async fn open(
    visitor: Visitor,
    path: web::Path<String>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (token, now) = (path.into_inner(), config.clock.now());
    let opened = match usable(&visitor, &pool, &token, now).await? {
        Ok(opened) => opened,
        Err(page) => return Ok(page),
    };
    match &visitor.viewer {
        // Opening the link changes nothing (mail scanners open links too): the button does.
        Some(viewer) if viewer.user.email == opened.invite.email => {
            let page = AcceptPage {
                chrome: visitor.chrome(),
                token,
                vendor_name: opened.vendor_name,
                group_name: opened.group_name,
                message: opened.invite.message.clone(),
            };
            render(&page)
        }
        Some(viewer) => {
            let page = WrongAccountPage {
                chrome: visitor.chrome(),
                invited: opened.invite.email,
                signed_in_as: viewer.user.email.clone(),
            };
            render_status(&page, StatusCode::FORBIDDEN)
        }
        None if opened.account_claimed => {
            let next = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("next", &format!("/invites/{token}"))
                .append_pair("email", &opened.invite.email)
                .finish();
            visitor.session.flash(Flash::success(format!("Log in to accept your invite to {}.", opened.vendor_name)));
            Ok(see_other(&format!("/login?{next}")))
        }
        None => signup_page(&visitor, token, &opened, String::new(), FormErrors::new(), StatusCode::OK),
    }
}

/// *Accept*: the signed-in invitee joins.
pub async fn accept(
    visitor: Visitor,
    path: web::Path<String>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (token, now) = (path.into_inner(), config.clock.now());
    let opened = match usable(&visitor, &pool, &token, now).await? {
        Ok(opened) => opened,
        Err(page) => return Ok(page),
    };
    match &visitor.viewer {
        Some(viewer) if viewer.user.email == opened.invite.email => {
            let user = viewer.user.id;
            join(&visitor, &pool, (token, now), opened, user).await
        }
        // Anyone else goes back to the link, which explains what to do.
        _ => Ok(see_other(&format!("/invites/{token}"))),
    }
}

/// Uses the invite up and makes the partnership, in one transaction.
async fn join(
    visitor: &Visitor,
    pool: &DbPool,
    (token, now): (String, DateTime<Utc>),
    opened: Opened,
    user: UserId,
) -> Result<HttpResponse, AppError> {
    let joined = db::transaction(pool, move |conn| Ok(queries::claim_and_join(conn, &token, user, now)?)).await?;
    if !joined {
        let message = "It was used a moment ago. An invite link works only once.".to_string();
        return render_status(
            &ProblemPage { chrome: visitor.chrome(), title: "This invite was already used", message },
            StatusCode::GONE,
        );
    }
    visitor.session.flash(Flash::success(format!(
        "Welcome to {}! You joined the {} group.",
        opened.vendor_name, opened.group_name
    )));
    Ok(see_other(&format!("/partner/{}", opened.vendor_slug)))
}

/// Creates the account for the invited email and joins, in one transaction.
pub async fn sign_up(
    visitor: Visitor,
    path: web::Path<String>,
    form: web::Form<InviteSignupForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (token, now) = (path.into_inner(), config.clock.now());
    let opened = match usable(&visitor, &pool, &token, now).await? {
        Ok(opened) => opened,
        Err(page) => return Ok(page),
    };
    let form = form.into_inner();
    let name = match form.parse() {
        Ok(name) => name,
        Err(errors) => {
            return signup_page(&visitor, token, &opened, form.name, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let hash = passwords.hash(form.password).await?;
    let email = opened.invite.email.clone();
    let claim_token = token.clone();
    let created = db::run(&pool, move |conn| {
        let account = NewAccount { email: &email, name: &name, hash: &hash };
        Ok(queries::create_account_and_join(conn, &claim_token, &account, now)?)
    })
    .await?;
    let Some(user) = created else {
        // Someone used the link or made the account meanwhile: start over from the link.
        return Ok(see_other(&format!("/invites/{token}")));
    };
    visitor.session.log_in(user.id, user.session_epoch);
    visitor.session.flash(Flash::success(format!(
        "Welcome to {}! You joined the {} group.",
        opened.vendor_name, opened.group_name
    )));
    Ok(see_other(&format!("/partner/{}", opened.vendor_slug)))
}

fn signup_page(
    visitor: &Visitor,
    token: String,
    opened: &Opened,
    typed_name: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = InviteSignupPage {
        chrome: visitor.chrome(),
        token,
        email: opened.invite.email.clone(),
        vendor_name: opened.vendor_name.clone(),
        group_name: opened.group_name.clone(),
        typed_name,
        errors,
    };
    render_status(&page, status)
}
