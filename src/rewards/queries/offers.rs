//! Offers: a group's reward rules, live, archived or deleted while unused.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::{GroupId, OfferId, VendorId};
use crate::db::schema::{commissions, offers};
use crate::rewards::rules::Terms;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = offers)]
pub struct Offer {
    pub id: OfferId,
    pub group_id: GroupId,
    #[diesel(embed)]
    pub spec: OfferSpec,
    pub archived_at: Option<DateTime<Utc>>,
}

/// What the vendor writes of an offer: its name and terms.
#[derive(Debug, Clone, Queryable, Selectable, AsChangeset, Insertable)]
#[diesel(table_name = offers)]
pub struct OfferSpec {
    pub name: String,
    #[diesel(embed)]
    pub terms: Terms,
}

/// The group's offers, live ones first, then archived.
pub fn of_group(conn: &mut PgConnection, vendor: VendorId, group: GroupId) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::vendor_id.eq(vendor))
        .filter(offers::group_id.eq(group))
        .order((offers::archived_at.is_not_null(), offers::created_at.asc()))
        .select(Offer::as_select())
        .load(conn)
}

/// The live offers of a group, for an event.
pub fn live(conn: &mut PgConnection, group: GroupId) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::group_id.eq(group))
        .filter(offers::archived_at.is_null())
        .order(offers::id.asc())
        .select(Offer::as_select())
        .load(conn)
}

/// The offers of a group that were live at `at`: made by then, and not
/// archived before it.
pub fn live_at(conn: &mut PgConnection, group: GroupId, at: DateTime<Utc>) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::group_id.eq(group))
        .filter(offers::created_at.le(at))
        .filter(offers::archived_at.is_null().or(offers::archived_at.gt(at)))
        .order(offers::id.asc())
        .select(Offer::as_select())
        .load(conn)
}

pub fn find(conn: &mut PgConnection, vendor: VendorId, group: GroupId, id: OfferId) -> QueryResult<Offer> {
    offers::table
        .filter(offers::vendor_id.eq(vendor))
        .filter(offers::group_id.eq(group))
        .filter(offers::id.eq(id))
        .select(Offer::as_select())
        .first(conn)
}

pub fn create(conn: &mut PgConnection, vendor: VendorId, group: GroupId, spec: &OfferSpec) -> QueryResult<OfferId> {
    diesel::insert_into(offers::table)
        .values((offers::vendor_id.eq(vendor), offers::group_id.eq(group), spec))
        .returning(offers::id)
        .get_result(conn)
}

/// Changes the terms for events from now on; commissions already earned keep theirs.
pub fn update(conn: &mut PgConnection, id: OfferId, spec: &OfferSpec) -> QueryResult<()> {
    diesel::update(offers::table.find(id)).set((spec, offers::updated_at.eq(diesel::dsl::now))).execute(conn)?;
    Ok(())
}

pub fn archive(conn: &mut PgConnection, id: OfferId) -> QueryResult<()> {
    diesel::update(offers::table.find(id)).set(offers::archived_at.eq(diesel::dsl::now)).execute(conn)?;
    Ok(())
}

/// Deletes an offer that never earned anything; `false` when it has commissions.
pub fn delete_unused(conn: &mut PgConnection, id: OfferId) -> QueryResult<bool> {
    let used: bool = diesel::select(diesel::dsl::exists(commissions::table.filter(commissions::offer_id.eq(id))))
        .get_result(conn)?;
    if used {
        return Ok(false);
    }
    diesel::delete(offers::table.find(id)).execute(conn)?;
    Ok(true)
}

pub fn offer_by_id(conn: &mut PgConnection, id: OfferId) -> QueryResult<Offer> {
    offers::table.find(id).select(Offer::as_select()).first(conn)
}
