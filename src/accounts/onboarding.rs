//! A new vendor: its row, its owner, its "Default" group pointing at the
//! website, and that group's original link, in the caller's transaction.
//! The sign-up form, the operator's command and the demo all make vendors
//! here.

use diesel::PgConnection;
use diesel::result::QueryResult;

use crate::db::ids::UserId;
use crate::domain::WebUrl;
use crate::groups::queries as groups;
use crate::vendors::Vendor;
use crate::vendors::queries::{self as vendors, WebsiteTrust};

pub fn create_vendor(
    conn: &mut PgConnection,
    name: &str,
    website: &WebUrl,
    owner: UserId,
    trust: WebsiteTrust,
) -> QueryResult<Vendor> {
    let vendor = vendors::insert_with_owner(conn, name, website, owner, trust)?;
    groups::create_default(conn, vendor.id, &vendor.slug, website)?;
    Ok(vendor)
}
