//! `/join/{vendor}/{group}`: log in or sign up, then join at once — or
//! apply, when the group's application form is on.

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use super::forms::JoinQuery;
use super::pages::{JoinPage, Standing};
use super::queries;
use crate::auth::{SignedIn, Visitor};
use crate::db::states::GroupForm;
use crate::db::{self, DbPool};
use crate::form_builder::{self, Field, answers};
use crate::groups::join_path;
use crate::groups::queries::{self as groups, Group, SlugLookup};
use crate::partners::queries as partners;
use crate::vendors::Vendor;
use crate::vendors::queries as vendors;
use crate::web::{AppError, Chrome, Flash, FormErrors, render_status, see_other};

/// A group someone can join, with its questions.
struct Joinable {
    vendor: Vendor,
    group: Group,
    fields: Vec<Field>,
}

enum Target {
    Live(Box<Joinable>),
    Renamed(String),
}

async fn target(pool: &DbPool, vendor_slug: String, group_slug: String) -> Result<Target, AppError> {
    db::run(pool, move |conn| {
        let vendor = vendors::by_slug(conn, &vendor_slug)?;
        match groups::by_public_slug(conn, vendor.id, &group_slug)? {
            SlugLookup::Live(group) => {
                let fields = form_builder::queries::fields(conn, group.id, GroupForm::Application)?;
                Ok(Target::Live(Box::new(Joinable { vendor, group, fields })))
            }
            SlugLookup::Renamed { current_slug } => Ok(Target::Renamed(current_slug)),
            SlugLookup::Unknown => Err(AppError::NotFound),
        }
    })
    .await
}

async fn standing(pool: &DbPool, vendor: &Vendor, signed_in: Option<&SignedIn>) -> Result<Standing, AppError> {
    let Some(signed_in) = signed_in else { return Ok(Standing::Visitor) };
    if !signed_in.viewer.user.is_verified() {
        return Ok(Standing::Unverified);
    }
    let (vendor, user) = (vendor.id, signed_in.viewer.user.id);
    db::run(pool, move |conn| {
        Ok(if partners::active(conn, vendor, user)?.is_some() {
            Standing::AlreadyPartner
        } else if partners::was_removed(conn, vendor, user)? {
            Standing::Removed
        } else if queries::has_pending(conn, vendor, user)? {
            Standing::Applied
        } else {
            Standing::CanJoin
        })
    })
    .await
}

pub async fn show(
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<JoinQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor_slug, group_slug) = path.into_inner();
    let Joinable { vendor, group, fields } = match target(&pool, vendor_slug.clone(), group_slug).await? {
        Target::Live(joinable) => *joinable,
        Target::Renamed(current) => {
            let location = join_path(&vendor_slug, &current, Some(&query.referrer));
            return Ok(HttpResponse::MovedPermanently().insert_header((header::LOCATION, location)).finish());
        }
    };
    let (standing, chrome) = match visitor.viewer.clone() {
        Some(viewer) => {
            let signed_in = SignedIn { session: visitor.session, viewer };
            (standing(&pool, &vendor, Some(&signed_in)).await?, signed_in.chrome())
        }
        None => (Standing::Visitor, visitor.chrome()),
    };
    let page = join_page(
        chrome,
        vendor,
        group,
        fields,
        standing,
        query.into_inner().referrer,
        HashMap::new(),
        FormErrors::new(),
    );
    render_status(&page, StatusCode::OK)
}

/// The group was deleted while the form was being sent.
fn group_gone(vendor: &Vendor) -> Result<HttpResponse, AppError> {
    let message = format!(
        "{} deleted this group a moment ago, so nobody can join it any more. Ask them for a current link.",
        vendor.name
    );
    Ok(crate::web::error::error_page(StatusCode::GONE, "This group no longer exists", message))
}

/// Joins at once, or files the application, as the group wants.
pub async fn submit(
    signed_in: SignedIn,
    path: web::Path<(String, String)>,
    form: web::Form<HashMap<String, String>>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor_slug, group_slug) = path.into_inner();
    let Target::Live(joinable) = target(&pool, vendor_slug, group_slug).await? else {
        return Err(AppError::NotFound);
    };
    let Joinable { vendor, group, fields } = *joinable;
    let typed = form.into_inner();
    let referrer = typed.get("ref").cloned().unwrap_or_default();
    let standing = standing(&pool, &vendor, Some(&signed_in)).await?;
    if standing != Standing::CanJoin {
        return render_status(
            &join_page(signed_in.chrome(), vendor, group, fields, standing, referrer, typed, FormErrors::new()),
            StatusCode::CONFLICT,
        );
    }
    let answers = if group.application_enabled {
        match answers::check(&fields, &typed) {
            Ok(answers) => Some(answers),
            Err(errors) => {
                let page = join_page(signed_in.chrome(), vendor, group, fields, standing, referrer, typed, errors);
                return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
            }
        }
    } else {
        None
    };
    let (vendor_id, group_id, user) = (vendor.id, group.id, signed_in.viewer.user.id);
    let applied = answers.is_some();
    let done = match db::transaction(&pool, move |conn| {
        Ok(queries::apply_or_join(conn, vendor_id, group_id, user, &referrer, answers)?)
    })
    .await
    {
        Err(AppError::NotFound) => return group_gone(&vendor),
        outcome => outcome?,
    };
    if !done {
        // Another submit of the same form won the race: the join page says where things stand.
        return Ok(see_other(&join_path(&vendor.slug, &group.slug, None)));
    }
    if applied {
        signed_in
            .session
            .flash(Flash::success(format!("Application sent. {} will review it; you will get an email.", vendor.name)));
        return Ok(see_other(&join_path(&vendor.slug, &group.slug, None)));
    }
    signed_in
        .session
        .flash(Flash::success(format!("Welcome to {}! You joined the {} group.", vendor.name, group.name)));
    Ok(see_other(&format!("/partner/{}", vendor.slug)))
}

#[expect(clippy::too_many_arguments, reason = "one page, built from each part of the request")]
fn join_page(
    chrome: Chrome,
    vendor: Vendor,
    group: Group,
    fields: Vec<Field>,
    standing: Standing,
    referrer: String,
    typed: HashMap<String, String>,
    errors: FormErrors,
) -> JoinPage {
    let self_path = join_path(&vendor.slug, &group.slug, Some(&referrer));
    JoinPage { chrome, vendor, group, fields, standing, referrer, typed, errors, self_path }
}
