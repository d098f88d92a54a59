//! Email verification: every new account is sent a one-time link (only its
//! hash stored, valid a day). Following it proves the mailbox: from the
//! account's own session it simply confirms; from anywhere else the
//! follower sets the password, so whoever made the account with somebody
//! else's email loses it, with every older session.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use super::landing;
use super::pages::{ForgotPage, VerifyPage};
use crate::auth::one_time::{OneTimeLinks, USED_AT};
use crate::auth::queries::{self as users, User};
use crate::auth::{Passwords, SignedIn, Visitor, password};
use crate::config::Config;
use crate::db::ids::UserId;
use crate::db::schema::email_verifications;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::email_templates;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

const VALID_FOR_HOURS: i64 = 24;
const LINKS: OneTimeLinks = OneTimeLinks::marked_by("email_verifications", USED_AT);
/// Links one account may ask for per hour.
const RESENDS_PER_HOUR: i64 = 3;

pub struct VerifyEmail {
    pub verify_url: String,
    pub valid_hours: i64,
}

email_templates!(
    VerifyEmail,
    "email/verify_email/subject.txt",
    "email/verify_email/body.txt",
    "email/verify_email/body.html"
);

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VerifyForm {
    pub password: String,
}

/// Sends `user` a new confirmation link, continuing to `next` once used.
pub fn send_link(
    conn: &mut PgConnection,
    outbox: &Outbox,
    user: &User,
    next: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let link = OneTimeLinks::issue(Duration::hours(VALID_FOR_HOURS), now);
    let next = if super::is_local_path(next) { next } else { "" };
    diesel::insert_into(email_verifications::table)
        .values((
            email_verifications::user_id.eq(user.id),
            email_verifications::token_hash.eq(link.hash),
            email_verifications::next_path.eq(next),
            email_verifications::expires_at.eq(link.expires_at),
        ))
        .execute(conn)?;
    let verify_url = outbox.url(&format!("/verify/{}", link.token));
    outbox.enqueue(conn, &user.email, &VerifyEmail { verify_url, valid_hours: VALID_FOR_HOURS })?;
    Ok(())
}

/// The account a usable link belongs to, and where it continues.
fn holder(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> QueryResult<Option<(User, String)>> {
    let Some(link) = LINKS.find_usable(conn, token, now)? else { return Ok(None) };
    let (user, next): (UserId, String) = email_verifications::table
        .find(link)
        .select((email_verifications::user_id, email_verifications::next_path))
        .first(conn)?;
    let user = crate::db::schema::users::table.find(user).select(User::as_select()).first(conn)?;
    Ok(Some((user, next)))
}

/// Uses up `token` (and every other link of its account) in the statement
/// that checks it; `false` when it was used or expired meanwhile.
fn use_up(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> QueryResult<bool> {
    let Some(link) = LINKS.use_up(conn, token, now)? else { return Ok(false) };
    let user: UserId = email_verifications::table.find(link).select(email_verifications::user_id).first(conn)?;
    diesel::update(email_verifications::table.filter(email_verifications::user_id.eq(user)))
        .filter(email_verifications::used_at.is_null())
        .set(email_verifications::used_at.eq(now))
        .execute(conn)?;
    users::mark_verified(conn, user)?;
    Ok(true)
}

fn is_own_session(visitor: &Visitor, user: &User) -> bool {
    visitor.viewer.as_ref().is_some_and(|viewer| viewer.user.id == user.id)
}

fn gone(visitor: &Visitor) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    errors.add(
        "link",
        "This confirmation link has expired or was already used. Log in and ask for a new one on your Account \
         page, or ask here for a password link, which confirms the email too.",
    );
    render_status(&ForgotPage { chrome: visitor.chrome(), email: String::new(), errors, sent: false }, StatusCode::GONE)
}

fn page(
    visitor: &Visitor,
    token: String,
    user: &User,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = VerifyPage {
        chrome: visitor.chrome(),
        token,
        email: user.email.clone(),
        own_session: is_own_session(visitor, user),
        errors,
    };
    render_status(&page, status)
}

/// The link only shows a button: mail scanners that open links change nothing.
pub async fn show(
    visitor: Visitor,
    token: web::Path<String>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let check = token.clone();
    let now = config.clock.now();
    match db::run(&pool, move |conn| Ok(holder(conn, &check, now)?)).await? {
        Some((user, _)) => page(&visitor, token, &user, FormErrors::new(), StatusCode::OK),
        None => gone(&visitor),
    }
}

pub async fn confirm(
    visitor: Visitor,
    token: web::Path<String>,
    form: web::Form<VerifyForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let check = token.clone();
    let now = config.clock.now();
    let Some((user, next)) = db::run(&pool, move |conn| Ok(holder(conn, &check, now)?)).await? else {
        return gone(&visitor);
    };
    let new_password = if is_own_session(&visitor, &user) {
        None
    } else {
        if let Err(problem) = password::check_length(&form.password) {
            let mut errors = FormErrors::new();
            errors.add("password", problem);
            return page(&visitor, token, &user, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Some(passwords.hash(form.into_inner().password).await?)
    };
    let user_id = user.id;
    let done = db::transaction(&pool, move |conn| {
        if !use_up(conn, &token, now)? {
            return Ok(None);
        }
        let epoch = match new_password {
            Some(hash) => Some(users::change_password(conn, user_id, &hash)?),
            None => None,
        };
        let first_vendor = users::administered_vendors(conn, user_id)?.into_iter().next().map(|v| v.slug);
        Ok(Some((epoch, first_vendor)))
    })
    .await?;
    let Some((epoch, first_vendor)) = done else { return gone(&visitor) };
    if let Some(epoch) = epoch {
        visitor.session.log_in(user_id, epoch);
    }
    visitor.session.flash(Flash::success(match epoch {
        Some(_) => "Email confirmed and password set. Every other session was logged out.",
        None => "Email confirmed. Thank you!",
    }));
    Ok(see_other(&landing(&next, first_vendor.as_deref())))
}

/// *Send the link again*, a few times an hour at most.
pub async fn resend(
    signed_in: SignedIn,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let user = signed_in.viewer.user.clone();
    if user.is_verified() {
        signed_in.session.flash(Flash::success("Your email is already confirmed."));
        return Ok(see_other("/account"));
    }
    let key = crate::auth::throttle::keyed(config.session_key.expose(), "verify-resend", &user.id.to_string());
    let outbox = outbox.get_ref().clone();
    let now = config.clock.now();
    let sent = db::transaction(&pool, move |conn| {
        if !super::reset::count_request(conn, &key, RESENDS_PER_HOUR)? {
            return Ok(false);
        }
        send_link(conn, &outbox, &user, "", now)?;
        Ok(true)
    })
    .await?;
    signed_in.session.flash(if sent {
        Flash::success(format!("A new confirmation link is on its way to {}.", signed_in.viewer.user.email))
    } else {
        Flash::error(
            "Several links were sent in the last hour. Check your inbox (and spam folder), or try again later.",
        )
    });
    Ok(see_other("/account"))
}
