//! A group's lead or deal pipeline: its settings, custom fields and stages,
//! and the entries partners submit through it.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::applications::queries::{Answer, Field};
use crate::db::ids::{CustomerId, EntryId, FieldId, GroupId, PartnershipId, StageId, TransactionId, UserId, VendorId};
use crate::db::schema::{
    group_pipelines, partner_groups, partnerships, pipeline_entries, pipeline_events, pipeline_fields, pipeline_stages,
};
use crate::db::states::{FieldKind, Pipeline, StageOutcome, WonAction};

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
    diesel::delete(form_fields(group, pipeline)).execute(conn)?;
    diesel::update(group_pipelines::table.find((group, pipeline)))
        .set((
            group_pipelines::title.eq(pipeline.default_title()),
            group_pipelines::description.eq(pipeline.default_description()),
        ))
        .execute(conn)?;
    Ok(())
}

#[diesel::dsl::auto_type]
fn form_fields(group: GroupId, pipeline: Pipeline) -> _ {
    pipeline_fields::table.filter(pipeline_fields::group_id.eq(group)).filter(pipeline_fields::pipeline.eq(pipeline))
}

/// The custom fields, in their order, as the application form's fields.
pub fn fields(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline) -> QueryResult<Vec<Field>> {
    form_fields(group, pipeline)
        .order((pipeline_fields::position.asc(), pipeline_fields::id.asc()))
        .select((
            pipeline_fields::id,
            pipeline_fields::label,
            pipeline_fields::kind,
            pipeline_fields::choices,
            pipeline_fields::required,
        ))
        .load::<Field>(conn)
}

pub struct NewField<'a> {
    pub label: &'a str,
    pub kind: FieldKind,
    pub choices: &'a str,
    pub required: bool,
}

