//! My Ads: a partner's own ads in one program.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use super::resources::{Ad, MEDIA_TYPES};
use crate::auth::Partner;
use crate::db::ids::PartnershipId;
use crate::db::schema::{ads, clicks};
use crate::db::{self, DbPool};
use crate::domain::{LinkCode, free_variant, slugify};
use crate::web::{AppError, Chrome, Flash, FormErrors, render_status, see_other, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AdForm {
    name: String,
    description: String,
    media_type: String,
    starts_on: String,
    code: String,
}

struct AdFields {
    name: String,
    description: String,
    media_type: String,
    starts_on: NaiveDate,
    code: Option<LinkCode>,
}

impl AdForm {
    fn from_ad(ad: &Ad) -> Self {
        AdForm {
            name: ad.name.clone(),
            description: ad.description.clone(),
            media_type: ad.media_type.clone(),
            starts_on: ad.starts_on.to_string(),
            code: ad.code.clone(),
        }
    }

    fn parse(&self, code_editable: bool) -> Result<AdFields, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a name", 100));
        let description = errors.check("description", text::optional(&self.description, 500));
        if !MEDIA_TYPES.iter().any(|(value, _)| *value == self.media_type) {
            errors.add("media_type", "Choose a media type.");
        }
        let starts_on = errors.check(
            "starts_on",
            NaiveDate::parse_from_str(self.starts_on.trim(), "%Y-%m-%d")
                .map_err(|_| "Enter a date like 2026-12-01.".to_string()),
        );
        let code = match (code_editable, self.code.trim().is_empty()) {
            (true, false) => errors.check("code", LinkCode::parse(&self.code)).map(Some),
            _ => Some(None),
        };
        errors.into_result(|| {
            Some(AdFields {
                name: name?,
                description: description?,
                media_type: self.media_type.clone(),
                starts_on: starts_on?,
                code: code?,
            })
        })
    }
}

#[derive(Template)]
#[template(path = "partner_center/ad_form.html")]
struct AdFormPage {
    chrome: Chrome,
    form: AdForm,
    errors: FormErrors,
    action: String,
    editing: bool,
    code_editable: bool,
}

impl AdFormPage {
    fn media_types(&self) -> &'static [(&'static str, &'static str)] {
        &MEDIA_TYPES
    }
}

fn ads_path(partner: &Partner) -> String {
    format!("/partner/{}/links", partner.vendor.slug)
}

pub async fn new(partner: Partner) -> Result<HttpResponse, AppError> {
    let form = AdForm {
        media_type: "website".into(),
        starts_on: chrono::Utc::now().date_naive().to_string(),
        ..AdForm::default()
    };
    let action = format!("/partner/{}/ads", partner.vendor.slug);
    render_status(
        &AdFormPage {
            chrome: partner.chrome("generator"),
            form,
            errors: FormErrors::new(),
            action,
            editing: false,
            code_editable: true,
        },
        StatusCode::OK,
    )
}

pub async fn create(
    partner: Partner,
    form: web::Form<AdForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let fields = match form.parse(true) {
        Ok(fields) => fields,
        Err(errors) => return form_again(&partner, form, errors, None, true),
    };
    let me = partner.partnership.id;
    let created = db::run(&pool, move |conn| Ok(insert(conn, me, &fields)?)).await?;
    match created {
        Some(ad) => {
            partner.session.flash(Flash::success(format!("Ad “{}” created with the code {}.", ad.name, ad.code)));
            Ok(see_other(&ads_path(&partner)))
        }
        None => form_again(&partner, form, code_taken(), None, true),
    }
}

pub async fn edit(
    partner: Partner,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (me, id) = (partner.partnership.id, path.1);
    let (ad, has_clicks) = db::run(&pool, move |conn| Ok((find(conn, me, id)?, has_clicks(conn, id)?))).await?;
    let action = format!("/partner/{}/ads/{}", partner.vendor.slug, ad.id);
    let page = AdFormPage {
        chrome: partner.chrome("generator"),
        form: AdForm::from_ad(&ad),
        errors: FormErrors::new(),
        action,
        editing: true,
        code_editable: !has_clicks,
    };
    render_status(&page, StatusCode::OK)
}

