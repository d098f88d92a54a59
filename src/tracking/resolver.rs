//! From the codes in a tracking URL to the place to send the visitor,
//! answered from bounded in-process caches; a miss is filled from
//! PostgreSQL. Changes reach the caches through `invalidation`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::{PgConnection, QueryResult};
use moka::Expiry;
use moka::sync::Cache;

use super::destination::RedirectBase;
use super::queries;
use crate::db::ids::{AdId, GroupId, LinkId, PartnershipId, VendorId};
use crate::db::states::{LinkKind, PartnershipStatus};
use crate::links::queries::Link;

/// How long "no such code" is remembered, so random codes cannot hammer
/// PostgreSQL yet a code created a moment later soon works.
const NEGATIVE_TTL: Duration = Duration::from_secs(5);

/// What a redirect needs of a link.
#[derive(Debug)]
pub struct LinkEntry {
    pub id: LinkId,
    pub vendor: VendorId,
    /// `None` for an individual link.
    pub group: Option<GroupId>,
    /// The only partnership an individual link works for.
    pub owner: Option<PartnershipId>,
    pub secondary: bool,
    pub redirect: RedirectBase,
}

/// What a redirect needs of a partnership.
#[derive(Debug, Clone, Copy)]
pub struct PartnerEntry {
    pub id: PartnershipId,
    /// Pending partners (invite not accepted) and removed partners whose
    /// links were deactivated get 404.
    pub redirects: bool,
}

/// The codes of one tracking URL.
#[derive(Debug, Clone)]
pub struct Codes {
    pub link: String,
    pub partner: String,
    pub ad: Option<String>,
}

/// Where a click goes, and what it is counted against.
#[derive(Debug, Clone)]
pub struct Target {
    pub link: Arc<LinkEntry>,
    pub partnership: PartnershipId,
    pub ad: Option<AdId>,
}

#[derive(Debug, Clone)]
pub enum Resolution {
    Redirect(Target),
    /// A secondary link this partner has not activated yet.
    NotActivated,
    NotFound,
}

/// Cached `None`s ("not found") expire; found entries stay until evicted
/// or invalidated.
struct NegativesExpire;

impl<K, V> Expiry<K, Option<V>> for NegativesExpire {
    fn expire_after_create(&self, _: &K, value: &Option<V>, _: Instant) -> Option<Duration> {
        value.is_none().then_some(NEGATIVE_TTL)
    }
}

type Lookup<K, V> = Cache<K, Option<V>>;

fn lookup_cache<K, V>(capacity: u64) -> Lookup<K, V>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    Cache::builder().max_capacity(capacity).expire_after(NegativesExpire).build()
}

/// The resolution caches: bounded, least recently used entries go first.
pub struct Resolver {
    links: Lookup<String, Arc<LinkEntry>>,
    partners: Lookup<(VendorId, String), PartnerEntry>,
    ads: Lookup<(PartnershipId, String), AdId>,
    referral_on: Cache<GroupId, bool>,
    activations: Cache<(LinkId, PartnershipId), bool>,
    /// Bumped by every invalidation: a load that read the database before
    /// one must not cache what it read.
    generation: AtomicU64,
}

impl Resolver {
    /// Caches of at most `capacity` entries each.
    pub fn new(capacity: u64) -> Self {
        Resolver {
            links: lookup_cache(capacity),
            partners: lookup_cache(capacity),
            ads: lookup_cache(capacity),
            referral_on: Cache::new(capacity),
            activations: Cache::new(capacity),
            generation: AtomicU64::new(0),
        }
    }

    /// The resolution from memory alone; `None` when something it needs is
    /// not cached.
    pub fn cached(&self, codes: &Codes) -> Option<Resolution> {
        decide(&mut Memory(self), codes).ok().flatten()
    }

