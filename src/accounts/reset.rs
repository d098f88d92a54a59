//! *Forgot password?*: a one-time link by email (only its hash stored,
//! valid for an hour, used once); the same answer whether or not the email
//! has an account; limits per email and per address. A reset ends every
//! session and forgives the account's failed log-ins.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use super::pages::{ForgotPage, ResetPage};
use crate::auth::one_time::{OneTimeLinks, USED_AT};
use crate::auth::queries as users;
use crate::auth::throttle::{self, AttemptKeys};
use crate::auth::{Passwords, Visitor, password};
use crate::config::Config;
use crate::db::ids::UserId;
use crate::db::schema::{password_resets, reset_requests};
use crate::db::{self, DbPool};
use crate::domain::EmailAddress;
use crate::email::Outbox;
use crate::email_templates;
use crate::web::client_ip::client_ip;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

const VALID_FOR_MINUTES: i64 = 60;
const LINKS: OneTimeLinks = OneTimeLinks::marked_by("password_resets", USED_AT);
/// Links sent to one email per hour; more requests are answered the same and send nothing.
const PER_EMAIL_PER_HOUR: i64 = 3;
/// Requests from one address per hour.
const PER_ADDRESS_PER_HOUR: i64 = 10;

pub struct PasswordResetEmail {
    pub reset_url: String,
    pub valid_minutes: i64,
}

email_templates!(
    PasswordResetEmail,
    "email/password_reset/subject.txt",
    "email/password_reset/body.txt",
    "email/password_reset/body.html"
);

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    pub email: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub new_password: String,
}

pub async fn forgot(visitor: Visitor) -> Result<HttpResponse, AppError> {
    render(&ForgotPage { chrome: visitor.chrome(), email: String::new(), errors: FormErrors::new(), sent: false })
}

pub async fn request(
    req: HttpRequest,
    visitor: Visitor,
    form: web::Form<ForgotForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let email = match EmailAddress::parse(&form.email) {
        Ok(email) => email.as_str().to_string(),
        Err(message) => {
            let mut errors = FormErrors::new();
            errors.add("email", message);
            let page = ForgotPage { chrome: visitor.chrome(), email: form.email.clone(), errors, sent: false };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let salt = config.session_key.expose().to_vec();
    let (account_key, address_key) =
        (throttle::keyed(&salt, "reset-account", &email), throttle::keyed(&salt, "reset-ip", &client_ip(&req)));
    let outbox = outbox.get_ref().clone();
    let now = config.clock.now();
    let allowed = db::transaction(&pool, move |conn| {
        if requests_in_the_hour(conn, &address_key)? >= PER_ADDRESS_PER_HOUR {
            return Ok(false);
        }
        let by_email = requests_in_the_hour(conn, &account_key)?;
        diesel::insert_into(reset_requests::table)
            .values(&vec![reset_requests::key_hash.eq(&account_key), reset_requests::key_hash.eq(&address_key)])
            .execute(conn)?;
        if by_email >= PER_EMAIL_PER_HOUR {
            return Ok(true);
        }
        if let Some(user) = users::find_by_email(conn, &email)? {
            let token = issue(conn, user.id, now)?;
            let reset_url = outbox.url(&format!("/password/reset/{token}"));
            outbox.enqueue(conn, &email, &PasswordResetEmail { reset_url, valid_minutes: VALID_FOR_MINUTES })?;
        }
        Ok(true)
    })
    .await?;
    if !allowed {
        let mut errors = FormErrors::new();
        errors.add("email", "Too many requests from here. Wait an hour, then try again.");
        let page = ForgotPage { chrome: visitor.chrome(), email: form.email.clone(), errors, sent: false };
        return render_status(&page, StatusCode::TOO_MANY_REQUESTS);
    }
    render(&ForgotPage { chrome: visitor.chrome(), email: String::new(), errors: FormErrors::new(), sent: true })
}

fn requests_in_the_hour(conn: &mut PgConnection, key: &str) -> QueryResult<i64> {
    reset_requests::table
        .filter(reset_requests::key_hash.eq(key))
        .filter(reset_requests::requested_at.gt(Utc::now() - Duration::hours(1)))
        .count()
        .get_result(conn)
}

/// Records one request under `key` (a salted hash) if fewer than `limit`
/// were made in the last hour; `false` when the limit is reached.
pub(super) fn count_request(conn: &mut PgConnection, key: &str, limit: i64) -> QueryResult<bool> {
    if requests_in_the_hour(conn, key)? >= limit {
        return Ok(false);
    }
    diesel::insert_into(reset_requests::table).values(reset_requests::key_hash.eq(key)).execute(conn)?;
    Ok(true)
}

/// A new link's token; only its hash is stored.
fn issue(conn: &mut PgConnection, user: UserId, now: DateTime<Utc>) -> QueryResult<String> {
    let link = OneTimeLinks::issue(Duration::minutes(VALID_FOR_MINUTES), now);
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::user_id.eq(user),
            password_resets::token_hash.eq(link.hash),
            password_resets::expires_at.eq(link.expires_at),
        ))
        .execute(conn)?;
    Ok(link.token)
}

fn gone(visitor: &Visitor) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    errors.add("link", "This link has expired or was already used. Ask for a new one.");
    render_status(&ForgotPage { chrome: visitor.chrome(), email: String::new(), errors, sent: false }, StatusCode::GONE)
}

pub async fn show(
    visitor: Visitor,
    token: web::Path<String>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let check = token.clone();
    let now = config.clock.now();
    if db::run(&pool, move |conn| Ok(LINKS.find_usable(conn, &check, now)?)).await?.is_none() {
        return gone(&visitor);
    }
    render(&ResetPage { chrome: visitor.chrome(), token, errors: FormErrors::new() })
}

pub async fn reset(
    visitor: Visitor,
    token: web::Path<String>,
    form: web::Form<ResetForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    if let Err(problem) = password::check_length(&form.new_password) {
        let mut errors = FormErrors::new();
        errors.add("new_password", problem);
        return render_status(&ResetPage { chrome: visitor.chrome(), token, errors }, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let hash = passwords.hash(form.into_inner().new_password).await?;
    let salt = config.session_key.expose().to_vec();
    let now = config.clock.now();
    let done = db::transaction(&pool, move |conn| {
        let Some(link) = LINKS.use_up(conn, &token, now)? else { return Ok(false) };
        let user: UserId = password_resets::table.find(link).select(password_resets::user_id).first(conn)?;
        users::change_password(conn, user, &hash)?;
        // The link came by email: the mailbox is proven.
        users::mark_verified(conn, user)?;
        let email = users::email_of(conn, user)?;
        throttle::clear_account(conn, &AttemptKeys::new(&salt, &email, ""))?;
        Ok(true)
    })
    .await?;
    if !done {
        return gone(&visitor);
    }
    visitor.session.clear();
    visitor.session.flash(Flash::success("Password set, and every session logged out. Log in with the new password."));
    Ok(see_other("/login"))
}