pub async fn update(
    partner: Partner,
    path: web::Path<(String, i64)>,
    form: web::Form<AdForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (me, id) = (partner.partnership.id, path.1);
    let (ad, clicked) = db::run(&pool, move |conn| Ok((find(conn, me, id)?, has_clicks(conn, id)?))).await?;
    let form = form.into_inner();
    let fields = match form.parse(!clicked) {
        Ok(fields) => fields,
        Err(errors) => return form_again(&partner, form, errors, Some(ad.id), !clicked),
    };
    let saved = db::run(&pool, move |conn| Ok(save(conn, &ad, &fields)?)).await?;
    if !saved {
        return form_again(&partner, form, code_taken(), Some(id), !clicked);
    }
    partner.session.flash(Flash::success("Ad saved."));
    Ok(see_other(&ads_path(&partner)))
}

fn code_taken() -> FormErrors {
    let mut errors = FormErrors::new();
    errors.add("code", "You already have an ad with this code. Choose another.");
    errors
}

fn form_again(
    partner: &Partner,
    form: AdForm,
    errors: FormErrors,
    editing: Option<i64>,
    code_editable: bool,
) -> Result<HttpResponse, AppError> {
    let action = match editing {
        Some(id) => format!("/partner/{}/ads/{id}", partner.vendor.slug),
        None => format!("/partner/{}/ads", partner.vendor.slug),
    };
    let page = AdFormPage {
        chrome: partner.chrome("generator"),
        form,
        errors,
        action,
        editing: editing.is_some(),
        code_editable,
    };
    render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// My ad with `id`; anyone else's is NotFound.
fn find(conn: &mut PgConnection, me: PartnershipId, id: i64) -> QueryResult<Ad> {
    ads::table.filter(ads::partnership_id.eq(me)).filter(ads::id.eq(id)).select(Ad::as_select()).first(conn)
}

fn has_clicks(conn: &mut PgConnection, ad: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(clicks::table.filter(clicks::ad_id.eq(ad)))).get_result(conn)
}

/// `None` when the chosen code is already one of mine.
fn insert(conn: &mut PgConnection, me: PartnershipId, fields: &AdFields) -> QueryResult<Option<Ad>> {
    let taken: Vec<String> = ads::table.filter(ads::partnership_id.eq(me)).select(ads::code).load(conn)?;
    let code = match &fields.code {
        Some(code) if taken.iter().any(|t| t == code.as_str()) => return Ok(None),
        Some(code) => code.as_str().to_string(),
        None => {
            let base = Some(slugify(&fields.name, 40)).filter(|s| s.len() >= 2).unwrap_or_else(|| "ad".into());
            free_variant(&base, 40, |c| taken.iter().any(|t| t == c))
        }
    };
    diesel::insert_into(ads::table)
        .values((
            ads::partnership_id.eq(me),
            ads::name.eq(&fields.name),
            ads::description.eq(&fields.description),
            ads::media_type.eq(&fields.media_type),
            ads::starts_on.eq(fields.starts_on),
            ads::code.eq(&code),
        ))
        .returning(Ad::as_returning())
        .get_result(conn)
        .map(Some)
}

/// `false` when the new code is another of my ads'.
fn save(conn: &mut PgConnection, ad: &Ad, fields: &AdFields) -> QueryResult<bool> {
    let code = fields.code.as_ref().map_or(ad.code.clone(), |c| c.as_str().to_string());
    let clash: bool = diesel::select(diesel::dsl::exists(
        ads::table
            .filter(ads::partnership_id.eq(ad.partnership_id))
            .filter(ads::code.eq(&code))
            .filter(ads::id.ne(ad.id)),
    ))
    .get_result(conn)?;
    if clash {
        return Ok(false);
    }
    diesel::update(ads::table.find(ad.id))
        .set((
            ads::name.eq(&fields.name),
            ads::description.eq(&fields.description),
            ads::media_type.eq(&fields.media_type),
            ads::starts_on.eq(fields.starts_on),
            ads::code.eq(&code),
        ))
        .execute(conn)?;
    Ok(true)
}
