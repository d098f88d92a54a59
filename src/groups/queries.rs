//! Groups, their slugs (old ones kept for redirects) and their settings.

use diesel::prelude::*;

use crate::db::ids::{GroupId, VendorId};
use crate::db::schema::{commissions, group_slug_history, offers, partner_groups, partnerships, pipeline_entries};
use crate::domain::{WebUrl, free_variant, slugify};
use crate::links::queries::{self as links, OriginalLink};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partner_groups)]
pub struct Group {
    pub id: GroupId,
    pub vendor_id: VendorId,
    pub name: String,
    pub slug: String,
    pub destination_url: String,
    pub referral_links_enabled: bool,
    pub terms_url: Option<String>,
    pub application_enabled: bool,
    pub is_default: bool,
    pub application_title: String,
    pub application_description: String,
}

#[derive(Insertable)]
#[diesel(table_name = partner_groups)]
struct NewGroup<'a> {
    vendor_id: VendorId,
    name: &'a str,
    slug: &'a str,
    destination_url: &'a str,
    is_default: bool,
}

/// Inserts the group and its original link, whose code comes from the
/// vendor slug (and, for other groups than the default, the group slug).
fn insert_with_original_link(conn: &mut PgConnection, vendor_slug: &str, group: &NewGroup) -> QueryResult<Group> {
    let group: Group =
        diesel::insert_into(partner_groups::table).values(group).returning(Group::as_returning()).get_result(conn)?;
    let code_base = if group.is_default { vendor_slug.to_string() } else { format!("{vendor_slug}-{}", group.slug) };
    links::create_original(
        conn,
        &OriginalLink {
            vendor: group.vendor_id,
            group: group.id,
            code_base: &code_base,
            title: &group.name,
            destination: &group.destination_url,
        },
    )?;
    Ok(group)
}

/// A new vendor's "Default" group, pointing at its website. Call inside a transaction.
pub fn create_default(
    conn: &mut PgConnection,
    vendor: VendorId,
    vendor_slug: &str,
    website: &WebUrl,
) -> QueryResult<Group> {
    let default = NewGroup {
        vendor_id: vendor,
        name: "Default",
        slug: "default",
        destination_url: website.as_str(),
        is_default: true,
    };
    insert_with_original_link(conn, vendor_slug, &default)
}

