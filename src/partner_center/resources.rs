//! What a partner has to promote a program with: links, ads, child partners.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::ids::PartnershipId;
use crate::db::schema::{ads, links, partner_groups, partnerships, secondary_link_activations, users};
use crate::links::queries::{KIND_DEFAULT, KIND_SECONDARY, Link};
use crate::partners::queries::Partnership;

/// The links that work with my partner code: my group's default links (when
/// its referral links are on), the secondary links I activated, and the
/// individual links made for me.
pub fn my_links(conn: &mut PgConnection, me: &Partnership) -> QueryResult<Vec<Link>> {
    let referral_on: bool =
        partner_groups::table.find(me.group_id).select(partner_groups::referral_links_enabled).first(conn)?;
    let activated = secondary_link_activations::table
        .filter(secondary_link_activations::partnership_id.eq(me.id))
        .select(secondary_link_activations::link_id);
    let mut found: Vec<Link> = Vec::new();
    if referral_on {
        found = links::table
            .filter(links::group_id.eq(me.group_id))
            .filter(links::deleted_at.is_null())
            .filter(links::kind.eq(KIND_DEFAULT).or(links::kind.eq(KIND_SECONDARY).and(links::id.eq_any(activated))))
            .order((links::kind.asc(), links::is_original.desc(), links::id.asc()))
            .select(Link::as_select())
            .load(conn)?;
    }
    let individual: Vec<Link> = links::table
        .filter(links::partnership_id.eq(me.id))
        .filter(links::deleted_at.is_null())
        .order(links::id.asc())
        .select(Link::as_select())
        .load(conn)?;
    found.extend(individual);
    Ok(found)
}

/// My group's live secondary links, each with whether I activated it.
pub fn secondary_links(conn: &mut PgConnection, me: &Partnership) -> QueryResult<Vec<(Link, bool)>> {
    let group_links: Vec<Link> = links::table
        .filter(links::group_id.eq(me.group_id))
        .filter(links::kind.eq(KIND_SECONDARY))
        .filter(links::deleted_at.is_null())
        .order(links::id.asc())
        .select(Link::as_select())
        .load(conn)?;
    let mine: Vec<crate::db::ids::LinkId> = secondary_link_activations::table
        .filter(secondary_link_activations::partnership_id.eq(me.id))
        .select(secondary_link_activations::link_id)
        .load(conn)?;
    Ok(group_links.into_iter().map(|link| (link.clone(), mine.contains(&link.id))).collect())
}

/// Activates one of my group's secondary links for me; false if it is not one.
pub fn activate(conn: &mut PgConnection, me: &Partnership, link: crate::db::ids::LinkId) -> QueryResult<bool> {
    let is_mine = secondary_links(conn, me)?.iter().any(|(l, _)| l.id == link);
    if is_mine {
        diesel::insert_into(secondary_link_activations::table)
            .values((
                secondary_link_activations::link_id.eq(link),
                secondary_link_activations::partnership_id.eq(me.id),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(is_mine)
}

/// A partner I recruited.
#[derive(Debug, Clone, Queryable)]
pub struct Child {
    pub id: PartnershipId,
    pub code: String,
    pub name: String,
}

pub fn children(conn: &mut PgConnection, me: PartnershipId) -> QueryResult<Vec<Child>> {
    partnerships::table
        .inner_join(users::table)
        .filter(partnerships::parent_id.eq(me))
        .filter(partnerships::status.eq("active"))
        .order(users::name.asc())
        .select((partnerships::id, partnerships::code, users::name))
        .load(conn)
}

pub const MEDIA_TYPES: [(&str, &str); 6] = [
    ("email", "Email"),
    ("website", "Website"),
    ("social", "Social"),
    ("banner", "Banner"),
    ("video", "Video"),
    ("other", "Other"),
];

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ads)]
pub struct Ad {
    pub id: i64,
    pub partnership_id: PartnershipId,
    pub name: String,
    pub description: String,
    pub media_type: String,
    pub starts_on: NaiveDate,
    pub code: String,
}

/// The ads of these partnerships, by owner then name.
pub fn ads_of(conn: &mut PgConnection, owners: &[PartnershipId]) -> QueryResult<Vec<Ad>> {
    ads::table
        .filter(ads::partnership_id.eq_any(owners))
        .order((ads::partnership_id.asc(), ads::name.asc()))
        .select(Ad::as_select())
        .load(conn)
}
