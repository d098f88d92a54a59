//! The group's Application tab.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::forms::SettingsForm;
use super::pages::ApplicationTab;
use super::queries;
use crate::config::Config;
use crate::db::ids::GroupId;
use crate::db::states::GroupForm;
use crate::db::{self, DbPool};
use crate::form_builder::forms::FieldForm;
use crate::form_builder::{self, App, FieldsEditor, FormTab};
use crate::groups::{self, GroupPath, ResetFormPage, group_path, join_path};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

fn tab_path(admin: &VendorAdmin, group: GroupId) -> String {
    format!("{}/application", group_path(&admin.vendor.slug, group))
}

/// The Application tab, as the form builder sees it.
pub struct ApplicationFormTab;

impl FormTab for ApplicationFormTab {
    fn form(_: &HttpRequest) -> Option<GroupForm> {
        Some(GroupForm::Application)
    }

    async fn again(
        admin: VendorAdmin,
        _: GroupForm,
        group: GroupId,
        typed: FieldForm,
        errors: FormErrors,
        app: App,
    ) -> Result<HttpResponse, AppError> {
        let forms = Forms { settings: None, field: typed };
        tab(admin, &app.pool, &app.config, group, forms, errors, StatusCode::UNPROCESSABLE_ENTITY).await
    }
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

pub async fn confirm_reset(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let id = group.id;
    let fields =
        db::run(&pool, move |conn| Ok(form_builder::queries::fields(conn, id, GroupForm::Application)?.len())).await?;
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
        let fields = form_builder::queries::fields(conn, group.id, GroupForm::Application)?;
        Ok((group, fields))
    })
    .await?;
    let join_url = format!("{}{}", config.base_url(), join_path(&admin.vendor.slug, &group.slug, None));
    let settings = forms.settings.unwrap_or_else(|| SettingsForm {
        enabled: group.application_enabled.then(|| "on".to_string()),
        title: group.application_title.clone(),
        description: group.application_description.clone(),
    });
    let action = format!("{}/fields", tab_path(&admin, group.id));
    let page = ApplicationTab {
        chrome: admin.chrome(Menu::Groups),
        group,
        settings,
        editor: FieldsEditor {
            fields,
            typed: forms.field,
            action,
            noun: "Question",
            empty: "No questions yet: applicants only confirm they want to join.",
        },
        errors,
        join_url,
    };
    render_status(&page, status)
}
