//! The facts attribution decides on, read from the database: the stored
//! click behind a click id, with its partner, and the partner a code or
//! id names.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::attribution::{ClickFacts, PartnerFacts};
use crate::db::ids::{AdId, ClickId, LinkId, PartnershipId, VendorId};
use crate::db::schema::{clicks, partnerships, users};
use crate::db::states::PartnershipStatus;

#[derive(Queryable)]
struct ClickRow {
    id: ClickId,
    public_id: Option<String>,
    clicked_at: DateTime<Utc>,
    link: LinkId,
    ad: Option<AdId>,
    partnership: PartnershipId,
    vendor: VendorId,
    code: String,
    status: PartnershipStatus,
    email: String,
}

/// A click id as the landing URL carried it, with its partner.
pub fn click_facts(conn: &mut PgConnection, public_id: &str) -> QueryResult<Option<ClickFacts>> {
    let row: Option<ClickRow> = clicks::table
        .inner_join(partnerships::table.on(partnerships::id.eq(clicks::partnership_id)))
        .inner_join(users::table.on(users::id.eq(partnerships::user_id)))
        .filter(clicks::public_id.eq(public_id))
        .select((
            clicks::id,
            clicks::public_id,
            clicks::clicked_at,
            clicks::link_id,
            clicks::ad_id,
            partnerships::id,
            partnerships::vendor_id,
            partnerships::code,
            partnerships::status,
            users::email,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|row| ClickFacts {
        id: row.id,
        public_id: row.public_id.unwrap_or_default(),
        clicked_at: row.clicked_at,
        link: row.link,
        ad: row.ad,
        partner: PartnerFacts {
            partnership: row.partnership,
            vendor: row.vendor,
            code: row.code,
            active: row.status == PartnershipStatus::Active,
            email: row.email,
        },
    }))
}

/// How a partner is named: by the code in their links, or by id.
#[derive(Debug, Clone, Copy)]
pub enum PartnerRef<'a> {
    Code(&'a str),
    Id(PartnershipId),
}

/// The vendor's partner, with what attribution needs to know.
pub fn partner_facts(conn: &mut PgConnection, vendor: VendorId, by: PartnerRef) -> QueryResult<Option<PartnerFacts>> {
    let query = partnerships::table
        .inner_join(users::table.on(users::id.eq(partnerships::user_id)))
        .filter(partnerships::vendor_id.eq(vendor))
        .select((partnerships::id, partnerships::code, partnerships::status, users::email))
        .into_boxed();
    let query = match by {
        PartnerRef::Code(code) => query.filter(partnerships::code.eq(code)),
        PartnerRef::Id(id) => query.filter(partnerships::id.eq(id)),
    };
    let row: Option<(PartnershipId, String, PartnershipStatus, String)> = query.first(conn).optional()?;
    Ok(row.map(|(partnership, code, status, email)| PartnerFacts {
        partnership,
        vendor,
        code,
        active: status == PartnershipStatus::Active,
        email,
    }))
}
