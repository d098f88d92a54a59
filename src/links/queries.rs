//! Links: a group's default and secondary links, individual links, and
//! which of them work with a partner's code.

use diesel::prelude::*;

use crate::db::ids::{GroupId, LinkId, PartnershipId, VendorId};
use crate::db::schema::{links, partner_groups, secondary_link_activations};
use crate::db::states::LinkKind;
use crate::domain::{LinkCode, free_variant, slugify};

pub const CODE_MAX: usize = 40;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = links)]
pub struct Link {
    pub id: LinkId,
    pub vendor_id: VendorId,
    pub group_id: Option<GroupId>,
    pub partnership_id: Option<PartnershipId>,
    pub kind: LinkKind,
    pub is_original: bool,
    pub title: String,
    pub description: String,
    pub destination_url: String,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub code: String,
}

impl Link {
    /// Secondary and individual links have no title of their own to require.
    pub fn named_by_code(&self) -> bool {
        self.kind != LinkKind::Default
    }

    /// The UTM parameters that are set, as (name, value).
    pub fn utms(&self) -> Vec<(&'static str, &str)> {
        [
            ("utm_source", &self.utm_source),
            ("utm_medium", &self.utm_medium),
            ("utm_campaign", &self.utm_campaign),
            ("utm_term", &self.utm_term),
            ("utm_content", &self.utm_content),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
        .collect()
    }
}

impl LinkChanges {
    /// A link with only a title and a destination.
    pub fn new(title: &str, destination_url: &str) -> Self {
        LinkChanges {
            title: title.to_string(),
            description: String::new(),
            destination_url: destination_url.to_string(),
            utm_source: None,
            utm_medium: None,
            utm_campaign: None,
            utm_term: None,
            utm_content: None,
        }
    }
}

/// A group has at most this many live default links.
pub const MAX_DEFAULT_LINKS: i64 = 3;

#[derive(Insertable)]
#[diesel(table_name = links)]
struct NewLink<'a> {
    vendor_id: VendorId,
    group_id: Option<GroupId>,
    kind: LinkKind,
    is_original: bool,
    code: &'a str,
    #[diesel(embed)]
    fields: LinkChanges,
}

/// What a vendor may change on a link; never the code.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = links, treat_none_as_null = true)]
pub struct LinkChanges {
    pub title: String,
    pub description: String,
    pub destination_url: String,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
}

/// What a group's original link is made from.
pub struct OriginalLink<'a> {
    pub vendor: VendorId,
    pub group: GroupId,
    /// The code, or its first free variant.
    pub code_base: &'a str,
    pub title: &'a str,
    pub destination: &'a str,
}

/// The group's original default link, which can never be deleted.
pub fn create_original(conn: &mut PgConnection, original: &OriginalLink) -> QueryResult<Link> {
    let code = free_code(conn, &slugify(original.code_base, CODE_MAX))?;
    let fields = LinkChanges::new(original.title, original.destination);
    diesel::insert_into(links::table)
        .values(&NewLink {
            vendor_id: original.vendor,
            group_id: Some(original.group),
            kind: LinkKind::Default,
            is_original: true,
            code: &code,
            fields,
        })
        .returning(Link::as_returning())
        .get_result(conn)
}

/// The group's live links of `kind`, the original first, then oldest first.
pub fn group_links(conn: &mut PgConnection, group: GroupId, kind: LinkKind) -> QueryResult<Vec<Link>> {
    links::table
        .filter(links::group_id.eq(group))
        .filter(links::kind.eq(kind))
        .filter(links::deleted_at.is_null())
        .order((links::is_original.desc(), links::id.asc()))
        .select(Link::as_select())
        .load(conn)
}

/// A live link of the vendor's; another vendor's id is NotFound.
pub fn find(conn: &mut PgConnection, vendor: VendorId, id: LinkId) -> QueryResult<Link> {
    links::table
        .filter(links::vendor_id.eq(vendor))
        .filter(links::id.eq(id))
        .filter(links::deleted_at.is_null())
        .select(Link::as_select())
        .first(conn)
}

/// Why a new group link could not be made.
#[derive(Debug)]
pub enum CreateRefusal {
    CodeTaken,
    TooManyDefaultLinks,
}

/// Creates a default or secondary link of `group` with `changes`, in its
/// own transaction. The code is the one given, or one derived from the
/// title. The group row is locked so two requests cannot both make a fourth
/// link, and a code taken by a racing request is `CodeTaken`, not a 500.
pub fn create_group_link(
    conn: &mut PgConnection,
    group: GroupId,
    kind: LinkKind,
    changes: &LinkChanges,
    code: Option<&LinkCode>,
) -> QueryResult<Result<Link, CreateRefusal>> {
    unique_code_violation_as_taken(conn.transaction(|conn| {
        let vendor: VendorId =
            partner_groups::table.find(group).select(partner_groups::vendor_id).for_update().first(conn)?;
        if kind == LinkKind::Default && live_count(conn, group, kind)? >= MAX_DEFAULT_LINKS {
            return Ok(Err(CreateRefusal::TooManyDefaultLinks));
        }
        let code = match code {
            Some(code) if code_taken(conn, code.as_str())? => return Ok(Err(CreateRefusal::CodeTaken)),
            Some(code) => code.as_str().to_string(),
            None => free_code(conn, &derived_code_base(&changes.title))?,
        };
        let link = diesel::insert_into(links::table)
            .values(&NewLink {
                vendor_id: vendor,
                group_id: Some(group),
                kind,
                is_original: false,
                code: &code,
                fields: changes.clone(),
            })
            .returning(Link::as_returning())
            .get_result(conn)?;
        Ok(Ok(link))
    }))
}

