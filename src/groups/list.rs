//! The Groups page: every group with its totals, and "Create group".

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::NewGroupForm;
use super::pages::{GroupRow, GroupsPage};
use super::{group_path, queries};
use crate::auth::SignedIn;
use crate::db::{self, DbPool};
use crate::stats::queries::{self as stats, GroupTotals};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

/// `/vendor`: the dashboard of the first vendor this user administers.
pub async fn first_vendor(signed_in: SignedIn) -> Result<HttpResponse, AppError> {
    match signed_in.viewer.vendors.first() {
        Some(vendor) => Ok(see_other(&format!("/vendor/{}", vendor.slug))),
        None => Err(AppError::Forbidden(
            "The vendor dashboard is for vendor admins. To run a partner program of your own, start one from the sign-up page for vendors.".into(),
        )),
    }
}

/// The Groups page: every group with its all-time totals.
pub async fn show(admin: VendorAdmin, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    groups_page(admin, &pool, NewGroupForm::default(), FormErrors::new(), StatusCode::OK).await
}

/// "Create group": name + destination → the group, its original link, and its page.
pub async fn create(
    admin: VendorAdmin,
    form: web::Form<NewGroupForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (name, destination) = match form.parse(&admin.vendor.allowed_domains) {
        Ok(parsed) => parsed,
        Err(errors) => return groups_page(admin, &pool, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let (vendor, vendor_slug) = (admin.vendor.id, admin.vendor.slug.clone());
    let group =
        db::transaction(&pool, move |conn| Ok(queries::create(conn, vendor, &vendor_slug, &name, &destination)?))
            .await?;
    admin.session.flash(Flash::success(format!("Group “{}” created with its original link.", group.name)));
    Ok(see_other(&group_path(&admin.vendor.slug, group.id)))
}

async fn groups_page(
    admin: VendorAdmin,
    pool: &DbPool,
    form: NewGroupForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let rows = db::run(pool, move |conn| {
        let mut totals = stats::group_totals(conn, vendor)?;
        let groups = queries::list(conn, vendor)?;
        Ok(groups
            .into_iter()
            .map(|group| GroupRow {
                totals: totals.remove(&group.id).unwrap_or_else(|| GroupTotals::zero(group.id)),
                group,
            })
            .collect())
    })
    .await?;
    let computed_at = chrono::Utc::now().format("%b %-d, %Y at %H:%M:%S UTC").to_string();
    render_status(
        &GroupsPage {
            chrome: admin.chrome(Menu::Groups),
            currency: admin.vendor.currency(),
            rows,
            computed_at,
            form,
            errors,
        },
        status,
    )
}
