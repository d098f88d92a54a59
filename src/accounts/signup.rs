//! Sign-up for vendors (a company and its owner) and for partners.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::{NextOnly, PartnerSignupForm, VendorSignupForm};
use super::pages::{PartnerSignupPage, SignupClosedPage, VendorSignupPage};
use super::queries::{self, Owner};
use super::{landing, verify};
use crate::auth::queries as users;
use crate::auth::{Passwords, Visitor};
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::{EmailAddress, WebUrl};
use crate::email::Outbox;
use crate::vendors::queries as vendors;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

const EMAIL_TAKEN: &str =
    "An account with this email already exists. Log in instead, or use Forgot password? if the email is yours.";
const EMAIL_UNCLAIMED: &str =
    "A partner program already added this email. Open the invite email it sent you to set your password.";

pub async fn show_vendor(
    visitor: Visitor,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mode = config.vendor_signup;
    if !db::run(&pool, move |conn| Ok(vendors::signup_open(conn, mode)?)).await? {
        return closed(&visitor);
    }
    let signed_in_as = visitor.viewer.as_ref().map(|v| v.user.email.clone());
    render(&VendorSignupPage {
        chrome: visitor.chrome(),
        form: VendorSignupForm::default(),
        errors: FormErrors::new(),
        signed_in_as,
    })
}

/// Vendor sign-up is closed on this install: the operator makes vendors.
fn closed(visitor: &Visitor) -> Result<HttpResponse, AppError> {
    render_status(&SignupClosedPage { chrome: visitor.chrome() }, StatusCode::FORBIDDEN)
}

pub async fn show_partner(visitor: Visitor, query: web::Query<NextOnly>) -> Result<HttpResponse, AppError> {
    if let Some(viewer) = &visitor.viewer {
        return Ok(see_other(&landing(&query.next, viewer.vendors.first().map(|v| v.slug.as_str()))));
    }
    let form = PartnerSignupForm { next: query.next.clone(), ..Default::default() };
    render(&PartnerSignupPage { chrome: visitor.chrome(), form, errors: FormErrors::new() })
}

/// Creates the vendor — and, for a visitor, the owner's account — in one transaction.
pub async fn submit_vendor(
    visitor: Visitor,
    form: web::Form<VendorSignupForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    let signed_in = visitor.viewer.as_ref().map(|v| v.user.clone());
    let mut errors = form.parse(signed_in.is_some()).err().unwrap_or_default();
    if errors.is_empty()
        && signed_in.is_none()
        && let Some(problem) = email_problem(&pool, &form.email).await?
    {
        errors.add("email", problem);
    }
    if !errors.is_empty() {
        return vendor_form_again(visitor, form, errors);
    }
    let password_hash = match signed_in {
        Some(_) => None,
        None => Some(passwords.hash(std::mem::take(&mut form.password)).await?),
    };
    let fields = form.clone();
    let website = WebUrl::parse_lenient(&fields.company_website).map_err(AppError::BadRequest)?;
    let (outbox, mode) = (outbox.get_ref().clone(), config.vendor_signup);
    let trust = vendors::WebsiteTrust::of(&config);
    let now = config.clock.now();
    let created = db::transaction(&pool, move |conn| {
        vendors::lock_signups(conn)?;
        if !vendors::signup_open(conn, mode)? {
            return Ok(Err(()));
        }
        let owner = match (signed_in, password_hash) {
            (Some(user), _) => Owner::Existing(user),
            (None, hash) => {
                Owner::New { name: fields.name, email: fields.email, password_hash: hash.unwrap_or_default() }
            }
        };
        let created = queries::create_vendor(conn, owner, &fields.company_name, &website, trust)?;
        if let Some((owner, _)) = created.as_ref().filter(|(owner, _)| !owner.is_verified()) {
            verify::send_link(conn, &outbox, owner, "", now)?;
        }
        Ok(Ok(created))
    })
    .await?;
    let Ok(created) = created else { return closed(&visitor) };
    let Some((owner, vendor)) = created else {
        let mut errors = FormErrors::new();
        errors.add("email", EMAIL_TAKEN);
        return vendor_form_again(visitor, form, errors);
    };
    if visitor.viewer.is_none() {
        visitor.session.log_in(owner.id, owner.session_epoch);
    }
    // The confirmation notice on every page says what to do about the email.
    visitor
        .session
        .flash(Flash::success(format!("Welcome to Partnerdesk! {} is ready, with its Default group.", vendor.name)));
    Ok(see_other(&format!("/vendor/{}", vendor.slug)))
}

pub async fn submit_partner(
    visitor: Visitor,
    form: web::Form<PartnerSignupForm>,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut form = form.into_inner();
    let mut errors = form.parse().err().unwrap_or_default();
    if errors.is_empty()
        && let Some(problem) = email_problem(&pool, &form.email).await?
    {
        errors.add("email", problem);
    }
    if !errors.is_empty() {
        return partner_form_again(visitor, form, errors);
    }
    let hash = passwords.hash(std::mem::take(&mut form.password)).await?;
    let (name, email) = (form.name.clone(), form.email.clone());
    let (outbox, next) = (outbox.get_ref().clone(), form.next.clone());
    let now = config.clock.now();
    let created = db::transaction(&pool, move |conn| {
        let created = queries::create_partner(conn, &name, &email, &hash)?;
        if let Some(user) = &created {
            verify::send_link(conn, &outbox, user, &next, now)?;
        }
        Ok(created)
    })
    .await?;
    let Some(user) = created else {
        let mut errors = FormErrors::new();
        errors.add("email", EMAIL_TAKEN);
        return partner_form_again(visitor, form, errors);
    };
    visitor.session.log_in(user.id, user.session_epoch);
    visitor.session.flash(Flash::success("Welcome to Partnerdesk! Your partner account is ready."));
    Ok(see_other(&landing(&form.next, None)))
}

/// Why the email cannot sign up: taken by an account, or by one a vendor
/// made that only its invite link can claim.
async fn email_problem(pool: &DbPool, email: &str) -> Result<Option<&'static str>, AppError> {
    let email = EmailAddress::parse(email).map(|e| e.as_str().to_string()).unwrap_or_default();
    let user = db::run(pool, move |conn| Ok(users::find_by_email(conn, &email)?)).await?;
    Ok(user.map(|u| if u.password_hash.is_some() { EMAIL_TAKEN } else { EMAIL_UNCLAIMED }))
}

fn vendor_form_again(
    visitor: Visitor,
    mut form: VendorSignupForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    form.password.clear();
    let signed_in_as = visitor.viewer.as_ref().map(|v| v.user.email.clone());
    unprocessable(render(&VendorSignupPage { chrome: visitor.chrome(), form, errors, signed_in_as }))
}

fn partner_form_again(
    visitor: Visitor,
    mut form: PartnerSignupForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    form.password.clear();
    unprocessable(render(&PartnerSignupPage { chrome: visitor.chrome(), form, errors }))
}

fn unprocessable(response: Result<HttpResponse, AppError>) -> Result<HttpResponse, AppError> {
    let mut response = response?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}
