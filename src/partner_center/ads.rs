//! My Ads: a partner's own ads in one program.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::AdForm;
use super::pages::AdFormPage;
use super::queries;
use crate::db::ids::AdId;
use crate::db::states::MediaType;
use crate::db::{self, DbPool};
use crate::partners::Partner;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

type AdPath = web::Path<(String, AdId)>;

fn ads_path(partner: &Partner) -> String {
    format!("/partner/{}/links", partner.vendor.slug)
}

fn action(partner: &Partner, editing: Option<AdId>) -> String {
    match editing {
        Some(id) => format!("/partner/{}/ads/{id}", partner.vendor.slug),
        None => format!("/partner/{}/ads", partner.vendor.slug),
    }
}

pub async fn new(partner: Partner) -> Result<HttpResponse, AppError> {
    let form = AdForm {
        media_type: MediaType::Website.as_str().into(),
        starts_on: chrono::Utc::now().date_naive().to_string(),
        ..AdForm::default()
    };
    let page = AdFormPage {
        chrome: partner.chrome(Menu::Generator),
        form,
        errors: FormErrors::new(),
        action: action(&partner, None),
        editing: false,
        code_editable: true,
    };
    render_status(&page, StatusCode::OK)
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
    let created = db::run(&pool, move |conn| Ok(queries::insert_ad(conn, me, &fields)?)).await?;
    match created {
        Some(ad) => {
            partner.session.flash(Flash::success(format!("Ad “{}” created with the code {}.", ad.name, ad.code)));
            Ok(see_other(&ads_path(&partner)))
        }
        None => form_again(&partner, form, code_taken(), None, true),
    }
}

pub async fn edit(partner: Partner, path: AdPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (me, id) = (partner.partnership.id, path.1);
    let (ad, clicked) =
        db::run(&pool, move |conn| Ok((queries::find_ad(conn, me, id)?, queries::ad_has_clicks(conn, me, id)?)))
            .await?;
    let page = AdFormPage {
        chrome: partner.chrome(Menu::Generator),
        form: AdForm::from_ad(&ad),
        errors: FormErrors::new(),
        action: action(&partner, Some(ad.id)),
        editing: true,
        code_editable: !clicked,
    };
    render_status(&page, StatusCode::OK)
}

pub async fn update(
    partner: Partner,
    path: AdPath,
    form: web::Form<AdForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (me, id) = (partner.partnership.id, path.1);
    let (ad, clicked) =
        db::run(&pool, move |conn| Ok((queries::find_ad(conn, me, id)?, queries::ad_has_clicks(conn, me, id)?)))
            .await?;
    let form = form.into_inner();
    let fields = match form.parse(!clicked) {
        Ok(fields) => fields,
        Err(errors) => return form_again(&partner, form, errors, Some(ad.id), !clicked),
    };
    let saved = db::run(&pool, move |conn| Ok(queries::save_ad(conn, &ad, &fields)?)).await?;
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
    editing: Option<AdId>,
    code_editable: bool,
) -> Result<HttpResponse, AppError> {
    let page = AdFormPage {
        chrome: partner.chrome(Menu::Generator),
        form,
        errors,
        action: action(partner, editing),
        editing: editing.is_some(),
        code_editable,
    };
    render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}
