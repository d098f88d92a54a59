//! The group's Settings tab: rename, terms, default group, delete.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::{RenameForm, TermsForm};
use super::pages::{DeleteGroupPage, SettingsPage};
use super::queries::{self, Deletion, Group};
use super::{GroupPath, group_path, join_path, load, program_path};
use crate::config::Config;
use crate::db::ids::GroupId;
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

fn settings_path(admin: &VendorAdmin, group: GroupId) -> String {
    format!("{}/settings", group_path(&admin.vendor.slug, group))
}

pub async fn show(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = load(&pool, admin.vendor.id, path.1).await?;
    let rename = RenameForm { name: group.name.clone() };
    let terms = TermsForm { terms_url: group.terms_url.clone().unwrap_or_default() };
    render(&settings_page(&admin, &config, group, rename, terms, FormErrors::new()))
}

/// Renames the group; the slug follows and the old public URL redirects.
pub async fn rename(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<RenameForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = load(&pool, admin.vendor.id, path.1).await?;
    let name = match form.parse() {
        Ok(name) => name,
        Err(errors) => {
            let terms = TermsForm { terms_url: group.terms_url.clone().unwrap_or_default() };
            let page = settings_page(&admin, &config, group, form.into_inner(), terms, errors);
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let renamed = db::transaction(&pool, move |conn| Ok(queries::rename(conn, &group, &name)?)).await?;
    admin.session.flash(Flash::success(format!(
        "Renamed to “{}”. The program page is now {}; its old address redirects there.",
        renamed.name,
        program_path(&admin.vendor.slug, &renamed.slug)
    )));
    Ok(see_other(&settings_path(&admin, renamed.id)))
}

pub async fn set_terms(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<TermsForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = load(&pool, admin.vendor.id, path.1).await?;
    let terms_url = match form.parse() {
        Ok(terms_url) => terms_url,
        Err(errors) => {
            let rename = RenameForm { name: group.name.clone() };
            let page = settings_page(&admin, &config, group, rename, form.into_inner(), errors);
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let id = group.id;
    db::run(&pool, move |conn| Ok(queries::set_terms_url(conn, id, terms_url.as_ref().map(|u| u.as_str()))?)).await?;
    admin.session.flash(Flash::success("Terms of service saved."));
    Ok(see_other(&settings_path(&admin, id)))
}

pub async fn make_default(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = load(&pool, admin.vendor.id, path.1).await?;
    let (vendor, id) = (admin.vendor.id, group.id);
    db::transaction(&pool, move |conn| Ok(queries::make_default(conn, vendor, id)?)).await?;
    admin
        .session
        .flash(Flash::success(format!("“{}” is now the default group: public applicants join it.", group.name)));
    Ok(see_other(&settings_path(&admin, id)))
}

pub async fn confirm_delete(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (group, partners) = deletable(&admin, &pool, path.1).await?;
    render(&DeleteGroupPage { chrome: admin.chrome(Menu::Groups), group, partners })
}

pub async fn delete(admin: VendorAdmin, path: GroupPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (group, partners) = deletable(&admin, &pool, path.1).await?;
    if partners > 0 {
        admin.session.flash(Flash::error(format!(
            "“{}” has {partners} partner(s), so it cannot be deleted. Move them to another group first.",
            group.name
        )));
        return Ok(see_other(&settings_path(&admin, group.id)));
    }
    let id = group.id;
    let flash = match db::transaction(&pool, move |conn| Ok(queries::delete_if_empty(conn, id)?)).await? {
        Deletion::Deleted => {
            admin.session.flash(Flash::success(format!("Group “{}” deleted.", group.name)));
            return Ok(see_other(&format!("/vendor/{}", admin.vendor.slug)));
        }
        Deletion::HasPartners(partners) => format!(
            "“{}” has {partners} partner(s) now (someone joined a moment ago), so it was not deleted. Move them to another group first.",
            group.name
        ),
        Deletion::HasCommissions => format!(
            "“{}” was not deleted: commissions were earned in it, and their history keeps it. Move its partners and keep it, or rename it.",
            group.name
        ),
        Deletion::HasEntries => format!(
            "“{}” was not deleted: partners sent leads or deals through it, and those keep it. Move its partners and keep it, or rename it.",
            group.name
        ),
    };
    admin.session.flash(Flash::error(flash));
    Ok(see_other(&settings_path(&admin, group.id)))
}

/// The group and its partner count; the default group is never deletable.
async fn deletable(admin: &VendorAdmin, pool: &DbPool, id: GroupId) -> Result<(Group, i64), AppError> {
    let vendor = admin.vendor.id;
    let (group, partners) = db::run(pool, move |conn| {
        let group = queries::find(conn, vendor, id)?;
        let partners = queries::partnership_count(conn, group.id)?;
        Ok((group, partners))
    })
    .await?;
    if group.is_default {
        return Err(AppError::Forbidden(
            "The default group cannot be deleted: public applicants join it. Make another group the default first."
                .into(),
        ));
    }
    Ok((group, partners))
}

fn settings_page(
    admin: &VendorAdmin,
    config: &Config,
    group: Group,
    rename: RenameForm,
    terms: TermsForm,
    errors: FormErrors,
) -> SettingsPage {
    let base = config.base_url();
    SettingsPage {
        chrome: admin.chrome(Menu::Groups),
        program_url: format!("{base}{}", program_path(&admin.vendor.slug, &group.slug)),
        join_url: format!("{base}{}", join_path(&admin.vendor.slug, &group.slug, None)),
        vendor_terms_url: admin.vendor.terms_url.clone(),
        group,
        rename,
        terms,
        errors,
    }
}