pub fn add_field(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline, field: &NewField) -> QueryResult<()> {
    ensure(conn, group, pipeline)?;
    let last: Option<i32> =
        form_fields(group, pipeline).select(diesel::dsl::max(pipeline_fields::position)).first(conn)?;
    diesel::insert_into(pipeline_fields::table)
        .values((
            pipeline_fields::group_id.eq(group),
            pipeline_fields::pipeline.eq(pipeline),
            pipeline_fields::label.eq(field.label),
            pipeline_fields::kind.eq(field.kind),
            pipeline_fields::choices.eq(field.choices),
            pipeline_fields::required.eq(field.required),
            pipeline_fields::position.eq(last.map_or(0, |p| p + 1)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a field of this group's form; false when there is none.
pub fn remove_field(conn: &mut PgConnection, group: GroupId, pipeline: Pipeline, field: FieldId) -> QueryResult<bool> {
    Ok(diesel::delete(form_fields(group, pipeline).filter(pipeline_fields::id.eq(field))).execute(conn)? == 1)
}

/// Up or down one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// A field or a stage of one pipeline, to reorder.
#[derive(Debug, Clone, Copy)]
pub enum Item {
    Field(FieldId),
    Stage(StageId),
}

/// Swaps a field or stage with its neighbour; false when it is not this pipeline's.
pub fn move_item(
    conn: &mut PgConnection,
    group: GroupId,
    pipeline: Pipeline,
    item: Item,
    direction: Direction,
) -> QueryResult<bool> {
    lock_pipeline(conn, group, pipeline)?;
    let (table, ids, id) = match item {
        Item::Field(id) => ("pipeline_fields", fields(conn, group, pipeline)?.iter().map(|f| f.id.0).collect(), id.0),
        Item::Stage(id) => ("pipeline_stages", stages(conn, group, pipeline)?.iter().map(|s| s.id.0).collect(), id.0),
    };
    let Some(order) = reordered(ids, id, direction) else { return Ok(false) };
    for (position, id) in order.iter().enumerate() {
        diesel::sql_query(format!("UPDATE {table} SET position = $1 WHERE id = $2"))
            .bind::<diesel::sql_types::Integer, _>(position as i32)
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(conn)?;
    }
    Ok(true)
}

/// `order` with `item` moved one place; `None` when it is not in it.
fn reordered<T: PartialEq + Copy>(mut order: Vec<T>, item: T, direction: Direction) -> Option<Vec<T>> {
    let at = order.iter().position(|x| *x == item)?;
    let to = match direction {
        Direction::Up => at.checked_sub(1),
        Direction::Down => Some(at + 1).filter(|to| *to < order.len()),
    };
    if let Some(to) = to {
        order.swap(at, to);
    }
    Some(order)
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

/// One lead or deal as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pipeline_entries)]
pub struct Entry {
    pub id: EntryId,
    pub group_id: GroupId,
    pub partnership_id: PartnershipId,
    pub pipeline: Pipeline,
    pub stage_id: StageId,
    pub company: String,
    pub contact_name: String,
    pub contact_email: String,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub expected_close: Option<NaiveDate>,
    pub answers: serde_json::Value,
    pub duplicate_of: Option<EntryId>,
    pub customer_id: Option<CustomerId>,
    pub sale_id: Option<TransactionId>,
    pub created_at: DateTime<Utc>,
}

impl Entry {
    pub fn answers(&self) -> Vec<Answer> {
        serde_json::from_value(self.answers.clone()).unwrap_or_default()
    }
}

#[derive(Insertable)]
#[diesel(table_name = pipeline_entries)]
pub struct NewEntry {
    pub vendor_id: VendorId,
    pub group_id: GroupId,
    pub partnership_id: PartnershipId,
    pub pipeline: Pipeline,
    pub stage_id: StageId,
    pub company: String,
    pub contact_name: String,
    pub contact_email: String,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub expected_close: Option<NaiveDate>,
    pub answers: serde_json::Value,
    pub duplicate_of: Option<EntryId>,
}

/// An earlier entry of the vendor's, by another partner, for the same
/// contact email or company. Takes the vendor's pipeline lock first, so two
/// partners registering one company at once are still told apart.
pub fn earlier_claim(
    conn: &mut PgConnection,
    vendor: VendorId,
    pipeline: Pipeline,
    partnership: PartnershipId,
    email: &str,
    company: &str,
) -> QueryResult<Option<EntryId>> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('pipeline-entries:' || $1 || ':' || $2, 0))")
        .bind::<diesel::sql_types::BigInt, _>(vendor.0)
        .bind::<diesel::sql_types::Text, _>(pipeline.as_str())
        .execute(conn)?;
    let same_contact = pipeline_entries::contact_email.eq(email);
    let same_company = diesel::dsl::sql::<diesel::sql_types::Bool>("lower(company) = ")
        .bind::<diesel::sql_types::Text, _>(company.to_lowercase())
        .sql(" AND company <> ''");
    pipeline_entries::table
        .filter(pipeline_entries::vendor_id.eq(vendor))
        .filter(pipeline_entries::pipeline.eq(pipeline))
        .filter(pipeline_entries::partnership_id.ne(partnership))
        .filter(same_contact.or(same_company))
        .order(pipeline_entries::id.asc())
        .select(pipeline_entries::id)
        .first(conn)
        .optional()
}

pub fn insert_entry(
    conn: &mut PgConnection,
    entry: &NewEntry,
    actor: UserId,
    stage_name: &str,
) -> QueryResult<EntryId> {
    let id: EntryId =
        diesel::insert_into(pipeline_entries::table).values(entry).returning(pipeline_entries::id).get_result(conn)?;
    record_event(conn, id, Some(actor), &format!("Submitted, in stage {stage_name}"))?;
    Ok(id)
}

pub fn record_event(conn: &mut PgConnection, entry: EntryId, actor: Option<UserId>, what: &str) -> QueryResult<()> {
    diesel::insert_into(pipeline_events::table)
        .values((
            pipeline_events::entry_id.eq(entry),
            pipeline_events::actor_id.eq(actor),
            pipeline_events::what.eq(what),
        ))
        .execute(conn)?;
    Ok(())
}

/// A row of a list of entries, with what the lists show beside it.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub id: EntryId,
    pub company: String,
    pub contact_name: String,
    pub contact_email: String,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub duplicate_of: Option<EntryId>,
    pub created_at: DateTime<Utc>,
    pub stage: String,
    pub outcome: StageOutcome,
    pub group: String,
    pub partner: String,
}

impl Listed {
    pub fn amount(&self) -> String {
        format_amount(self.amount_cents, self.currency.as_deref())
    }

    pub fn is_duplicate(&self) -> bool {
        self.duplicate_of.is_some()
    }
}

pub fn format_amount(cents: Option<i64>, currency: Option<&str>) -> String {
    match (cents, currency.map(crate::domain::Currency::stored)) {
        (Some(cents), Some(currency)) => crate::domain::Money::new(cents, currency).format(),
        _ => String::new(),
    }
}

/// What the vendor's list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub stage: Option<String>,
    pub group: Option<GroupId>,
    pub partner: Option<PartnershipId>,
}

pub const PAGE_SIZE: i64 = 50;

#[diesel::dsl::auto_type]
fn listed_entries() -> _ {
    pipeline_entries::table
        .inner_join(pipeline_stages::table)
        .inner_join(partner_groups::table)
        .inner_join(partnerships::table)
}

fn listed_columns() -> ListedColumns {
    (
        pipeline_entries::id,
        pipeline_entries::company,
        pipeline_entries::contact_name,
        pipeline_entries::contact_email,
        pipeline_entries::amount_cents,
        pipeline_entries::currency,
        pipeline_entries::duplicate_of,
        pipeline_entries::created_at,
        pipeline_stages::name,
        pipeline_stages::outcome,
        partner_groups::name,
        partnerships::partner_name,
    )
}

type ListedColumns = (
    pipeline_entries::id,
    pipeline_entries::company,
    pipeline_entries::contact_name,
    pipeline_entries::contact_email,
    pipeline_entries::amount_cents,
    pipeline_entries::currency,
    pipeline_entries::duplicate_of,
    pipeline_entries::created_at,
    pipeline_stages::name,
    pipeline_stages::outcome,
    partner_groups::name,
    partnerships::partner_name,
);

/// The vendor's entries, newest first, a page at a time, with the total.
pub fn vendor_entries(
    conn: &mut PgConnection,
    vendor: VendorId,
    pipeline: Pipeline,
    filter: &Filter,
    page: i64,
) -> QueryResult<(Vec<Listed>, i64)> {
    let query = || {
        let mut query = listed_entries()
            .filter(pipeline_entries::vendor_id.eq(vendor))
            .filter(pipeline_entries::pipeline.eq(pipeline))
            .into_boxed();
        if let Some(stage) = &filter.stage {
            query = query.filter(pipeline_stages::name.eq(stage.clone()));
        }
        if let Some(group) = filter.group {
            query = query.filter(pipeline_entries::group_id.eq(group));
        }
        if let Some(partner) = filter.partner {
            query = query.filter(pipeline_entries::partnership_id.eq(partner));
        }
        query
    };
    let total: i64 = query().count().get_result(conn)?;
    let rows = query()
        .order((pipeline_entries::created_at.desc(), pipeline_entries::id.desc()))
        .limit(PAGE_SIZE)
        .offset(page.saturating_sub(1).saturating_mul(PAGE_SIZE))
        .select(listed_columns())
        .load(conn)?;
    Ok((rows, total))
}

/// A partner's own entries, newest first (at most 200).
pub fn partner_entries(
    conn: &mut PgConnection,
    partnership: PartnershipId,
    pipeline: Pipeline,
) -> QueryResult<Vec<Listed>> {
    listed_entries()
        .filter(pipeline_entries::partnership_id.eq(partnership))
        .filter(pipeline_entries::pipeline.eq(pipeline))
        .order((pipeline_entries::created_at.desc(), pipeline_entries::id.desc()))
        .limit(200)
        .select(listed_columns())
        .load(conn)
}

/// The distinct stage names of the vendor's pipelines, for the filter.
pub fn stage_names(conn: &mut PgConnection, vendor: VendorId, pipeline: Pipeline) -> QueryResult<Vec<String>> {
    pipeline_stages::table
        .inner_join(partner_groups::table)
        .filter(partner_groups::vendor_id.eq(vendor))
        .filter(pipeline_stages::pipeline.eq(pipeline))
        .select(pipeline_stages::name)
        .distinct()
        .order(pipeline_stages::name.asc())
        .load(conn)
}

/// The vendor's entry `id`, locked for a change when `for_update`.
pub fn entry(
    conn: &mut PgConnection,
    vendor: VendorId,
    pipeline: Pipeline,
    id: EntryId,
    for_update: bool,
) -> QueryResult<Option<Entry>> {
    let query = pipeline_entries::table
        .filter(pipeline_entries::id.eq(id))
        .filter(pipeline_entries::vendor_id.eq(vendor))
        .filter(pipeline_entries::pipeline.eq(pipeline))
        .select(Entry::as_select());
    if for_update { query.for_update().first(conn).optional() } else { query.first(conn).optional() }
}

/// What an entry's page shows about where it stands.
pub struct Details {
    pub partner: String,
    pub group: String,
    pub customer: Option<String>,
    /// The earlier entry for the same contact or company, and its partner.
    pub earlier: Option<(EntryId, String)>,
}

pub fn entry_details(conn: &mut PgConnection, entry: &Entry) -> QueryResult<Details> {
    use crate::db::schema::customers;
    let partner = partnerships::table.find(entry.partnership_id).select(partnerships::partner_name).first(conn)?;
    let group = partner_groups::table.find(entry.group_id).select(partner_groups::name).first(conn)?;
    let customer = match entry.customer_id {
        Some(id) => Some(customers::table.find(id).select(customers::external_id).first(conn)?),
        None => None,
    };
    let earlier = match entry.duplicate_of {
        Some(id) => pipeline_entries::table
            .inner_join(partnerships::table)
            .filter(pipeline_entries::id.eq(id))
            .select((pipeline_entries::id, partnerships::partner_name))
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(Details { partner, group, customer, earlier })
}

/// The partners with an entry in the vendor's pipeline, for the filter.
pub fn submitting_partners(
    conn: &mut PgConnection,
    vendor: VendorId,
    pipeline: Pipeline,
) -> QueryResult<Vec<(PartnershipId, String)>> {
    pipeline_entries::table
        .inner_join(partnerships::table)
        .filter(pipeline_entries::vendor_id.eq(vendor))
        .filter(pipeline_entries::pipeline.eq(pipeline))
        .select((partnerships::id, partnerships::partner_name))
        .distinct()
        .order((partnerships::partner_name.asc(), partnerships::id.asc()))
        .load(conn)
}

/// One event of an entry's history.
#[derive(Debug, Clone, Queryable)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub what: String,
    pub actor: Option<String>,
}

pub fn history(conn: &mut PgConnection, entry: EntryId) -> QueryResult<Vec<Event>> {
    use crate::db::schema::users;
    pipeline_events::table
        .left_join(users::table.on(pipeline_events::actor_id.eq(users::id.nullable())))
        .filter(pipeline_events::entry_id.eq(entry))
        .order(pipeline_events::id.asc())
        .select((pipeline_events::at, pipeline_events::what, users::name.nullable()))
        .load(conn)
}

pub fn set_stage(conn: &mut PgConnection, entry: EntryId, stage: StageId) -> QueryResult<()> {
    diesel::update(pipeline_entries::table.find(entry))
        .set((pipeline_entries::stage_id.eq(stage), pipeline_entries::updated_at.eq(diesel::dsl::now)))
        .execute(conn)?;
    Ok(())
}

pub fn set_customer(
    conn: &mut PgConnection,
    entry: EntryId,
    customer: CustomerId,
    sale: Option<TransactionId>,
) -> QueryResult<()> {
    diesel::update(pipeline_entries::table.find(entry))
        .set((pipeline_entries::customer_id.eq(customer), pipeline_entries::sale_id.eq(sale)))
        .execute(conn)?;
    Ok(())
}

/// Whether the vendor has any lead or deal in `group` (a group with some is not deleted).
pub fn group_has_entries(conn: &mut PgConnection, group: GroupId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(pipeline_entries::table.filter(pipeline_entries::group_id.eq(group))))
        .get_result(conn)
}

#[cfg(test)]
mod tests {
    use super::{Direction, reordered};

    #[test]
    fn an_item_moves_one_place_and_stays_put_at_either_end() {
        assert_eq!(reordered(vec![1, 2, 3], 2, Direction::Up), Some(vec![2, 1, 3]));
        assert_eq!(reordered(vec![1, 2, 3], 2, Direction::Down), Some(vec![1, 3, 2]));
        assert_eq!(reordered(vec![1, 2, 3], 1, Direction::Up), Some(vec![1, 2, 3]));
        assert_eq!(reordered(vec![1, 2, 3], 3, Direction::Down), Some(vec![1, 2, 3]));
        assert_eq!(reordered(vec![1, 2, 3], 9, Direction::Up), None);
    }
}
