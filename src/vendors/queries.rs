//! Vendors and their admins.

use diesel::prelude::*;

use crate::config::VendorSignup;
use crate::db::ids::{UserId, VendorId};
use crate::db::schema::{vendor_members, vendors};
use crate::db::states::MemberRole;
use crate::domain::{Currency, WebUrl, allowed_domains, free_variant, slugify};

pub const SLUG_MAX: usize = 40;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = vendors)]
pub struct Vendor {
    pub id: VendorId,
    pub name: String,
    pub slug: String,
    pub website: String,
    pub terms_url: Option<String>,
    currency: String,
    /// How many days after a click a signup still credits the partner.
    pub attribution_window_days: i32,
    /// Where its links may lead (hosts and their subdomains).
    pub allowed_domains: Vec<String>,
    /// Listed but not yet proven, where proof is required; links may not use them.
    pub pending_domains: Vec<String>,
}

/// Whether a new vendor's website counts as its own before it proves so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebsiteTrust {
    /// The operator made the vendor, or sign-up is closed.
    Trusted,
    /// Anyone may sign up: the website's domain waits for proof.
    MustProve,
}

impl WebsiteTrust {
    pub fn of(config: &crate::config::Config) -> WebsiteTrust {
        if config.verify_domains { WebsiteTrust::MustProve } else { WebsiteTrust::Trusted }
    }
}

impl Vendor {
    /// Revenue is summed in this currency; the column's `CHECK` keeps it a code.
    pub fn currency(&self) -> Currency {
        Currency::stored(&self.currency)
    }
}

#[derive(Insertable)]
#[diesel(table_name = vendors)]
struct NewVendor<'a> {
    name: &'a str,
    slug: &'a str,
    website: &'a str,
    allowed_domains: Vec<String>,
    pending_domains: Vec<String>,
}

/// The vendor with `slug`, if `user` is one of its admins.
pub fn administered_by(conn: &mut PgConnection, slug: &str, user: UserId) -> QueryResult<Option<Vendor>> {
    vendors::table
        .inner_join(vendor_members::table)
        .filter(vendors::slug.eq(slug))
        .filter(vendor_members::user_id.eq(user))
        .select(Vendor::as_select())
        .first(conn)
        .optional()
}

/// Whether a visitor may sign up a new vendor under `mode`: in closed mode
/// only the first vendor of an empty install.
pub fn signup_open(conn: &mut PgConnection, mode: VendorSignup) -> QueryResult<bool> {
    if mode == VendorSignup::Open {
        return Ok(true);
    }
    let any: bool = diesel::select(diesel::dsl::exists(vendors::table.select(vendors::id))).get_result(conn)?;
    Ok(!any)
}

/// Holds, until the transaction ends, the right to decide whether a vendor
/// may be signed up: two first sign-ups at once make one vendor.
pub fn lock_signups(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('vendor-signup', 0))").execute(conn)?;
    Ok(())
}

/// Inserts a vendor owned by `owner`; its default group is the caller's
/// (`accounts::onboarding`). Call inside a transaction.
pub fn insert_with_owner(
    conn: &mut PgConnection,
    name: &str,
    website: &WebUrl,
    owner: UserId,
    trust: WebsiteTrust,
) -> QueryResult<Vendor> {
    let slug = free_slug(conn, name)?;
    let host: Vec<String> = allowed_domains::host_of(website.as_str()).into_iter().collect();
    let (allowed_domains, pending_domains) = match trust {
        WebsiteTrust::Trusted => (host, Vec::new()),
        WebsiteTrust::MustProve => (Vec::new(), host),
    };
    let vendor: Vendor = diesel::insert_into(vendors::table)
        .values(&NewVendor { name, slug: &slug, website: website.as_str(), allowed_domains, pending_domains })
        .returning(Vendor::as_returning())
        .get_result(conn)?;
    diesel::insert_into(vendor_members::table)
        .values((
            vendor_members::vendor_id.eq(vendor.id),
            vendor_members::user_id.eq(owner),
            vendor_members::role.eq(MemberRole::Owner),
        ))
        .execute(conn)?;
    Ok(vendor)
}

fn free_slug(conn: &mut PgConnection, name: &str) -> QueryResult<String> {
    let base = match slugify(name, SLUG_MAX) {
        s if s.len() >= 2 => s,
        _ => "vendor".to_string(),
    };
    let taken: Vec<String> = vendors::table
        .filter(vendors::slug.eq(&base).or(vendors::slug.like(format!("{base}-%"))))
        .select(vendors::slug)
        .load(conn)?;
    Ok(free_variant(&base, SLUG_MAX, |s| taken.iter().any(|t| t == s)))
}

pub fn by_slug(conn: &mut PgConnection, slug: &str) -> QueryResult<Vendor> {
    vendors::table.filter(vendors::slug.eq(slug)).select(Vendor::as_select()).first(conn)
}

/// The vendor's editable details.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = vendors, treat_none_as_null = true)]
pub struct VendorChanges {
    pub name: String,
    pub website: String,
    pub terms_url: Option<String>,
    pub currency: String,
    pub attribution_window_days: i32,
}

pub fn update(conn: &mut PgConnection, id: VendorId, changes: &VendorChanges) -> QueryResult<()> {
    diesel::update(vendors::table.find(id)).set(changes).execute(conn)?;
    Ok(())
}

pub fn by_id(conn: &mut PgConnection, id: VendorId) -> QueryResult<Vendor> {
    vendors::table.find(id).select(Vendor::as_select()).first(conn)
}

/// Replaces the vendor's domains with `listed`. Without `proof_required`
/// each is allowed at once; with it, only those already allowed stay so and
/// the rest wait for proof. A trigger tells every node's redirect cache to
/// check the vendor's links again. Returns the domains waiting.
pub fn set_domains(
    conn: &mut PgConnection,
    vendor: VendorId,
    listed: &[String],
    proof_required: bool,
) -> QueryResult<Vec<String>> {
    let allowed: Vec<String> = vendors::table.find(vendor).select(vendors::allowed_domains).for_update().first(conn)?;
    let (allowed, pending): (Vec<String>, Vec<String>) =
        listed.iter().cloned().partition(|domain| !proof_required || allowed.contains(domain));
    diesel::update(vendors::table.find(vendor))
        .set((vendors::allowed_domains.eq(&allowed), vendors::pending_domains.eq(&pending)))
        .execute(conn)?;
    Ok(pending)
}

/// Moves a proven `domain` from waiting to allowed; false when it was not
/// waiting (removed meanwhile, or proven by a parallel check).
pub fn allow_proven_domain(conn: &mut PgConnection, vendor: VendorId, domain: &str) -> QueryResult<bool> {
    let (mut allowed, mut pending): (Vec<String>, Vec<String>) = vendors::table
        .find(vendor)
        .select((vendors::allowed_domains, vendors::pending_domains))
        .for_update()
        .first(conn)?;
    if !pending.iter().any(|d| d == domain) {
        return Ok(false);
    }
    pending.retain(|d| d != domain);
    allowed.push(domain.to_string());
    allowed.sort();
    diesel::update(vendors::table.find(vendor))
        .set((vendors::allowed_domains.eq(&allowed), vendors::pending_domains.eq(&pending)))
        .execute(conn)?;
    Ok(true)
}