/// The vendor's groups, the default one first, then by name.
pub fn list(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<Group>> {
    partner_groups::table
        .filter(partner_groups::vendor_id.eq(vendor))
        .order((partner_groups::is_default.desc(), partner_groups::name.asc()))
        .select(Group::as_select())
        .load(conn)
}

/// One group, only if it is the vendor's own (another vendor's id is NotFound).
pub fn find(conn: &mut PgConnection, vendor: VendorId, id: GroupId) -> QueryResult<Group> {
    partner_groups::table
        .filter(partner_groups::vendor_id.eq(vendor))
        .filter(partner_groups::id.eq(id))
        .select(Group::as_select())
        .first(conn)
}

pub const NAME_MAX: usize = 80;
const SLUG_MAX: usize = 60;

/// A slug for `name` that no live group of the vendor has and no renamed
/// group still answers to (`except` keeps the group's own old slugs usable).
fn free_slug(conn: &mut PgConnection, vendor: VendorId, name: &str, except: Option<GroupId>) -> QueryResult<String> {
    let base = match slugify(name, SLUG_MAX) {
        slug if slug.len() >= 2 => slug,
        _ => "group".to_string(),
    };
    let pattern = format!("{base}-%");
    let mut taken: Vec<String> = partner_groups::table
        .filter(partner_groups::vendor_id.eq(vendor))
        .filter(partner_groups::slug.eq(&base).or(partner_groups::slug.like(&pattern)))
        .filter(partner_groups::id.nullable().is_distinct_from(except))
        .select(partner_groups::slug)
        .load(conn)?;
    let retired: Vec<String> = group_slug_history::table
        .filter(group_slug_history::vendor_id.eq(vendor))
        .filter(group_slug_history::slug.eq(&base).or(group_slug_history::slug.like(&pattern)))
        .filter(group_slug_history::group_id.nullable().is_distinct_from(except))
        .select(group_slug_history::slug)
        .load(conn)?;
    taken.extend(retired);
    Ok(free_variant(&base, SLUG_MAX, |s| taken.iter().any(|t| t == s)))
}

/// Creates a group and its original default link. Call inside a transaction.
pub fn create(
    conn: &mut PgConnection,
    vendor: VendorId,
    vendor_slug: &str,
    name: &str,
    destination: &WebUrl,
) -> QueryResult<Group> {
    let slug = free_slug(conn, vendor, name, None)?;
    let group =
        NewGroup { vendor_id: vendor, name, slug: &slug, destination_url: destination.as_str(), is_default: false };
    insert_with_original_link(conn, vendor_slug, &group)
}

/// Renames a group; its slug follows and the old slug keeps redirecting.
pub fn rename(conn: &mut PgConnection, group: &Group, name: &str) -> QueryResult<Group> {
    let slug = free_slug(conn, group.vendor_id, name, Some(group.id))?;
    if slug != group.slug {
        diesel::insert_into(group_slug_history::table)
            .values((
                group_slug_history::vendor_id.eq(group.vendor_id),
                group_slug_history::slug.eq(&group.slug),
                group_slug_history::group_id.eq(group.id),
            ))
            .on_conflict((group_slug_history::vendor_id, group_slug_history::slug))
            .do_update()
            .set((group_slug_history::group_id.eq(group.id), group_slug_history::retired_at.eq(diesel::dsl::now)))
            .execute(conn)?;
        // Renamed back: the slug is live again, not a redirect.
        diesel::delete(
            group_slug_history::table
                .filter(group_slug_history::vendor_id.eq(group.vendor_id))
                .filter(group_slug_history::slug.eq(&slug)),
        )
        .execute(conn)?;
    }
    diesel::update(partner_groups::table.find(group.id))
        .set((partner_groups::name.eq(name), partner_groups::slug.eq(&slug)))
        .returning(Group::as_returning())
        .get_result(conn)
}

pub fn set_terms_url(conn: &mut PgConnection, group: GroupId, terms_url: Option<&str>) -> QueryResult<()> {
    diesel::update(partner_groups::table.find(group)).set(partner_groups::terms_url.eq(terms_url)).execute(conn)?;
    Ok(())
}

pub fn set_referral_links(conn: &mut PgConnection, group: GroupId, enabled: bool) -> QueryResult<()> {
    diesel::update(partner_groups::table.find(group))
        .set(partner_groups::referral_links_enabled.eq(enabled))
        .execute(conn)?;
    Ok(())
}

/// Moves the default flag to `group`. Call inside a transaction: between the
/// two updates the vendor briefly has no default group.
pub fn make_default(conn: &mut PgConnection, vendor: VendorId, group: GroupId) -> QueryResult<()> {
    diesel::update(
        partner_groups::table.filter(partner_groups::vendor_id.eq(vendor)).filter(partner_groups::is_default),
    )
    .set(partner_groups::is_default.eq(false))
    .execute(conn)?;
    diesel::update(partner_groups::table.find(group)).set(partner_groups::is_default.eq(true)).execute(conn)?;
    Ok(())
}

/// Partnerships of any status in the group; removed ones keep their history there.
pub fn partnership_count(conn: &mut PgConnection, group: GroupId) -> QueryResult<i64> {
    partnerships::table.filter(partnerships::group_id.eq(group)).count().get_result(conn)
}

/// What became of a delete.
#[derive(Debug, PartialEq, Eq)]
pub enum Deletion {
    Deleted,
    /// Someone joined (or was moved in) meanwhile.
    HasPartners(i64),
    /// Commissions were earned in it; their history keeps it.
    HasCommissions,
    /// Partners sent leads or deals through it; those keep it.
    HasEntries,
}

/// Deletes the group if it is still empty, with its offers. Its links are
/// soft-deleted, never removed, so their codes can never be handed out
/// again. The row lock makes a join into the group either finish first
/// (and be counted) or wait and find the group gone. Call inside a transaction.
pub fn delete_if_empty(conn: &mut PgConnection, group: GroupId) -> QueryResult<Deletion> {
    partner_groups::table.find(group).select(partner_groups::id).for_update().first::<GroupId>(conn)?;
    let partners = partnership_count(conn, group)?;
    if partners > 0 {
        return Ok(Deletion::HasPartners(partners));
    }
    let earned: i64 = commissions::table.filter(commissions::group_id.eq(group)).count().get_result(conn)?;
    if earned > 0 {
        return Ok(Deletion::HasCommissions);
    }
    let submitted: bool =
        diesel::select(diesel::dsl::exists(pipeline_entries::table.filter(pipeline_entries::group_id.eq(group))))
            .get_result(conn)?;
    if submitted {
        return Ok(Deletion::HasEntries);
    }
    diesel::delete(offers::table.filter(offers::group_id.eq(group))).execute(conn)?;
    links::soft_delete_group_links(conn, group)?;
    diesel::delete(partner_groups::table.find(group)).execute(conn)?;
    Ok(Deletion::Deleted)
}

/// Keeps the group from being deleted until the transaction ends; a
/// group deleted meanwhile is `NotFound`.
pub fn hold(conn: &mut PgConnection, group: GroupId) -> QueryResult<()> {
    partner_groups::table.find(group).select(partner_groups::id).for_key_share().first::<GroupId>(conn)?;
    Ok(())
}

/// Where a public URL's group slug leads.
pub enum SlugLookup {
    Live(Group),
    Renamed { current_slug: String },
    Unknown,
}

/// The vendor's group with `slug`, or the group that once had it.
pub fn by_public_slug(conn: &mut PgConnection, vendor: VendorId, slug: &str) -> QueryResult<SlugLookup> {
    let live = partner_groups::table
        .filter(partner_groups::vendor_id.eq(vendor))
        .filter(partner_groups::slug.eq(slug))
        .select(Group::as_select())
        .first(conn)
        .optional()?;
    if let Some(group) = live {
        return Ok(SlugLookup::Live(group));
    }
    let renamed = group_slug_history::table
        .inner_join(partner_groups::table)
        .filter(group_slug_history::vendor_id.eq(vendor))
        .filter(group_slug_history::slug.eq(slug))
        .select(partner_groups::slug)
        .first::<String>(conn)
        .optional()?;
    Ok(renamed.map_or(SlugLookup::Unknown, |current_slug| SlugLookup::Renamed { current_slug }))
}
