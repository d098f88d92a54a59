//! A group's Offers tab: list, create, edit, archive, delete when unused.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::OfferPath;
use super::forms::OfferForm;
use super::pages::{OfferFormPage, OffersTab};
use super::queries;
use crate::db::{self, DbPool};
use crate::groups::{self, GroupPath, queries::Group};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

fn offers_path(admin: &VendorAdmin, group: &Group) -> String {
    format!("{}/offers", groups::group_path(&admin.vendor.slug, group.id))
}

pub async fn list(admin: VendorAdmin, path: GroupPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (vendor, group) = (admin.vendor.id, path.1);
    let (group, offers) = db::run(&pool, move |conn| {
        Ok((groups::queries::find(conn, vendor, group)?, queries::of_group(conn, vendor, group)?))
    })
    .await?;
    let currency = admin.vendor.currency();
    render(&OffersTab { chrome: admin.chrome(Menu::Groups), group, offers, currency })
}

pub async fn new(admin: VendorAdmin, path: GroupPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    form_page(admin, group, None, OfferForm::blank(), FormErrors::new())
}

pub async fn create(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<OfferForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let spec = match form.parse(admin.vendor.currency()) {
        Ok(spec) => spec,
        Err(errors) => return form_page(admin, group, None, form.into_inner(), errors),
    };
    let (vendor, group_id) = (admin.vendor.id, group.id);
    db::run(&pool, move |conn| Ok(queries::create(conn, vendor, group_id, &spec)?)).await?;
    admin.session.flash(Flash::success("Offer created: it applies to signups and sales from now on."));
    Ok(see_other(&offers_path(&admin, &group)))
}

pub async fn edit(admin: VendorAdmin, path: OfferPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (vendor, group, id) = (admin.vendor.id, path.1, path.2);
    let (group, offer) = db::run(&pool, move |conn| {
        Ok((groups::queries::find(conn, vendor, group)?, queries::find(conn, vendor, group, id)?))
    })
    .await?;
    let form = OfferForm::of(&offer, admin.vendor.currency());
    form_page(admin, group, Some(offer.id), form, FormErrors::new())
}

pub async fn update(
    admin: VendorAdmin,
    path: OfferPath,
    form: web::Form<OfferForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, group, id) = (admin.vendor.id, path.1, path.2);
    let (group, offer) = db::run(&pool, move |conn| {
        Ok((groups::queries::find(conn, vendor, group)?, queries::find(conn, vendor, group, id)?))
    })
    .await?;
    let spec = match form.parse(admin.vendor.currency()) {
        Ok(spec) => spec,
        Err(errors) => return form_page(admin, group, Some(offer.id), form.into_inner(), errors),
    };
    db::run(&pool, move |conn| Ok(queries::update(conn, offer.id, &spec)?)).await?;
    admin.session.flash(Flash::success("Offer saved: the new terms apply to events from now on."));
    Ok(see_other(&offers_path(&admin, &group)))
}

pub async fn archive(admin: VendorAdmin, path: OfferPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (vendor, group, id) = (admin.vendor.id, path.1, path.2);
    let group = db::transaction(&pool, move |conn| {
        let offer = queries::find(conn, vendor, group, id)?;
        queries::archive(conn, offer.id)?;
        Ok(groups::queries::find(conn, vendor, group)?)
    })
    .await?;
    admin.session.flash(Flash::success("Offer archived: it earns nothing more; its commissions stay."));
    Ok(see_other(&offers_path(&admin, &group)))
}

pub async fn delete(admin: VendorAdmin, path: OfferPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (vendor, group, id) = (admin.vendor.id, path.1, path.2);
    let (group, deleted) = db::transaction(&pool, move |conn| {
        let offer = queries::find(conn, vendor, group, id)?;
        let deleted = queries::delete_unused(conn, offer.id)?;
        Ok((groups::queries::find(conn, vendor, group)?, deleted))
    })
    .await?;
    admin.session.flash(if deleted {
        Flash::success("Offer deleted.")
    } else {
        Flash::error("This offer has commissions, so it cannot be deleted; archive it instead.")
    });
    Ok(see_other(&offers_path(&admin, &group)))
}

fn form_page(
    admin: VendorAdmin,
    group: Group,
    editing: Option<crate::db::ids::OfferId>,
    form: OfferForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let currency = admin.vendor.currency();
    render_status(&OfferFormPage { chrome: admin.chrome(Menu::Groups), group, editing, form, errors, currency }, status)
}
