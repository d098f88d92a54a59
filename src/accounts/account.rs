//! The account page: password change and log-out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::forms::PasswordChangeForm;
use super::pages::AccountPage;
use super::queries;
use crate::auth::queries as users;
use crate::auth::throttle::{self, AttemptKeys};
use crate::auth::{Passwords, SignedIn};
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::web::client_ip::client_ip;
use crate::web::{AppError, Flash, FormErrors, render, see_other};

pub async fn show(signed_in: SignedIn, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    account_page(signed_in, &pool, FormErrors::new(), StatusCode::OK).await
}

/// The emails about earnings: checked boxes arrive, unchecked ones do not.
pub async fn save_notifications(
    signed_in: SignedIn,
    body: web::Bytes,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let checked = |name: &str| url::form_urlencoded::parse(&body).any(|(key, _)| key == name);
    let (commissions, payouts) = (checked("notify_commissions"), checked("notify_payouts"));
    let user = signed_in.viewer.user.id;
    db::run(&pool, move |conn| Ok(queries::set_notifications(conn, user, commissions, payouts)?)).await?;
    signed_in.session.flash(Flash::success("Email settings saved."));
    Ok(see_other("/account"))
}

/// Changing the password ends every other session; this one carries on.
/// Wrong current-password guesses are throttled like log-ins, under a key
/// of their own, so a stolen session cannot try passwords unhindered.
pub async fn change_password(
    req: HttpRequest,
    signed_in: SignedIn,
    form: web::Form<PasswordChangeForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = form.parse().err().unwrap_or_default();
    let guesser = format!("password-change:{}", signed_in.viewer.user.id);
    let keys = AttemptKeys::new(config.session_key.expose(), &guesser, &client_ip(&req));
    let now = config.clock.now();
    let Ok(reservation) = db::run(&pool, move |conn| Ok(throttle::reserve(conn, &keys, now)?)).await? else {
        errors.add("current_password", "Too many wrong passwords. Wait a while, then try again.");
        return account_page(signed_in, &pool, errors, StatusCode::TOO_MANY_REQUESTS).await;
    };
    let current_ok = passwords.verify(form.current_password, signed_in.viewer.user.password_hash.clone()).await?;
    if current_ok {
        db::run(&pool, move |conn| Ok(throttle::release(conn, reservation)?)).await?;
    } else {
        errors.add("current_password", "This is not your current password.");
    }
    if !errors.is_empty() {
        return account_page(signed_in, &pool, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let hash = passwords.hash(form.new_password).await?;
    let user_id = signed_in.viewer.user.id;
    let epoch = db::run(&pool, move |conn| Ok(users::change_password(conn, user_id, &hash)?)).await?;
    signed_in.session.log_in(user_id, epoch);
    signed_in.session.flash(Flash::success("Password changed. Every other session has been logged out."));
    Ok(see_other("/account"))
}

/// Ends this session and every other one of the user's.
pub async fn log_out(signed_in: SignedIn, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let user_id = signed_in.viewer.user.id;
    db::run(&pool, move |conn| Ok(users::bump_epoch(conn, user_id)?)).await?;
    signed_in.session.clear();
    signed_in.session.flash(Flash::success("You have been logged out."));
    Ok(see_other("/login"))
}

async fn account_page(
    signed_in: SignedIn,
    pool: &DbPool,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user_id = signed_in.viewer.user.id;
    let (notify_commissions, notify_payouts) =
        db::run(pool, move |conn| Ok(queries::notifications(conn, user_id)?)).await?;
    let user = &signed_in.viewer.user;
    let page = AccountPage {
        chrome: signed_in.chrome(),
        name: user.name.clone(),
        email: user.email.clone(),
        errors,
        notify_commissions,
        notify_payouts,
    };
    let mut response = render(&page)?;
    *response.status_mut() = status;
    Ok(response)
}
