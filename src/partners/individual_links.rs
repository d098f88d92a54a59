//! Individual links: made by a vendor admin for one partnership, from the
//! partner's page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::PartnerPath;
use super::queries as partners;
use crate::config::Config;
use crate::db::ids::PartnershipId;
use crate::db::{self, DbPool};
use crate::links::forms::LinkForm;
use crate::links::pages::{Back, FormKind, LinkFormPage};
use crate::links::queries;
use crate::links::tracking_prefix;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

/// The vendor's partnership with this id, or 404.
async fn partnership(pool: &DbPool, admin: &VendorAdmin, id: PartnershipId) -> Result<PartnershipId, AppError> {
    let vendor = admin.vendor.id;
    db::run(pool, move |conn| Ok(partners::of_vendor(conn, vendor, &[id])?.pop().ok_or(AppError::NotFound)?.id)).await
}

fn page(
    admin: &VendorAdmin,
    config: &Config,
    partner: PartnershipId,
    form: LinkForm,
    errors: FormErrors,
) -> LinkFormPage {
    let back = Back::to_partner(&admin.vendor.slug, partner);
    LinkFormPage {
        chrome: admin.chrome(Menu::Partners),
        action: format!("{}/links", back.path),
        back,
        kind: FormKind::NewIndividual,
        form,
        errors,
        editing: None,
        refusal: None,
        tracking_prefix: tracking_prefix(config),
    }
}

pub async fn new(
    admin: VendorAdmin,
    path: PartnerPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let partner = partnership(&pool, &admin, path.1).await?;
    render_status(&page(&admin, &config, partner, LinkForm::default(), FormErrors::new()), StatusCode::OK)
}

/// Destination + custom link text → a link that works only with this partner's code.
pub async fn create(
    admin: VendorAdmin,
    path: PartnerPath,
    form: web::Form<LinkForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let partner = partnership(&pool, &admin, path.1).await?;
    let form = form.into_inner();
    let parsed = match form.parse(true, true, &admin.vendor.allowed_domains) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render_status(&page(&admin, &config, partner, form, errors), StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let Some(code) = parsed.code else { return Err(AppError::BadRequest("The link text is missing.".into())) };
    let vendor = admin.vendor.id;
    let created =
        db::run(&pool, move |conn| Ok(queries::create_individual(conn, vendor, partner, &parsed.changes, &code)?))
            .await?;
    let Some(link) = created else {
        let mut errors = FormErrors::new();
        errors.add("code", "This link text is already taken. Choose another.");
        return render_status(&page(&admin, &config, partner, form, errors), StatusCode::UNPROCESSABLE_ENTITY);
    };
    admin.session.flash(Flash::success(format!("Link {} created for this partner.", link.code)));
    Ok(see_other(&Back::to_partner(&admin.vendor.slug, partner).path))
}
