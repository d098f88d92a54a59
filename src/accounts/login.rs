//! Log-in, throttled per account and per address.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::forms::{LoginForm, NextQuery};
use super::landing;
use super::pages::LoginPage;
use crate::auth::queries as users;
use crate::auth::throttle::{self, AttemptKeys};
use crate::auth::{Passwords, Visitor};
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::EmailAddress;
use crate::web::client_ip::client_ip;
use crate::web::{AppError, render, see_other};

const WRONG_CREDENTIALS: &str = "Email or password is incorrect.";

pub async fn show(visitor: Visitor, query: web::Query<NextQuery>) -> Result<HttpResponse, AppError> {
    if let Some(viewer) = &visitor.viewer {
        return Ok(see_other(&landing(&query.next, viewer.vendors.first().map(|v| v.slug.as_str()))));
    }
    let form = LoginForm { email: query.email.clone(), password: String::new(), next: query.next.clone() };
    render(&LoginPage { chrome: visitor.chrome(), form, error: None })
}

pub async fn submit(
    req: HttpRequest,
    visitor: Visitor,
    form: web::Form<LoginForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    let password = std::mem::take(&mut form.password);
    let email = EmailAddress::parse(&form.email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| form.email.trim().to_lowercase());
    let keys = AttemptKeys::new(config.session_key.expose(), &email, &client_ip(&req));
    let now = config.clock.now();
    let (reserved, user) = db::run(&pool, move |conn| {
        let reserved = throttle::reserve(conn, &keys, now)?;
        let user = if reserved.is_ok() { users::find_by_email(conn, &email)? } else { None };
        Ok((reserved, user))
    })
    .await?;
    let reservation = match reserved {
        Ok(reservation) => reservation,
        Err(wait) => {
            let message = format!(
                "Too many failed log-in attempts. Try again in {}, or set a new password with “Forgot password?”.",
                in_words(wait)
            );
            return refuse(visitor, form, message, StatusCode::TOO_MANY_REQUESTS);
        }
    };
    // An unknown email is verified against a dummy hash: same time, same answer.
    let verified = passwords.verify(password, user.as_ref().and_then(|u| u.password_hash.clone())).await?;
    let Some(user) = user.filter(|_| verified) else {
        // The reserved slot stays: it is the failure.
        return refuse(visitor, form, WRONG_CREDENTIALS.to_string(), StatusCode::UNAUTHORIZED);
    };
    let vendors = db::run(&pool, move |conn| {
        throttle::release(conn, reservation)?;
        Ok(users::administered_vendors(conn, user.id)?)
    })
    .await?;
    visitor.session.log_in(user.id, user.session_epoch);
    Ok(see_other(&landing(&form.next, vendors.first().map(|v| v.slug.as_str()))))
}

/// "40 seconds", "3 minutes".
fn in_words(wait: chrono::Duration) -> String {
    match wait.num_seconds().max(1) {
        1 => "1 second".into(),
        seconds @ 2..=90 => format!("{seconds} seconds"),
        seconds => format!("{} minutes", (seconds + 59) / 60),
    }
}

fn refuse(visitor: Visitor, form: LoginForm, message: String, status: StatusCode) -> Result<HttpResponse, AppError> {
    let mut response = render(&LoginPage { chrome: visitor.chrome(), form, error: Some(message) })?;
    *response.status_mut() = status;
    Ok(response)
}
