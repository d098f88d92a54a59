//! Banners and the per-partner ads that count their clicks.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::image::Image;
use crate::db::ids::{BannerId, GroupId, LinkId, PartnershipId, VendorId};
use crate::db::schema::{ads, banners, links, partner_groups};
use crate::db::states::{LinkKind, MediaType};
use crate::domain::free_variant;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = banners)]
pub struct Banner {
    pub id: BannerId,
    pub name: String,
    pub media_type: String,
    pub width: i32,
    pub height: i32,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

impl Banner {
    pub fn image_path(&self) -> String {
        super::image_path(self.id, &self.sha256, &self.media_type)
    }
}

/// A banner as the vendor's list shows it.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub banner: Banner,
    pub link_title: String,
    pub link_code: String,
    pub group: String,
    pub clicks: i64,
}

/// The vendor's live banners, newest first, with their clicks so far.
pub fn of_vendor(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<Listed>> {
    banners::table
        .inner_join(links::table.inner_join(partner_groups::table))
        .filter(banners::vendor_id.eq(vendor))
        .filter(banners::deleted_at.is_null())
        .order((banners::created_at.desc(), banners::id.desc()))
        .select((
            Banner::as_select(),
            links::title,
            links::code,
            partner_groups::name,
            diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT COALESCE(sum(r.clicks), 0)::bigint FROM click_rollups r JOIN ads a ON a.id = r.ad_id \
                 WHERE a.banner_id = banners.id)",
            ),
        ))
        .load(conn)
}

/// The links a banner may point to: each live group's default links.
pub fn link_choices(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<(LinkId, String)>> {
    let rows: Vec<(LinkId, String, String)> = links::table
        .inner_join(partner_groups::table)
        .filter(links::vendor_id.eq(vendor))
        .filter(links::kind.eq(LinkKind::Default))
        .filter(links::deleted_at.is_null())
        .order((partner_groups::name.asc(), links::title.asc()))
        .select((links::id, partner_groups::name, links::title))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, group, title)| (id, format!("{group} — {title}"))).collect())
}

pub struct Upload<'a> {
    pub link: LinkId,
    pub name: &'a str,
    pub image: &'a Image,
    pub bytes: &'a [u8],
    pub sha256: &'a str,
}

pub fn insert(conn: &mut PgConnection, vendor: VendorId, upload: &Upload) -> QueryResult<BannerId> {
    diesel::insert_into(banners::table)
        .values((
            banners::vendor_id.eq(vendor),
            banners::link_id.eq(upload.link),
            banners::name.eq(upload.name),
            banners::media_type.eq(upload.image.media_type),
            banners::width.eq(upload.image.width),
            banners::height.eq(upload.image.height),
            banners::bytes.eq(upload.bytes),
            banners::sha256.eq(upload.sha256),
        ))
        .returning(banners::id)
        .get_result(conn)
}

/// Takes the banner off the lists and its image offline; false when the
/// vendor has no such live banner.
pub fn delete(conn: &mut PgConnection, vendor: VendorId, id: BannerId) -> QueryResult<bool> {
    let changed = diesel::update(
        banners::table
            .filter(banners::id.eq(id))
            .filter(banners::vendor_id.eq(vendor))
            .filter(banners::deleted_at.is_null()),
    )
    .set(banners::deleted_at.eq(diesel::dsl::now))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The live banners of the group's links, with the link's code.
pub fn of_group(conn: &mut PgConnection, group: GroupId) -> QueryResult<Vec<(Banner, String)>> {
    banners::table
        .inner_join(links::table)
        .filter(links::group_id.eq(group))
        .filter(links::deleted_at.is_null())
        .filter(banners::deleted_at.is_null())
        .order((banners::created_at.desc(), banners::id.desc()))
        .select((Banner::as_select(), links::code))
        .load(conn)
}

/// The partnership's ad code for the banner, made on first use.
pub fn ad_code(conn: &mut PgConnection, partnership: PartnershipId, banner: &Banner) -> QueryResult<String> {
    let existing = ads::table
        .filter(ads::partnership_id.eq(partnership))
        .filter(ads::banner_id.eq(banner.id))
        .select(ads::code)
        .first::<String>(conn)
        .optional()?;
    if let Some(code) = existing {
        return Ok(code);
    }
    let taken: Vec<String> = ads::table.filter(ads::partnership_id.eq(partnership)).select(ads::code).load(conn)?;
    let code = free_variant(&format!("banner-{}", banner.id), 40, |c| taken.iter().any(|t| t == c));
    diesel::insert_into(ads::table)
        .values((
            ads::partnership_id.eq(partnership),
            ads::name.eq(format!("Banner: {}", banner.name)),
            ads::media_type.eq(MediaType::Banner),
            ads::starts_on.eq(Utc::now().date_naive()),
            ads::code.eq(&code),
            ads::banner_id.eq(banner.id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    // A parallel first view may have made it under another code.
    ads::table
        .filter(ads::partnership_id.eq(partnership))
        .filter(ads::banner_id.eq(banner.id))
        .select(ads::code)
        .first(conn)
}

/// A live banner's image: its type, bytes and hash.
pub fn image(conn: &mut PgConnection, id: BannerId) -> QueryResult<Option<(String, Vec<u8>, String)>> {
    banners::table
        .filter(banners::id.eq(id))
        .filter(banners::deleted_at.is_null())
        .select((banners::media_type, banners::bytes, banners::sha256))
        .first(conn)
        .optional()
}
