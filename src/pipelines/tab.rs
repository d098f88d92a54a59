//! A group's *Lead submission* and *Deal registration* tabs: the switch,
//! title and description, the custom fields and the stages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::forms::{StageForm, TabForm};
use super::pages::PipelineTab;
use super::queries::{self, StageProblem};
use crate::db::ids::{GroupId, StageId};
use crate::db::states::{GroupForm, Pipeline, WonAction};
use crate::db::{self, DbPool};
use crate::form_builder::forms::{FieldForm, MoveForm};
use crate::form_builder::{self, App, FieldsEditor, FormTab};
use crate::groups::{self, GroupPath, ResetFormPage, group_path};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    for tab in [
        "/vendor/{vendor_slug}/groups/{group_id}/lead-submission",
        "/vendor/{vendor_slug}/groups/{group_id}/deal-registration",
    ] {
        tab_routes(cfg, tab);
    }
}

fn tab_routes(cfg: &mut web::ServiceConfig, tab: &str) {
    cfg.route(tab, web::get().to(show))
        .route(tab, web::post().to(save))
        .route(&format!("{tab}/reset"), web::get().to(confirm_reset))
        .route(&format!("{tab}/reset"), web::post().to(reset))
        .configure(|cfg| form_builder::routes::<PipelineFormTab>(cfg, tab))
        .route(&format!("{tab}/stages"), web::post().to(add_stage))
        .route(&format!("{tab}/stages/{{stage_id}}"), web::post().to(rename_stage))
        .route(&format!("{tab}/stages/{{stage_id}}/move"), web::post().to(move_stage))
        .route(&format!("{tab}/stages/{{stage_id}}/delete"), web::post().to(remove_stage));
}

fn tab_path(admin: &VendorAdmin, group: GroupId, pipeline: Pipeline) -> String {
    format!("{}/{}", group_path(&admin.vendor.slug, group), pipeline.tab_slug())
}

/// The Lead submission and Deal registration tabs, as the form builder sees them.
pub struct PipelineFormTab;

impl FormTab for PipelineFormTab {
    fn form(req: &HttpRequest) -> Option<GroupForm> {
        req.match_pattern().as_deref().and_then(Pipeline::of_pattern).map(GroupForm::from)
    }