fn derived_code_base(title: &str) -> String {
    match slugify(title, CODE_MAX) {
        base if base.len() >= 2 => base,
        _ => "link".to_string(),
    }
}

fn live_count(conn: &mut PgConnection, group: GroupId, kind: LinkKind) -> QueryResult<i64> {
    links::table
        .filter(links::group_id.eq(group))
        .filter(links::kind.eq(kind))
        .filter(links::deleted_at.is_null())
        .count()
        .get_result(conn)
}

/// Whether any link, live or deleted, of any vendor has `code`.
pub fn code_taken(conn: &mut PgConnection, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(links::table.filter(links::code.eq(code)))).get_result(conn)
}

pub fn update(conn: &mut PgConnection, id: LinkId, changes: &LinkChanges) -> QueryResult<Link> {
    diesel::update(links::table.find(id))
        .set((changes, links::updated_at.eq(diesel::dsl::now)))
        .returning(Link::as_returning())
        .get_result(conn)
}

/// Retires a link: it stops working, and its code stays taken forever.
pub fn soft_delete(conn: &mut PgConnection, id: LinkId) -> QueryResult<()> {
    diesel::update(links::table.find(id)).set(links::deleted_at.eq(diesel::dsl::now)).execute(conn)?;
    Ok(())
}

pub fn soft_delete_group_links(conn: &mut PgConnection, group: GroupId) -> QueryResult<()> {
    diesel::update(links::table.filter(links::group_id.eq(group)).filter(links::deleted_at.is_null()))
        .set(links::deleted_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(())
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

/// Two requests racing for one code: the loser hears "taken", not a 500.
fn unique_code_violation_as_taken(
    outcome: QueryResult<Result<Link, CreateRefusal>>,
) -> QueryResult<Result<Link, CreateRefusal>> {
    use diesel::result::{DatabaseErrorKind, Error};
    match outcome {
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.constraint_name() == Some("links_code_key") =>
        {
            Ok(Err(CreateRefusal::CodeTaken))
        }
        other => other,
    }
}

/// Creates an individual link for one partnership; `None` when the code is
/// taken, by any vendor, live or deleted.
pub fn create_individual(
    conn: &mut PgConnection,
    vendor: VendorId,
    partnership: PartnershipId,
    changes: &LinkChanges,
    code: &LinkCode,
) -> QueryResult<Option<Link>> {
    if code_taken(conn, code.as_str())? {
        return Ok(None);
    }
    let created = diesel::insert_into(links::table)
        .values((
            links::vendor_id.eq(vendor),
            links::partnership_id.eq(partnership),
            links::kind.eq(LinkKind::Individual),
            links::code.eq(code.as_str()),
            changes,
        ))
        .returning(Link::as_returning())
        .get_result(conn);
    match unique_code_violation_as_taken(created.map(Ok))? {
        Ok(link) => Ok(Some(link)),
        Err(_) => Ok(None),
    }
}

/// The partnership's live individual links.
pub fn individual_links(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Vec<Link>> {
    links::table
        .filter(links::partnership_id.eq(partnership))
        .filter(links::deleted_at.is_null())
        .order(links::id.asc())
        .select(Link::as_select())
        .load(conn)
}

/// The links that work with a partner's code: their group's default links
/// (when its referral links are on), the secondary links they activated,
/// and the individual links made for them.
pub fn usable_by(conn: &mut PgConnection, partnership: PartnershipId, group: GroupId) -> QueryResult<Vec<Link>> {
    let referral_on: bool =
        partner_groups::table.find(group).select(partner_groups::referral_links_enabled).first(conn)?;
    let activated = secondary_link_activations::table
        .filter(secondary_link_activations::partnership_id.eq(partnership))
        .select(secondary_link_activations::link_id);
    let mut found: Vec<Link> = Vec::new();
    if referral_on {
        found = links::table
            .filter(links::group_id.eq(group))
            .filter(links::deleted_at.is_null())
            .filter(
                links::kind
                    .eq(LinkKind::Default)
                    .or(links::kind.eq(LinkKind::Secondary).and(links::id.eq_any(activated))),
            )
            .order((links::kind.asc(), links::is_original.desc(), links::id.asc()))
            .select(Link::as_select())
            .load(conn)?;
    }
    found.extend(individual_links(conn, partnership)?);
    Ok(found)
}

/// The group's live secondary links, each with whether the partnership activated it.
pub fn secondary_links(
    conn: &mut PgConnection,
    partnership: PartnershipId,
    group: GroupId,
) -> QueryResult<Vec<(Link, bool)>> {
    let group_links = group_links(conn, group, LinkKind::Secondary)?;
    let mine: Vec<LinkId> = secondary_link_activations::table
        .filter(secondary_link_activations::partnership_id.eq(partnership))
        .select(secondary_link_activations::link_id)
        .load(conn)?;
    Ok(group_links.into_iter().map(|link| (link.clone(), mine.contains(&link.id))).collect())
}

/// Activates one of the group's secondary links for the partnership; false
/// if it is not one.
pub fn activate(
    conn: &mut PgConnection,
    partnership: PartnershipId,
    group: GroupId,
    link: LinkId,
) -> QueryResult<bool> {
    let is_mine = secondary_links(conn, partnership, group)?.iter().any(|(l, _)| l.id == link);
    if is_mine {
        diesel::insert_into(secondary_link_activations::table)
            .values((
                secondary_link_activations::link_id.eq(link),
                secondary_link_activations::partnership_id.eq(partnership),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
    }
    Ok(is_mine)
}