    /// The resolution, reading what is not cached from the database and
    /// caching it.
    pub fn load(&self, conn: &mut PgConnection, codes: &Codes) -> QueryResult<Resolution> {
        let generation = self.generation.load(Ordering::SeqCst);
        let decided = decide(&mut Database { resolver: self, conn, generation }, codes)?;
        // The database answers every lookup, so a decision is always reached.
        Ok(decided.unwrap_or(Resolution::NotFound))
    }

    pub fn forget_link(&self, code: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.links.invalidate(code);
    }

    pub fn forget_partner(&self, vendor: VendorId, code: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.partners.invalidate(&(vendor, code.to_string()));
    }

    pub fn forget_ad(&self, partnership: PartnershipId, code: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.ads.invalidate(&(partnership, code.to_string()));
    }

    pub fn forget_group(&self, group: GroupId) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.referral_on.invalidate(&group);
    }

    pub fn forget_activation(&self, link: LinkId, partnership: PartnershipId) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.activations.invalidate(&(link, partnership));
    }

    /// Drops everything, e.g. when notifications may have been missed.
    pub fn forget_all(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.links.invalidate_all();
        self.partners.invalidate_all();
        self.ads.invalidate_all();
        self.referral_on.invalidate_all();
        self.activations.invalidate_all();
    }

    /// Entries held, over all caches.
    pub fn entries(&self) -> u64 {
        self.links.entry_count()
            + self.partners.entry_count()
            + self.ads.entry_count()
            + self.referral_on.entry_count()
            + self.activations.entry_count()
    }
}

/// Where the decision's facts come from. `Ok(None)` means "not known here".
trait Facts {
    fn link(&mut self, code: &str) -> QueryResult<Option<Option<Arc<LinkEntry>>>>;
    fn partner(&mut self, vendor: VendorId, code: &str) -> QueryResult<Option<Option<PartnerEntry>>>;
    fn referral_on(&mut self, group: GroupId) -> QueryResult<Option<bool>>;
    fn ad(&mut self, partnership: PartnershipId, code: &str) -> QueryResult<Option<Option<AdId>>>;
    fn activated(&mut self, link: LinkId, partnership: PartnershipId) -> QueryResult<Option<bool>>;
}

/// The one place a tracking URL is judged. Unknown codes, a deleted link,
/// a group with referral links off, another partner's individual link, an
/// ad of someone else, a pending partnership and a removed partnership
/// whose links were deactivated are all NotFound. `Ok(None)`: a fact was
/// not known.
fn decide(facts: &mut impl Facts, codes: &Codes) -> QueryResult<Option<Resolution>> {
    let Some(link) = facts.link(&codes.link)? else { return Ok(None) };
    let Some(link) = link else { return Ok(Some(Resolution::NotFound)) };
    let Some(partner) = facts.partner(link.vendor, &codes.partner)? else { return Ok(None) };
    let Some(partner) = partner.filter(|p| p.redirects) else { return Ok(Some(Resolution::NotFound)) };
    if link.owner.is_some_and(|owner| owner != partner.id) {
        return Ok(Some(Resolution::NotFound));
    }
    if let Some(group) = link.group {
        match facts.referral_on(group)? {
            None => return Ok(None),
            Some(false) => return Ok(Some(Resolution::NotFound)),
            Some(true) => {}
        }
    }
    let ad = match &codes.ad {
        None => None,
        Some(code) => match facts.ad(partner.id, code)? {
            None => return Ok(None),
            Some(None) => return Ok(Some(Resolution::NotFound)),
            Some(found) => found,
        },
    };
    if link.secondary {
        match facts.activated(link.id, partner.id)? {
            None => return Ok(None),
            Some(false) => return Ok(Some(Resolution::NotActivated)),
            Some(true) => {}
        }
    }
    Ok(Some(Resolution::Redirect(Target { link, partnership: partner.id, ad })))
}

/// Facts from the caches only.
struct Memory<'a>(&'a Resolver);

