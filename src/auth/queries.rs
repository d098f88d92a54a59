//! Users: looked up on every request, created at sign-up.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::UserId;
use crate::db::prepared::prepared;
use crate::db::schema::{partnerships, users, vendor_members, vendors};
use crate::db::states::PartnershipStatus;
use crate::db::states::Pipeline;
use crate::web::NavItem;
use crate::web::chrome::Submissions;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    /// `None` for an account a vendor created that its owner has not claimed.
    pub password_hash: Option<String>,
    pub session_epoch: i32,
    /// When the owner proved they hold the mailbox; `None` until then.
    pub email_verified_at: Option<DateTime<Utc>>,
}

impl User {
    pub fn is_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: Option<&'a str>,
}

/// The user a cookie claims, if it still exists and the cookie's epoch is current.
pub fn current_user(conn: &mut PgConnection, id: UserId, epoch: i32) -> QueryResult<Option<User>> {
    users::table
        .filter(users::id.eq(id))
        .filter(users::session_epoch.eq(epoch))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn email_of(conn: &mut PgConnection, id: UserId) -> QueryResult<String> {
    users::table.find(id).select(users::email).first(conn)
}

pub fn find_by_email(conn: &mut PgConnection, email: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::email.eq(email)).select(User::as_select()).first(conn).optional()
}

/// Whether `email` has an account whose owner proved the mailbox and can
/// log in; any other account is claimed by whoever next proves it.
pub fn is_claimed(conn: &mut PgConnection, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table
            .filter(users::email.eq(email))
            .filter(users::password_hash.is_not_null())
            .filter(users::email_verified_at.is_not_null()),
    ))
    .get_result(conn)
}

/// Records that the owner holds the mailbox (an emailed link was followed).
pub fn mark_verified(conn: &mut PgConnection, id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(id).filter(users::email_verified_at.is_null()))
        .set(users::email_verified_at.eq(Utc::now()))
        .execute(conn)?;
    Ok(())
}

pub fn insert(conn: &mut PgConnection, user: &NewUser) -> QueryResult<User> {
    diesel::insert_into(users::table).values(user).returning(User::as_returning()).get_result(conn)
}

/// Ends every session issued so far; returns the new epoch.
pub fn bump_epoch(conn: &mut PgConnection, id: UserId) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set(users::session_epoch.eq(users::session_epoch + 1))
        .returning(users::session_epoch)
        .get_result(conn)
}

/// Sets a new password and ends every other session; returns the new epoch.
pub fn change_password(conn: &mut PgConnection, id: UserId, password_hash: &str) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(password_hash), users::session_epoch.eq(users::session_epoch + 1)))
        .returning(users::session_epoch)
        .get_result(conn)
}

/// The vendors this user administers, by name.
pub fn administered_vendors(conn: &mut PgConnection, id: UserId) -> QueryResult<Vec<NavItem>> {
    let rows: Vec<(String, String)> = vendor_members::table
        .inner_join(vendors::table)
        .filter(vendor_members::user_id.eq(id))
        .select((vendors::slug, vendors::name))
        .order(vendors::name.asc())
        .load(conn)?;
    Ok(rows.into_iter().map(|(slug, name)| NavItem { slug, name }).collect())
}

/// The programs this user is an active partner in, by name, and for each
/// what its partners may submit there (leads, deals).
pub fn active_programs(conn: &mut PgConnection, id: UserId) -> QueryResult<(Vec<NavItem>, Submissions)> {
    // The ARRAY subquery is SQL text, which diesel would otherwise plan anew on every page.
    let rows: Vec<(String, String, Vec<String>)> = prepared(
        partnerships::table
            .inner_join(vendors::table)
            .filter(partnerships::user_id.eq(id))
            .filter(partnerships::status.eq(PartnershipStatus::Active))
            .select((
                vendors::slug,
                vendors::name,
                diesel::dsl::sql::<diesel::sql_types::Array<diesel::sql_types::Text>>(
                    "ARRAY(SELECT gp.pipeline FROM group_pipelines gp \
                 WHERE gp.group_id = partnerships.group_id AND gp.enabled ORDER BY gp.pipeline DESC)",
                ),
            ))
            .order(vendors::name.asc()),
    )
    .load(conn)?;
    let submissions = rows
        .iter()
        .flat_map(|(slug, _, on)| on.iter().filter_map(|p| Pipeline::parse(p)).map(|p| (slug.clone(), p)))
        .collect();
    Ok((rows.into_iter().map(|(slug, name, _)| NavItem { slug, name }).collect(), submissions))
}

/// Gives the mailbox's proven owner an account nobody proved yet: their
/// name and password replace whatever was set, the email counts as
/// verified, and every older session ends. `None` if the account was
/// claimed meanwhile (or never was unclaimed).
pub fn claim(conn: &mut PgConnection, email: &str, name: &str, password_hash: &str) -> QueryResult<Option<User>> {
    let unproven = users::password_hash.is_null().or(users::email_verified_at.is_null());
    diesel::update(users::table.filter(users::email.eq(email)).filter(unproven))
        .set((
            users::name.eq(name),
            users::password_hash.eq(password_hash),
            users::email_verified_at.eq(Utc::now()),
            users::session_epoch.eq(users::session_epoch + 1),
        ))
        .returning(User::as_returning())
        .get_result(conn)
        .optional()
}

/// The account for someone who just proved they hold `email` (an emailed
/// link): an unproven account is taken over, else a new one is made;
/// `None` when a proven account already has the email.
pub fn claim_or_create(
    conn: &mut PgConnection,
    email: &str,
    name: &str,
    password_hash: &str,
) -> QueryResult<Option<User>> {
    if let Some(user) = claim(conn, email, name, password_hash)? {
        return Ok(Some(user));
    }
    if is_claimed(conn, email)? {
        return Ok(None);
    }
    let user = insert(conn, &NewUser { email, name, password_hash: Some(password_hash) })?;
    mark_verified(conn, user.id)?;
    Ok(Some(user))
}

/// Finds the account for `email`, or creates an unclaimed one.
pub fn find_or_create_unclaimed(conn: &mut PgConnection, email: &str, name: &str) -> QueryResult<User> {
    if let Some(user) = find_by_email(conn, email)? {
        return Ok(user);
    }
    // Another request may be making the same person now: its row wins.
    let made: Option<User> = diesel::insert_into(users::table)
        .values(&NewUser { email, name, password_hash: None })
        .on_conflict(users::email)
        .do_nothing()
        .returning(User::as_returning())
        .get_result(conn)
        .optional()?;
    match made {
        Some(user) => Ok(user),
        None => find_by_email(conn, email)?.ok_or(diesel::result::Error::NotFound),
    }
}
