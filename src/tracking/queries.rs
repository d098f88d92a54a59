//! What the resolver reads on a cache miss: one small query per thing.

use diesel::prelude::*;

use crate::db::ids::{AdId, GroupId, LinkId, PartnershipId, VendorId};
use crate::db::schema::{ads, links, partner_groups, partnerships, secondary_link_activations, vendors};
use crate::db::states::PartnershipStatus;
use crate::domain::allowed_domains;
use crate::links::queries::Link;

/// A live link with `code` whose destination is on one of its vendor's
/// allowed domains: a link leading anywhere else redirects nowhere.
pub fn live_link(conn: &mut PgConnection, code: &str) -> QueryResult<Option<Link>> {
    let found: Option<(Link, Vec<String>)> = links::table
        .inner_join(vendors::table.on(vendors::id.eq(links::vendor_id)))
        .filter(links::code.eq(code))
        .filter(links::deleted_at.is_null())
        .select((Link::as_select(), vendors::allowed_domains))
        .first(conn)
        .optional()?;
    Ok(found.filter(|(link, allowed)| allowed_domains::allows(allowed, &link.destination_url)).map(|(link, _)| link))
}

/// The vendor's partnership with `code`: its id, status and whether its
/// links were deactivated.
pub fn partnership(
    conn: &mut PgConnection,
    vendor: VendorId,
    code: &str,
) -> QueryResult<Option<(PartnershipId, PartnershipStatus, bool)>> {
    partnerships::table
        .filter(partnerships::vendor_id.eq(vendor))
        .filter(partnerships::code.eq(code))
        .select((partnerships::id, partnerships::status, partnerships::links_deactivated))
        .first(conn)
        .optional()
}

/// Whether the group's referral links are on; a deleted group's are off.
pub fn referral_links_on(conn: &mut PgConnection, group: GroupId) -> QueryResult<bool> {
    let on: Option<bool> =
        partner_groups::table.find(group).select(partner_groups::referral_links_enabled).first(conn).optional()?;
    Ok(on.unwrap_or(false))
}

/// The partnership's ad with `code`.
pub fn ad(conn: &mut PgConnection, partnership: PartnershipId, code: &str) -> QueryResult<Option<AdId>> {
    ads::table
        .filter(ads::partnership_id.eq(partnership))
        .filter(ads::code.eq(code))
        .select(ads::id)
        .first(conn)
        .optional()
}

/// Whether the partnership activated the secondary link.
pub fn activated(conn: &mut PgConnection, link: LinkId, partnership: PartnershipId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        secondary_link_activations::table
            .filter(secondary_link_activations::link_id.eq(link))
            .filter(secondary_link_activations::partnership_id.eq(partnership)),
    ))
    .get_result(conn)
}
