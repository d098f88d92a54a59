//! The partner center's queries: my programs, and my ads.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::ids::{AdId, PartnershipId, UserId};
use crate::db::schema::{ads, click_rollups, partner_groups, partnerships, vendors};
use crate::db::states::{MediaType, PartnershipStatus};
use crate::domain::{LinkCode, free_variant, slugify};

/// One of my active partnerships, as the partner center shows it.
#[derive(Debug, Clone, Queryable)]
pub struct Membership {
    pub vendor_slug: String,
    pub vendor_name: String,
    pub vendor_website: String,
    pub group_name: String,
    pub group_slug: String,
    pub partner_code: String,
    pub joined_at: DateTime<Utc>,
    pub partnership_id: PartnershipId,
}

#[diesel::dsl::auto_type]
fn active_memberships(user: UserId) -> _ {
    let active: PartnershipStatus = PartnershipStatus::Active;
    partnerships::table
        .inner_join(vendors::table)
        .inner_join(partner_groups::table)
        .filter(partnerships::user_id.eq(user))
        .filter(partnerships::status.eq(active))
        .select((
            vendors::slug,
            vendors::name,
            vendors::website,
            partner_groups::name,
            partner_groups::slug,
            partnerships::code,
            partnerships::created_at,
            partnerships::id,
        ))
}

pub fn memberships(conn: &mut PgConnection, user: UserId) -> QueryResult<Vec<Membership>> {
    active_memberships(user).order(vendors::name.asc()).load(conn)
}

/// My active partnership in the vendor with `slug`; removed ones are NotFound.
pub fn membership(conn: &mut PgConnection, user: UserId, slug: &str) -> QueryResult<Membership> {
    active_memberships(user).filter(vendors::slug.eq(slug)).first(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ads)]
pub struct Ad {
    pub id: AdId,
    pub partnership_id: PartnershipId,
    pub name: String,
    pub description: String,
    pub media_type: MediaType,
    pub starts_on: NaiveDate,
    pub code: String,
}

/// What a partner fills in for an ad; no code means one made from the name.
pub struct AdFields {
    pub name: String,
    pub description: String,
    pub media_type: MediaType,
    pub starts_on: NaiveDate,
    pub code: Option<LinkCode>,
}

/// The ads of these partnerships, by owner then name.
pub fn ads_of(conn: &mut PgConnection, owners: &[PartnershipId]) -> QueryResult<Vec<Ad>> {
    ads::table
        .filter(ads::partnership_id.eq_any(owners))
        .order((ads::partnership_id.asc(), ads::name.asc()))
        .select(Ad::as_select())
        .load(conn)
}

/// My ad with `id`; anyone else's is NotFound.
pub fn find_ad(conn: &mut PgConnection, me: PartnershipId, id: AdId) -> QueryResult<Ad> {
    ads::table.filter(ads::partnership_id.eq(me)).filter(ads::id.eq(id)).select(Ad::as_select()).first(conn)
}

/// Whether any click came through my ad; its code is in shared URLs then.
pub fn ad_has_clicks(conn: &mut PgConnection, me: PartnershipId, ad: AdId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        click_rollups::table
            .filter(click_rollups::partnership_id.eq(me))
            .filter(click_rollups::ad_id.eq(ad))
            .filter(click_rollups::clicks.gt(0)),
    ))
    .get_result(conn)
}

/// `None` when the chosen code is already one of mine.
pub fn insert_ad(conn: &mut PgConnection, me: PartnershipId, fields: &AdFields) -> QueryResult<Option<Ad>> {
    let taken: Vec<String> = ads::table.filter(ads::partnership_id.eq(me)).select(ads::code).load(conn)?;
    let code = match &fields.code {
        Some(code) if taken.iter().any(|t| t == code.as_str()) => return Ok(None),
        Some(code) => code.as_str().to_string(),
        None => {
            let base = Some(slugify(&fields.name, 40)).filter(|s| s.len() >= 2).unwrap_or_else(|| "ad".into());
            free_variant(&base, 40, |c| taken.iter().any(|t| t == c))
        }
    };
    diesel::insert_into(ads::table)
        .values((
            ads::partnership_id.eq(me),
            ads::name.eq(&fields.name),
            ads::description.eq(&fields.description),
            ads::media_type.eq(fields.media_type),
            ads::starts_on.eq(fields.starts_on),
            ads::code.eq(&code),
        ))
        .returning(Ad::as_returning())
        .get_result(conn)
        .map(Some)
}

/// `false` when the new code is another of my ads'.
pub fn save_ad(conn: &mut PgConnection, ad: &Ad, fields: &AdFields) -> QueryResult<bool> {
    let code = fields.code.as_ref().map_or(ad.code.clone(), |c| c.as_str().to_string());
    let clash: bool = diesel::select(diesel::dsl::exists(
        ads::table
            .filter(ads::partnership_id.eq(ad.partnership_id))
            .filter(ads::code.eq(&code))
            .filter(ads::id.ne(ad.id)),
    ))
    .get_result(conn)?;
    if clash {
        return Ok(false);
    }
    diesel::update(ads::table.find(ad.id))
        .set((
            ads::name.eq(&fields.name),
            ads::description.eq(&fields.description),
            ads::media_type.eq(fields.media_type),
            ads::starts_on.eq(fields.starts_on),
            ads::code.eq(&code),
        ))
        .execute(conn)?;
    Ok(true)
}
