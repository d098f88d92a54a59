//! Application forms (a group's questions) and the applications sent.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::{ApplicationId, GroupId, PartnershipId, UserId, VendorId};
use crate::db::schema::{applications, partner_groups, users};
use crate::db::states::{ApplicationStatus, GroupForm};
use crate::form_builder::{self, Answer};
use crate::partners::queries as partners;

/// Removes every question and the title and description; `enabled` stays.
pub fn reset_form(conn: &mut PgConnection, group: GroupId, enabled: bool) -> QueryResult<()> {
    form_builder::queries::clear(conn, group, GroupForm::Application)?;
    save_settings(conn, group, enabled, "", "")
}

pub fn save_settings(
    conn: &mut PgConnection,
    group: GroupId,
    enabled: bool,
    title: &str,
    description: &str,
) -> QueryResult<()> {
    diesel::update(partner_groups::table.find(group))
        .set((
            partner_groups::application_enabled.eq(enabled),
            partner_groups::application_title.eq(title),
            partner_groups::application_description.eq(description),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: ApplicationId,
    pub group_id: GroupId,
    pub user_id: UserId,
    pub parent_id: Option<PartnershipId>,
    pub answers: serde_json::Value,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

impl Application {
    pub fn answer_list(&self) -> Vec<Answer> {
        serde_json::from_value(self.answers.clone()).unwrap_or_default()
    }
}

/// A submitted application waiting for the vendor.
pub struct NewApplication {
    pub vendor: VendorId,
    pub group: GroupId,
    pub user: UserId,
    pub parent: Option<PartnershipId>,
    pub answers: Vec<Answer>,
}

pub fn submit(conn: &mut PgConnection, new: &NewApplication) -> QueryResult<()> {
    let answers = serde_json::to_value(&new.answers).unwrap_or_default();
    diesel::insert_into(applications::table)
        .values((
            applications::vendor_id.eq(new.vendor),
            applications::group_id.eq(new.group),
            applications::user_id.eq(new.user),
            applications::parent_id.eq(new.parent),
            applications::answers.eq(answers),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn has_pending(conn: &mut PgConnection, vendor: VendorId, user: UserId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        applications::table
            .filter(applications::vendor_id.eq(vendor))
            .filter(applications::user_id.eq(user))
            .filter(applications::status.eq(ApplicationStatus::Pending)),
    ))
    .get_result(conn)
}

/// An application with who sent it and where to.
pub struct ApplicationRow {
    pub application: Application,
    pub name: String,
    pub email: String,
    pub group_name: String,
}

pub fn list(conn: &mut PgConnection, vendor: VendorId, status: ApplicationStatus) -> QueryResult<Vec<ApplicationRow>> {
    let rows: Vec<(Application, String, String, String)> = applications::table
        .inner_join(users::table)
        .inner_join(partner_groups::table)
        .filter(applications::vendor_id.eq(vendor))
        .filter(applications::status.eq(status))
        .order(applications::created_at.desc())
        .limit(500)
        .select((Application::as_select(), users::name, users::email, partner_groups::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(application, name, email, group_name)| ApplicationRow { application, name, email, group_name })
        .collect())
}

/// The vendor's application with `id`, if it is still pending; locked
/// until the transaction ends, so it is decided once.
pub fn pending(conn: &mut PgConnection, vendor: VendorId, id: ApplicationId) -> QueryResult<Option<Application>> {
    applications::table
        .filter(applications::vendor_id.eq(vendor))
        .filter(applications::id.eq(id))
        .filter(applications::status.eq(ApplicationStatus::Pending))
        .select(Application::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Marks a pending application of the vendor decided; `None` if it is
/// another vendor's, or no longer pending.
pub fn decide(
    conn: &mut PgConnection,
    vendor: VendorId,
    id: ApplicationId,
    status: ApplicationStatus,
    reason: &str,
    by: UserId,
) -> QueryResult<Option<Application>> {
    diesel::update(
        applications::table
            .filter(applications::vendor_id.eq(vendor))
            .filter(applications::id.eq(id))
            .filter(applications::status.eq(ApplicationStatus::Pending)),
    )
    .set((
        applications::status.eq(status),
        applications::reason.eq(reason),
        applications::decided_at.eq(diesel::dsl::now),
        applications::decided_by.eq(by),
    ))
    .returning(Application::as_returning())
    .get_result(conn)
    .optional()
}

pub fn record_partnership(conn: &mut PgConnection, id: ApplicationId, partnership: PartnershipId) -> QueryResult<()> {
    diesel::update(applications::table.find(id)).set(applications::partnership_id.eq(partnership)).execute(conn)?;
    Ok(())
}

/// Whether the vendor has an application with `id`, whatever its state.
pub fn exists(conn: &mut PgConnection, vendor: VendorId, id: ApplicationId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        applications::table.filter(applications::vendor_id.eq(vendor)).filter(applications::id.eq(id)),
    ))
    .get_result(conn)
}

/// Files the application when there are answers, else joins at once.
/// Call inside a transaction.
pub fn apply_or_join(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    user: UserId,
    referrer: &str,
    answers: Option<Vec<Answer>>,
) -> QueryResult<bool> {
    // Parallel submits by one person queue on their user row; the first
    // joins (or applies), the others find it done and change nothing.
    crate::db::schema::users::table
        .find(user)
        .select(crate::db::schema::users::id)
        .for_update()
        .first::<UserId>(conn)?;
    if partners::current(conn, vendor, user)?.is_some() || has_pending(conn, vendor, user)? {
        return Ok(false);
    }
    // Joining and deleting the group at once: one of them waits for the other.
    crate::groups::queries::hold(conn, group)?;
    let parent = parent(conn, vendor, referrer)?;
    match answers {
        Some(answers) => submit(conn, &NewApplication { vendor, group, user, parent, answers })?,
        None => {
            partners::join(conn, vendor, group, user, parent)?;
        }
    }
    Ok(true)
}

/// The recruiting partner named by `?ref=`: only an active partner of this
/// same vendor; anything else is ignored rather than refused.
fn parent(conn: &mut PgConnection, vendor: VendorId, referrer: &str) -> QueryResult<Option<PartnershipId>> {
    if referrer.is_empty() {
        return Ok(None);
    }
    Ok(partners::active_by_code(conn, vendor, referrer.trim())?.map(|p| p.id))
}
