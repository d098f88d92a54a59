//! The group's Application tab.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::{FieldForm, SettingsForm};
use super::pages::ApplicationTab;
use super::queries;
use crate::config::Config;
use crate::db::ids::{FieldId, GroupId};
use crate::db::{self, DbPool};
use crate::groups::{self, GroupPath, ResetFormPage, group_path, join_path};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

fn tab_path(admin: &VendorAdmin, group: GroupId) -> String {
    format!("{}/application", group_path(&admin.vendor.slug, group))
}

pub async fn show(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    tab(admin, &pool, &config, path.1, Forms::default(), FormErrors::new(), StatusCode::OK).await
}

pub async fn save(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<SettingsForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let form = form.into_inner();
    let settings = match form.parse() {
        Ok(settings) => settings,
        Err(errors) => {
            let forms = Forms { settings: Some(form), field: FieldForm::default() };
            return tab(admin, &pool, &config, group.id, forms, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let enabled = settings.enabled;
    db::run(&pool, move |conn| {
        Ok(queries::save_settings(conn, group.id, settings.enabled, &settings.title, &settings.description)?)
    })
    .await?;
    admin.session.flash(Flash::success(if enabled {
        "The application form is on: people joining through the join link apply and wait for your approval."
    } else {
        "The application form is off: people joining through the join link become partners at once."
    }));
    Ok(see_other(&tab_path(&admin, group.id)))
}

pub async fn add_field(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<FieldForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let form = form.into_inner();
    let field = match form.parse() {
        Ok(field) => field,
        Err(errors) => {
            let forms = Forms { settings: None, field: form };
            return tab(admin, &pool, &config, group.id, forms, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    db::run(&pool, move |conn| {
        Ok(queries::add_field(conn, group.id, &field.label, field.kind, &field.choices, field.required)?)
    })
    .await?;
    admin.session.flash(Flash::success("Question added."));
    Ok(see_other(&tab_path(&admin, group.id)))
}

pub async fn delete_field(
    admin: VendorAdmin,
    path: web::Path<(String, GroupId, FieldId)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (_, group_id, field) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, group_id).await?;
    let deleted = db::run(&pool, move |conn| Ok(queries::delete_field(conn, group.id, field)?)).await?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success("Question removed. Answers already given keep it."));
    Ok(see_other(&tab_path(&admin, group.id)))
}

pub async fn confirm_reset(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let id = group.id;
    let fields = db::run(&pool, move |conn| Ok(queries::fields(conn, id)?.len())).await?;
    let keeps = "Whether the form is on, and the applications already sent, stay as they are.";
    let tab_path = tab_path(&admin, group.id);
    render(&ResetFormPage { chrome: admin.chrome(Menu::Groups), group, noun: "application", fields, tab_path, keeps })
}

/// Back to the default form: no questions, no title or description.
pub async fn reset(admin: VendorAdmin, path: GroupPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let enabled = group.application_enabled;
    db::transaction(&pool, move |conn| Ok(queries::reset_form(conn, group.id, enabled)?)).await?;
    admin
        .session
        .flash(Flash::success("The application form is back to its default: no questions, no title or description."));
    Ok(see_other(&tab_path(&admin, group.id)))
}

/// What the two forms of the tab show: as typed after an error, else as saved.
#[derive(Default)]
struct Forms {
    settings: Option<SettingsForm>,
    field: FieldForm,
}

async fn tab(
    admin: VendorAdmin,
    pool: &DbPool,
    config: &Config,
    group: GroupId,
    forms: Forms,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let (group, fields) = db::run(pool, move |conn| {
        let group = groups::queries::find(conn, vendor, group)?;
        let fields = queries::fields(conn, group.id)?;
        Ok((group, fields))
    })
    .await?;
    let join_url = format!("{}{}", config.base_url(), join_path(&admin.vendor.slug, &group.slug, None));
    let settings = forms.settings.unwrap_or_else(|| SettingsForm {
        enabled: group.application_enabled.then(|| "on".to_string()),
        title: group.application_title.clone(),
        description: group.application_description.clone(),
    });
    let page = ApplicationTab {
        chrome: admin.chrome(Menu::Groups),
        group,
        settings,
        fields,
        field_form: forms.field,
        errors,
        join_url,
    };
    render_status(&page, status)
}
