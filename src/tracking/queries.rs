//! From the codes in a tracking URL to the place to send the visitor.

use diesel::prelude::*;

use crate::db::ids::{AdId, LinkId, PartnershipId};
use crate::db::schema::{ads, links, partner_groups, partnerships, secondary_link_activations};
use crate::db::states::{LinkKind, PartnershipStatus};
use crate::links::queries::Link;

/// Where a click goes, and what it is counted against.
#[derive(Debug, Clone)]
pub struct Target {
    pub link: Link,
    pub partnership: PartnershipId,
    pub ad: Option<AdId>,
}

#[derive(Debug)]
pub enum Resolution {
    Redirect(Box<Target>),
    /// A secondary link this partner has not activated yet.
    NotActivated,
    NotFound,
}

/// Resolves `/go/{link}/{partner}[/{ad}]`. Unknown codes, a deleted link, a
/// group with referral links off, another partner's individual link, an ad
/// of someone else, and a removed partnership whose links were deactivated
/// all resolve to NotFound.
pub fn resolve(
    conn: &mut PgConnection,
    link_code: &str,
    partner_code: &str,
    ad_code: Option<&str>,
) -> QueryResult<Resolution> {
    let Some(link) = links::table
        .filter(links::code.eq(link_code))
        .filter(links::deleted_at.is_null())
        .select(Link::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(Resolution::NotFound);
    };
    let partnership: Option<(PartnershipId, PartnershipStatus, bool)> = partnerships::table
        .filter(partnerships::vendor_id.eq(link.vendor_id))
        .filter(partnerships::code.eq(partner_code))
        .select((partnerships::id, partnerships::status, partnerships::links_deactivated))
        .first(conn)
        .optional()?;
    let Some((partnership, status, deactivated)) = partnership else { return Ok(Resolution::NotFound) };
    // Pending: the invite is not accepted yet, so there is no partner to credit.
    if status == PartnershipStatus::Pending || (status == PartnershipStatus::Removed && deactivated) {
        return Ok(Resolution::NotFound);
    }
    if link.partnership_id.is_some_and(|owner| owner != partnership) || !referral_links_on(conn, &link)? {
        return Ok(Resolution::NotFound);
    }
    let ad = match ad_code {
        None => None,
        Some(code) => match ad_of(conn, partnership, code)? {
            Some(ad) => Some(ad),
            None => return Ok(Resolution::NotFound),
        },
    };
    if link.kind == LinkKind::Secondary && !activated(conn, link.id, partnership)? {
        return Ok(Resolution::NotActivated);
    }
    Ok(Resolution::Redirect(Box::new(Target { link, partnership, ad })))
}

/// Individual links have no group, and so no group switch.
fn referral_links_on(conn: &mut PgConnection, link: &Link) -> QueryResult<bool> {
    match link.group_id {
        Some(group) => partner_groups::table.find(group).select(partner_groups::referral_links_enabled).first(conn),
        None => Ok(true),
    }
}

fn ad_of(conn: &mut PgConnection, partnership: PartnershipId, code: &str) -> QueryResult<Option<AdId>> {
    ads::table
        .filter(ads::partnership_id.eq(partnership))
        .filter(ads::code.eq(code))
        .select(ads::id)
        .first(conn)
        .optional()
}

fn activated(conn: &mut PgConnection, link: LinkId, partnership: PartnershipId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        secondary_link_activations::table
            .filter(secondary_link_activations::link_id.eq(link))
            .filter(secondary_link_activations::partnership_id.eq(partnership)),
    ))
    .get_result(conn)
}
