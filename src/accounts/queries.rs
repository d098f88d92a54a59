//! Creating accounts: a partner, or a vendor with its owner.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::auth::queries::{self as users, NewUser, User};
use crate::domain::{EmailAddress, WebUrl};
use crate::vendors::Vendor;
use crate::vendors::queries as vendors;

/// Who owns a new vendor.
pub enum Owner {
    /// The signed-in person.
    Existing(User),
    /// A new account, made with the vendor.
    New { name: String, email: String, password_hash: String },
}

/// Creates the vendor (and a new owner's account) in one transaction;
/// `None` when the owner's email was taken meanwhile.
pub fn create_vendor(
    conn: &mut PgConnection,
    owner: Owner,
    company_name: &str,
    website: &WebUrl,
    trust: vendors::WebsiteTrust,
) -> QueryResult<Option<(User, Vendor)>> {
    let outcome = conn.transaction(|conn| {
        let owner = match owner {
            Owner::Existing(user) => user,
            Owner::New { name, email, password_hash } => insert_user(conn, &name, &email, &password_hash)?,
        };
        let vendor = super::onboarding::create_vendor(conn, company_name, website, owner.id, trust)?;
        Ok((owner, vendor))
    });
    unique_email_as_none(outcome)
}

/// A partner's account; `None` when the email was taken meanwhile.
pub fn create_partner(
    conn: &mut PgConnection,
    name: &str,
    email: &str,
    password_hash: &str,
) -> QueryResult<Option<User>> {
    // A savepoint of its own: a taken email leaves the caller's transaction usable.
    unique_email_as_none(conn.transaction(|conn| insert_user(conn, name, email, password_hash)))
}

fn insert_user(conn: &mut PgConnection, name: &str, email: &str, password_hash: &str) -> QueryResult<User> {
    let email = EmailAddress::parse(email).map_err(|_| DieselError::RollbackTransaction)?;
    users::insert(conn, &NewUser { email: email.as_str(), name, password_hash: Some(password_hash) })
}

/// Two sign-ups racing for one email: the loser sees "already exists", not a 500.
fn unique_email_as_none<T>(outcome: QueryResult<T>) -> QueryResult<Option<T>> {
    match outcome {
        Ok(value) => Ok(Some(value)),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.constraint_name() == Some("users_email_key") =>
        {
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// Which emails about their earnings a person wants: (commissions, payouts).
pub fn notifications(conn: &mut PgConnection, user: crate::db::ids::UserId) -> QueryResult<(bool, bool)> {
    use crate::db::schema::users;
    users::table.find(user).select((users::notify_commissions, users::notify_payouts)).first(conn)
}

pub fn set_notifications(
    conn: &mut PgConnection,
    user: crate::db::ids::UserId,
    commissions: bool,
    payouts: bool,
) -> QueryResult<()> {
    use crate::db::schema::users;
    diesel::update(users::table.find(user))
        .set((users::notify_commissions.eq(commissions), users::notify_payouts.eq(payouts)))
        .execute(conn)?;
    Ok(())
}