impl Facts for Memory<'_> {
    fn link(&mut self, code: &str) -> QueryResult<Option<Option<Arc<LinkEntry>>>> {
        Ok(self.0.links.get(code))
    }

    fn partner(&mut self, vendor: VendorId, code: &str) -> QueryResult<Option<Option<PartnerEntry>>> {
        Ok(self.0.partners.get(&(vendor, code.to_string())))
    }

    fn referral_on(&mut self, group: GroupId) -> QueryResult<Option<bool>> {
        Ok(self.0.referral_on.get(&group))
    }

    fn ad(&mut self, partnership: PartnershipId, code: &str) -> QueryResult<Option<Option<AdId>>> {
        Ok(self.0.ads.get(&(partnership, code.to_string())))
    }

    fn activated(&mut self, link: LinkId, partnership: PartnershipId) -> QueryResult<Option<bool>> {
        Ok(self.0.activations.get(&(link, partnership)))
    }
}

/// Facts from the caches, or else from the database (then cached).
struct Database<'a> {
    resolver: &'a Resolver,
    conn: &'a mut PgConnection,
    generation: u64,
}

impl Database<'_> {
    /// The cached value of `key`, or else the one `load` reads, which is
    /// cached unless something was invalidated since this load began (what
    /// was read may then be stale already).
    fn through<K, V>(
        &mut self,
        cache: &Cache<K, V>,
        key: K,
        load: impl FnOnce(&mut PgConnection) -> QueryResult<V>,
    ) -> QueryResult<Option<V>>
    where
        K: std::hash::Hash + Eq + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
    {
        if let Some(known) = cache.get(&key) {
            return Ok(Some(known));
        }
        let value = load(self.conn)?;
        if self.resolver.generation.load(Ordering::SeqCst) == self.generation {
            cache.insert(key, value.clone());
        }
        Ok(Some(value))
    }
}

impl Facts for Database<'_> {
    fn link(&mut self, code: &str) -> QueryResult<Option<Option<Arc<LinkEntry>>>> {
        let resolver = self.resolver;
        self.through(&resolver.links, code.to_string(), |conn| Ok(queries::live_link(conn, code)?.and_then(link_entry)))
    }

    fn partner(&mut self, vendor: VendorId, code: &str) -> QueryResult<Option<Option<PartnerEntry>>> {
        let resolver = self.resolver;
        self.through(&resolver.partners, (vendor, code.to_string()), |conn| {
            Ok(queries::partnership(conn, vendor, code)?.map(|(id, status, deactivated)| PartnerEntry {
                id,
                redirects: match status {
                    PartnershipStatus::Active => true,
                    PartnershipStatus::Pending => false,
                    PartnershipStatus::Removed => !deactivated,
                },
            }))
        })
    }

    fn referral_on(&mut self, group: GroupId) -> QueryResult<Option<bool>> {
        let resolver = self.resolver;
        self.through(&resolver.referral_on, group, |conn| queries::referral_links_on(conn, group))
    }

    fn ad(&mut self, partnership: PartnershipId, code: &str) -> QueryResult<Option<Option<AdId>>> {
        let resolver = self.resolver;
        self.through(&resolver.ads, (partnership, code.to_string()), |conn| queries::ad(conn, partnership, code))
    }

    fn activated(&mut self, link: LinkId, partnership: PartnershipId) -> QueryResult<Option<bool>> {
        let resolver = self.resolver;
        self.through(&resolver.activations, (link, partnership), |conn| queries::activated(conn, link, partnership))
    }
}

/// What the redirect keeps of a link; `None` for a destination that is not
/// an absolute URL (none is saved so, but a redirect must never guess).
fn link_entry(link: Link) -> Option<Arc<LinkEntry>> {
    let redirect = RedirectBase::new(&link.destination_url, &link.utms())?;
    Some(Arc::new(LinkEntry {
        id: link.id,
        vendor: link.vendor_id,
        group: link.group_id,
        owner: link.partnership_id,
        secondary: link.kind == LinkKind::Secondary,
        redirect,
    }))
}
