//! The group's Application tab.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::queries::{self, Field, KINDS};
use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::ids::GroupId;
use crate::db::{self, DbPool};
use crate::groups::queries::Group;
use crate::groups::{self, group_path};
use crate::web::{AppError, Chrome, Flash, FormErrors, render_status, see_other, text};

type GroupPath = web::Path<(String, i64)>;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    enabled: Option<String>,
    title: String,
    description: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct FieldForm {
    label: String,
    kind: String,
    choices: String,
    required: Option<String>,
}

#[derive(Template)]
#[template(path = "applications/tab.html")]
struct ApplicationTab {
    chrome: Chrome,
    group: Group,
    settings: SettingsForm,
    fields: Vec<Field>,
    field_form: FieldForm,
    errors: FormErrors,
    join_url: String,
}

impl ApplicationTab {
    fn kinds(&self) -> &'static [(&'static str, &'static str)] {
        &KINDS
    }
}

fn tab_path(admin: &VendorAdmin, group: GroupId) -> String {
    format!("{}/application", group_path(&admin.vendor.slug, group))
}

pub async fn show(
    admin: VendorAdmin,
    path: GroupPath,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    tab(admin, &pool, &config, GroupId(path.1), Forms::default(), FormErrors::new(), StatusCode::OK).await
}

pub async fn save(
    admin: VendorAdmin,
    path: GroupPath,
    form: web::Form<SettingsForm>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, GroupId(path.1)).await?;
    let form = form.into_inner();
    let mut errors = FormErrors::new();
    let title = errors.check("title", text::optional(&form.title, 150));
    let description = errors.check("description", text::optional(&form.description, 2000));
    let (Some(title), Some(description)) = (title, description) else {
        let forms = Forms { settings: Some(form), field: FieldForm::default() };
        return tab(admin, &pool, &config, group.id, forms, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let enabled = form.enabled.is_some();
    db::run(&pool, move |conn| Ok(queries::save_settings(conn, group.id, enabled, &title, &description)?)).await?;
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
    let group = groups::load(&pool, admin.vendor.id, GroupId(path.1)).await?;
    let form = form.into_inner();
    let mut errors = FormErrors::new();
    let label = errors.check("label", text::required(&form.label, "the question", 200));
    if !KINDS.iter().any(|(kind, _)| *kind == form.kind) {
        errors.add("kind", "Choose a type.");
    }
    let choices = form.choices.lines().map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join("\n");
    if form.kind == "choice" && choices.is_empty() {
        errors.add("choices", "Give the choices, one per line.");
    }
    let Some(label) = label.filter(|_| errors.is_empty()) else {
        let forms = Forms { settings: None, field: form };
        return tab(admin, &pool, &config, group.id, forms, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let (kind, required) = (form.kind.clone(), form.required.is_some());
    db::run(&pool, move |conn| Ok(queries::add_field(conn, group.id, &label, &kind, &choices, required)?)).await?;
    admin.session.flash(Flash::success("Question added."));
    Ok(see_other(&tab_path(&admin, group.id)))
}

pub async fn delete_field(
    admin: VendorAdmin,
    path: web::Path<(String, i64, i64)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (_, group_id, field) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, GroupId(group_id)).await?;
    let deleted = db::run(&pool, move |conn| Ok(queries::delete_field(conn, group.id, field)?)).await?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success("Question removed. Answers already given keep it."));
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
    let join_url = format!("{}/join/{}/{}", config.base_url(), admin.vendor.slug, group.slug);
    let settings = forms.settings.unwrap_or_else(|| SettingsForm {
        enabled: group.application_enabled.then(|| "on".to_string()),
        title: group.application_title.clone(),
        description: group.application_description.clone(),
    });
    let page = ApplicationTab {
        chrome: admin.chrome("groups"),
        group,
        settings,
        fields,
        field_form: forms.field,
        errors,
        join_url,
    };
    render_status(&page, status)
}
