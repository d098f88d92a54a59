//! A program built from code — a vendor with its owner, groups, partners —
//! through the same queries the sign-up, group and join pages use, for the
//! demo and the test suite's builders. Every step is one transaction; each
//! person's email counts as confirmed.

use diesel::{Connection, PgConnection};

use crate::applications::queries as applications;
use crate::auth::queries::{self as users, NewUser};
use crate::db::ids::{GroupId, PartnershipId, UserId, VendorId};
use crate::domain::WebUrl;
use crate::groups::queries as groups;
use crate::partners::queries as partners;
use crate::vendors::queries::{self as vendors, WebsiteTrust};

/// An Argon2id hash of `password`, as sign-up stores it.
pub fn password_hash(password: &str) -> anyhow::Result<String> {
    crate::auth::password::hash_now(password)
}

pub struct Person<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
}

/// A vendor as the sign-up form makes it (its Default group and original
/// link included), with `domains` allowed for links.
pub struct NewVendor<'a> {
    pub company: &'a str,
    pub website: &'a str,
    pub owner: Person<'a>,
    pub domains: &'a [String],
}

/// The vendor made, and its Default group.
pub struct SeededVendor {
    pub id: VendorId,
    pub slug: String,
    pub default_group: SeededGroup,
}

pub struct SeededGroup {
    pub id: GroupId,
}

pub struct SeededPartner {
    pub id: PartnershipId,
    pub code: String,
}

pub fn vendor(conn: &mut PgConnection, new: &NewVendor) -> anyhow::Result<SeededVendor> {
    let website = WebUrl::parse_lenient(new.website).map_err(anyhow::Error::msg)?;
    conn.transaction(|conn| {
        let owner = insert_person(conn, &new.owner)?;
        let vendor =
            crate::accounts::onboarding::create_vendor(conn, new.company, &website, owner, WebsiteTrust::Trusted)?;
        vendors::set_domains(conn, vendor.id, new.domains, false)?;
        let default = groups::list(conn, vendor.id)?.into_iter().next().ok_or(diesel::NotFound)?;
        let default_group = SeededGroup { id: default.id };
        Ok(SeededVendor { id: vendor.id, slug: vendor.slug, default_group })
    })
}

/// A group with its original link, as the New group form makes it.
pub fn group(conn: &mut PgConnection, vendor: VendorId, name: &str, destination: &str) -> anyhow::Result<SeededGroup> {
    let destination = WebUrl::parse(destination).map_err(anyhow::Error::msg)?;
    conn.transaction(|conn| {
        let slug = vendors::by_id(conn, vendor)?.slug;
        let group = groups::create(conn, vendor, &slug, name, &destination)?;
        Ok(SeededGroup { id: group.id })
    })
}

/// A person joining `group` through its join link (no application form),
/// recruited by the partner whose code is `referrer` when one is given.
pub fn partner(
    conn: &mut PgConnection,
    vendor: VendorId,
    group: GroupId,
    person: &Person,
    referrer: &str,
) -> anyhow::Result<SeededPartner> {
    conn.transaction(|conn| {
        let user = match users::find_by_email(conn, person.email)? {
            Some(user) => user.id,
            None => insert_person(conn, person)?,
        };
        applications::apply_or_join(conn, vendor, group, user, referrer, None)?;
        let joined = partners::current(conn, vendor, user)?.ok_or(diesel::NotFound)?;
        Ok(SeededPartner { id: joined.id, code: joined.code })
    })
}

/// Removes a partner as the All Partners page does, links kept working.
pub fn remove_partner(conn: &mut PgConnection, partner: PartnershipId, by_email: &str) -> anyhow::Result<()> {
    conn.transaction(|conn| {
        let by = users::find_by_email(conn, by_email)?.ok_or(diesel::NotFound)?.id;
        partners::remove(conn, &[partner], false, by).map(|_| ())
    })?;
    Ok(())
}

fn insert_person(conn: &mut PgConnection, person: &Person) -> diesel::QueryResult<UserId> {
    let user = users::insert(
        conn,
        &NewUser { email: person.email, name: person.name, password_hash: Some(person.password_hash) },
    )?;
    users::mark_verified(conn, user.id)?;
    Ok(user.id)
}