    async fn again(
        admin: VendorAdmin,
        form: GroupForm,
        group: GroupId,
        typed: FieldForm,
        errors: FormErrors,
        app: App,
    ) -> Result<HttpResponse, AppError> {
        let pipeline = form.pipeline().ok_or(AppError::NotFound)?;
        let typed = Typed { field: typed, ..Typed::default() };
        tab(admin, pipeline, &app.pool, group, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await
    }
}

/// What the tab shows besides the saved state: forms being retyped.
#[derive(Default)]
struct Typed {
    settings: Option<TabForm>,
    field: FieldForm,
    stage: StageForm,
}

pub async fn show(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    tab(admin, pipeline, &pool, path.1, Typed::default(), FormErrors::new(), StatusCode::OK).await
}

async fn tab(
    admin: VendorAdmin,
    pipeline: Pipeline,
    pool: &DbPool,
    group: GroupId,
    typed: Typed,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(pool, admin.vendor.id, group).await?;
    let id = group.id;
    let (settings, fields, stages) = db::transaction(pool, move |conn| {
        let settings = queries::ensure(conn, id, pipeline)?;
        let fields = form_builder::queries::fields(conn, id, pipeline.into())?;
        Ok((settings, fields, queries::stages(conn, id, pipeline)?))
    })
    .await?;
    let form = typed.settings.unwrap_or_else(|| TabForm::of(&settings));
    let action = format!("{}/fields", tab_path(&admin, group.id, pipeline));
    let page = PipelineTab {
        chrome: admin.chrome(Menu::Groups),
        tab: pipeline.tab(),
        group,
        pipeline,
        form,
        editor: FieldsEditor { fields, typed: typed.field, action, noun: "Field", empty: "No custom fields." },
        stages,
        stage_form: typed.stage,
        errors,
    };
    render_status(&page, status)
}

pub async fn save(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: GroupPath,
    form: web::Form<TabForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let form = form.into_inner();
    let mut settings = match form.parse() {
        Ok(settings) => settings,
        Err(errors) => {
            let typed = Typed { settings: Some(form), ..Typed::default() };
            return tab(admin, pipeline, &pool, group.id, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if pipeline == Pipeline::Leads {
        settings.won_action = WonAction::Mark;
    }
    let enabled = settings.enabled;
    db::transaction(&pool, move |conn| Ok(queries::save_settings(conn, group.id, pipeline, &settings)?)).await?;
    admin.session.flash(Flash::success(match enabled {
        true => format!("{} is on: {}'s partners see it in their partner center.", pipeline.tab_name(), group.name),
        false => format!("{} is off for {}.", pipeline.tab_name(), group.name),
    }));
    Ok(see_other(&tab_path(&admin, group.id, pipeline)))
}

pub async fn confirm_reset(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let id = group.id;
    let fields =
        db::run(&pool, move |conn| Ok(form_builder::queries::fields(conn, id, pipeline.into())?.len())).await?;
    let keeps = "Whether it is on, its stages and what partners already sent stay as they are.";
    let tab_path = tab_path(&admin, group.id, pipeline);
    render(&ResetFormPage { chrome: admin.chrome(Menu::Groups), group, noun: pipeline.noun(), fields, tab_path, keeps })
}

pub async fn reset(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: GroupPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    db::transaction(&pool, move |conn| Ok(queries::reset_form(conn, group.id, pipeline)?)).await?;
    admin.session.flash(Flash::success(format!(
        "The {} form is back to its default: no custom fields, the default title and description.",
        pipeline.noun()
    )));
    Ok(see_other(&tab_path(&admin, group.id, pipeline)))
}

type StagePath = web::Path<(String, GroupId, StageId)>;

pub async fn add_stage(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: GroupPath,
    form: web::Form<StageForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let group = groups::load(&pool, admin.vendor.id, path.1).await?;
    let form = form.into_inner();
    let (name, outcome) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => {
            let typed = Typed { stage: form, ..Typed::default() };
            return tab(admin, pipeline, &pool, group.id, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let id = group.id;
    let added = name.clone();
    match db::transaction(&pool, move |conn| Ok(queries::add_stage(conn, id, pipeline, &added, outcome)?)).await? {
        Ok(()) => {
            admin.session.flash(Flash::success(format!("Stage “{name}” added.")));
            Ok(see_other(&format!("{}#stages", tab_path(&admin, group.id, pipeline))))
        }
        Err(problem) => {
            let typed = Typed { stage: form, ..Typed::default() };
            let errors = stage_errors(&problem, pipeline, "stage_name");
            tab(admin, pipeline, &pool, group.id, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The message for a refused stage change, under `field`.
fn stage_errors(problem: &StageProblem, pipeline: Pipeline, field: &str) -> FormErrors {
    let message = match problem {
        StageProblem::NameTaken => "Another stage already has this name.".to_string(),
        StageProblem::HoldsEntries(n) => format!(
            "This stage holds {n} {}{}: move them to another stage first.",
            pipeline.noun(),
            if *n == 1 { "" } else { "s" }
        ),
        StageProblem::LastStage => "A pipeline keeps at least one stage.".to_string(),
        StageProblem::NotFound => "That stage is gone.".to_string(),
    };
    let mut errors = FormErrors::new();
    errors.add(field, message);
    errors
}

pub async fn rename_stage(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: StagePath,
    form: web::Form<StageForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (_, group, stage) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, group).await?;
    let id = group.id;
    let renamed = match form.parse() {
        Ok((name, outcome)) => {
            db::transaction(&pool, move |conn| Ok(queries::rename_stage(conn, id, pipeline, stage, &name, outcome)?))
                .await?
                .map_err(|problem| stage_errors(&problem, pipeline, "stages"))
        }
        Err(errors) => Err(errors),
    };
    match renamed {
        Ok(()) => {
            admin.session.flash(Flash::success(format!("Stage “{}” saved.", form.name.trim())));
            Ok(see_other(&format!("{}#stages", tab_path(&admin, group.id, pipeline))))
        }
        Err(errors) => {
            // The rename form is one row of the list: its message goes above the list.
            let mut shown = FormErrors::new();
            let message =
                errors.get("stages").or(errors.get("stage_name")).or(errors.get("outcome")).unwrap_or_default();
            shown.add("stages", format!("“{}”: {message}", form.name.trim()));
            tab(admin, pipeline, &pool, group.id, Typed::default(), shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn move_stage(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: StagePath,
    form: web::Form<MoveForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (_, group, stage) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, group).await?.id;
    let direction = form.direction().ok_or_else(|| AppError::BadRequest("Move up or down.".into()))?;
    if !db::transaction(&pool, move |conn| Ok(queries::move_stage(conn, group, pipeline, stage, direction)?)).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("{}#stages", tab_path(&admin, group, pipeline))))
}

pub async fn remove_stage(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: StagePath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (_, group, stage) = path.into_inner();
    let group = groups::load(&pool, admin.vendor.id, group).await?;
    let id = group.id;
    match db::transaction(&pool, move |conn| Ok(queries::remove_stage(conn, id, pipeline, stage)?)).await? {
        Ok(()) => {
            admin.session.flash(Flash::success("Stage removed."));
            Ok(see_other(&format!("{}#stages", tab_path(&admin, group.id, pipeline))))
        }
        Err(StageProblem::NotFound) => Err(AppError::NotFound),
        Err(problem) => {
            let errors = stage_errors(&problem, pipeline, "stages");
            tab(admin, pipeline, &pool, group.id, Typed::default(), errors, StatusCode::CONFLICT).await
        }
    }
}
