//! The leads and deals partners submit: stored, listed, moved between
//! stages, and their history.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::ids::{CustomerId, EntryId, GroupId, PartnershipId, StageId, TransactionId, UserId, VendorId};
use crate::db::schema::{partner_groups, partnerships, pipeline_entries, pipeline_events, pipeline_stages};
use crate::db::states::{Pipeline, StageOutcome};
use crate::form_builder::Answer;

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
