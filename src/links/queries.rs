use diesel::prelude::*;

use crate::db::ids::{GroupId, LinkId, VendorId};
use crate::db::schema::links;
use crate::domain::{free_variant, slugify};
use crate::groups::queries::Group;
use crate::vendors::Vendor;

pub const CODE_MAX: usize = 40;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = links)]
pub struct Link {
    pub id: LinkId,
    pub vendor_id: VendorId,
    pub group_id: Option<GroupId>,
    pub kind: String,
    pub is_original: bool,
    pub title: String,
    pub description: String,
    pub destination_url: String,
    pub code: String,
}

#[derive(Insertable)]
#[diesel(table_name = links)]
struct NewLink<'a> {
    vendor_id: VendorId,
    group_id: Option<GroupId>,
    kind: &'a str,
    is_original: bool,
    title: &'a str,
    destination_url: &'a str,
    code: &'a str,
}

/// The group's original default link: it goes to the group's destination,
/// and its code comes from the vendor (and, for other groups, group) slug.
pub fn create_original(conn: &mut PgConnection, vendor: &Vendor, group: &Group) -> QueryResult<Link> {
    let base = if group.is_default { vendor.slug.clone() } else { format!("{}-{}", vendor.slug, group.slug) };
    let code = free_code(conn, &slugify(&base, CODE_MAX))?;
    diesel::insert_into(links::table)
        .values(&NewLink {
            vendor_id: vendor.id,
            group_id: Some(group.id),
            kind: "default",
            is_original: true,
            title: &group.name,
            destination_url: &group.destination_url,
            code: &code,
        })
        .returning(Link::as_returning())
        .get_result(conn)
}

/// The group's live default links, the original first.
pub fn default_links(conn: &mut PgConnection, group: GroupId) -> QueryResult<Vec<Link>> {
    links::table
        .filter(links::group_id.eq(group))
        .filter(links::kind.eq("default"))
        .filter(links::deleted_at.is_null())
        .order((links::is_original.desc(), links::id.asc()))
        .select(Link::as_select())
        .load(conn)
}

/// `base` or its first free numbered variant. Deleted links keep their
/// codes, so a code once used is never handed out again.
fn free_code(conn: &mut PgConnection, base: &str) -> QueryResult<String> {
    let taken: Vec<String> = links::table
        .filter(links::code.eq(base).or(links::code.like(format!("{base}-%"))))
        .select(links::code)
        .load(conn)?;
    Ok(free_variant(base, CODE_MAX, |c| taken.iter().any(|t| t == c)))
}
