//! A group's pipeline as the vendor sets it up: its settings and stages
//! (its custom fields are the form builder's).

use diesel::prelude::*;

use crate::db::ids::{GroupId, StageId};
use crate::db::schema::{group_pipelines, pipeline_entries, pipeline_stages};
use crate::db::states::{Pipeline, StageOutcome, WonAction};
use crate::form_builder;
use crate::form_builder::queries::{Direction, reordered};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = group_pipelines)]
pub struct Settings {
    pub enabled: bool,
    pub title: String,
    pub description: String,
    pub won_action: WonAction,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pipeline_stages)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub outcome: StageOutcome,
}

impl Stage {
    pub fn is_won(&self) -> bool {
        self.outcome == StageOutcome::Won
    }

    pub fn outcome_is(&self, outcome: &str) -> bool {
        self.outcome.as_str() == outcome
    }
}

impl StageOutcome {
    pub fn label(self) -> &'static str {
        match self {
            StageOutcome::Open => "Open",
            StageOutcome::Won => "Won",
            StageOutcome::Lost => "Lost",
        }
    }
}

/// Creates the group's pipeline with its default form and stages unless it
/// exists, and returns its settings.
pub fn ensure(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline) -> QueryResult<Settings> {
    let created = diesel::insert_into(group_pipelines::table)
        .values((
            group_pipelines::group_id.eq(group),
            group_pipelines::pipeline.eq(pipeline),
            group_pipelines::title.eq(pipeline.default_title()),
            group_pipelines::description.eq(pipeline.default_description()),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if created == 1 {
        for (position, (name, outcome)) in pipeline.default_stages().iter().enumerate() {
            insert_stage(conn, group, pipeline, name, *outcome, position as i32)?;
        }
    }
    group_pipelines::table.find((group, pipeline)).select(Settings::as_select()).first(conn)
}

pub fn save_settings(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    settings: &Settings,
) -> QueryResult<()> {
    ensure(conn, group, pipeline)?;
    diesel::update(group_pipelines::table.find((group, pipeline)))
        .set((
            group_pipelines::enabled.eq(settings.enabled),
            group_pipelines::title.eq(&settings.title),
            group_pipelines::description.eq(&settings.description),
            group_pipelines::won_action.eq(settings.won_action),
        ))
        .execute(conn)?;
    Ok(())
}

/// Back to the default form: no custom fields, the default title and
/// description. The switch, the stages and the entries stay.
pub fn reset_form(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline) -> QueryResult<()> {
    ensure(conn, group, pipeline)?;
    form_builder::queries::clear(conn, group, pipeline.into())?;
    diesel::update(group_pipelines::table.find((group, pipeline)))
        .set((
            group_pipelines::title.eq(pipeline.default_title()),
            group_pipelines::description.eq(pipeline.default_description()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves a stage one place; false when it is not this pipeline's.
pub fn move_stage(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    stage: StageId,
    direction: Direction,
) -> QueryResult<bool> {
    lock_pipeline(conn, group, pipeline)?;
    let ids = stages(conn, group, pipeline)?.iter().map(|s| s.id).collect();
    let Some(order) = reordered(ids, stage, direction) else { return Ok(false) };
    for (position, id) in order.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        diesel::update(pipeline_stages::table.find(id)).set(pipeline_stages::position.eq(position)).execute(conn)?;
    }
    Ok(true)
}

/// Reorders, renames and removals of one pipeline wait for each other.
fn lock_pipeline(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline) -> QueryResult<()> {
    group_pipelines::table.find((group, pipeline)).select(group_pipelines::enabled).for_update().first::<bool>(conn)?;
    Ok(())
}

#[diesel::dsl::auto_type]
fn pipeline_stages_of(group: GroupId, pipeline: Pipeline) -> _ {
    pipeline_stages::table.filter(pipeline_stages::group_id.eq(group)).filter(pipeline_stages::pipeline.eq(pipeline))
}

pub fn stages(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline) -> QueryResult<Vec<Stage>> {
    pipeline_stages_of(group, pipeline)
        .order((pipeline_stages::position.asc(), pipeline_stages::id.asc()))
        .select(Stage::as_select())
        .load(conn)
}

fn insert_stage(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    name: &str,
    outcome: StageOutcome,
    position: i32,
) -> QueryResult<()> {
    diesel::insert_into(pipeline_stages::table)
        .values((
            pipeline_stages::group_id.eq(group),
            pipeline_stages::pipeline.eq(pipeline),
            pipeline_stages::name.eq(name),
            pipeline_stages::outcome.eq(outcome),
            pipeline_stages::position.eq(position),
        ))
        .execute(conn)?;
    Ok(())
}

/// Why a stage change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageProblem {
    NameTaken,
    HoldsEntries(i64),
    LastStage,
    NotFound,
}

fn name_taken(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    name: &str,
    except: Option<StageId>,
) -> QueryResult<bool> {
    let lower = name.to_lowercase();
    let names: Vec<(StageId, String)> =
        pipeline_stages_of(group, pipeline).select((pipeline_stages::id, pipeline_stages::name)).load(conn)?;
    Ok(names.iter().any(|(id, n)| Some(*id) != except && n.to_lowercase() == lower))
}

pub fn add_stage(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    name: &str,
    outcome: StageOutcome,
) -> QueryResult<Result<(), StageProblem>> {
    ensure(conn, group, pipeline)?;
    lock_pipeline(conn, group, pipeline)?;
    if name_taken(conn, group, pipeline, name, None)? {
        return Ok(Err(StageProblem::NameTaken));
    }
    let last: Option<i32> =
        pipeline_stages_of(group, pipeline).select(diesel::dsl::max(pipeline_stages::position)).first(conn)?;
    insert_stage(conn, group, pipeline, name, outcome, last.map_or(0, |p| p + 1))?;
    Ok(Ok(()))
}

pub fn rename_stage(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    stage: StageId,
    name: &str,
    outcome: StageOutcome,
) -> QueryResult<Result<(), StageProblem>> {
    lock_pipeline(conn, group, pipeline)?;
    if name_taken(conn, group, pipeline, name, Some(stage))? {
        return Ok(Err(StageProblem::NameTaken));
    }
    let changed = diesel::update(pipeline_stages_of(group, pipeline).filter(pipeline_stages::id.eq(stage)))
        .set((pipeline_stages::name.eq(name), pipeline_stages::outcome.eq(outcome)))
        .execute(conn)?;
    Ok(if changed == 1 { Ok(()) } else { Err(StageProblem::NotFound) })
}

/// Removes a stage that holds no entry; the pipeline keeps at least one.
pub fn remove_stage(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    stage: StageId,
) -> QueryResult<Result<(), StageProblem>> {
    lock_pipeline(conn, group, pipeline)?;
    let all = stages(conn, group, pipeline)?;
    if !all.iter().any(|s| s.id == stage) {
        return Ok(Err(StageProblem::NotFound));
    }
    if all.len() == 1 {
        return Ok(Err(StageProblem::LastStage));
    }
    let held: i64 = pipeline_entries::table.filter(pipeline_entries::stage_id.eq(stage)).count().get_result(conn)?;
    if held > 0 {
        return Ok(Err(StageProblem::HoldsEntries(held)));
    }
    diesel::delete(pipeline_stages::table.find(stage)).execute(conn)?;
    Ok(Ok(()))
}
