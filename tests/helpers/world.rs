//! What a test stands on, said in one line and made through the app's own
//! queries (`partnerdesk::seed`):
//!
//! ```ignore
//! let acme = app.world().vendor("Acme").await; // its owner signed in on `app`
//! let gold = acme.group("Gold").await;
//! let ann = acme.partner("Ann Archer").in_group(&gold).await;
//! let bob = acme.partner("Bob Baker").referred_by(&ann).await;
//! ```
//!
//! Tests about signing up, joining or inviting go through those pages
//! instead; everyone else starts here.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::OnceLock;

use partnerdesk::db::ids::{GroupId, PartnershipId, VendorId};
use partnerdesk::seed::{self, NewVendor, Person};
use reqwest::StatusCode;

use super::app::{PASSWORD, TEST_DOMAINS, TestApp, UserAgent};
use super::db::with_connection;

/// One hash for every seeded person: Argon2 is slow on purpose.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| seed::password_hash(PASSWORD).expect("hashing the test password"))
}

pub struct World<'a> {
    app: &'a TestApp,
}

impl TestApp {
    pub fn world(&self) -> World<'_> {
        World { app: self }
    }
}

impl World<'_> {
    /// A vendor whose owner, `owner@<slug>.example`, is confirmed and signed
    /// in on the app's own agent; the test domains are allowed for links.
    pub async fn vendor(&self, company: &str) -> Vendor {
        self.vendor_on(company, &self.app.agent).await
    }

    /// A vendor whose owner is signed in on `agent`, e.g. a second vendor
    /// beside the app's own.
    pub async fn vendor_on(&self, company: &str, agent: &UserAgent) -> Vendor {
        let owner = format!("owner@{}.example", company.to_lowercase().replace(' ', "-"));
        let domains: Vec<String> = TEST_DOMAINS.lines().map(str::to_string).collect();
        let new = NewVendor {
            company,
            website: "https://example.com",
            owner: Person { name: "Owner", email: &owner, password_hash: password_hash() },
            domains: &domains,
        };
        let made = self.app.db.with(|conn| seed::vendor(conn, &new)).expect("seeding a vendor");
        let signed_in = agent.log_in(&owner, PASSWORD).await;
        assert_eq!(signed_in.status(), StatusCode::SEE_OTHER, "{owner} could not log in");
        let default_group = Group::of(&made.slug, made.default_group);
        let (address, database_url) = (self.app.address.clone(), self.app.database_url.clone());
        Vendor { address, database_url, id: made.id, slug: made.slug, owner, default_group }
    }
}

/// A seeded vendor; it holds where the app and its database are, not the
/// app itself, so a set-up function can return it beside the app.
pub struct Vendor {
    address: String,
    database_url: String,
    pub id: VendorId,
    pub slug: String,
    /// The owner's email, signed in on the app's agent.
    pub owner: String,
    pub default_group: Group,
}

impl Vendor {
    /// A group of this vendor, leading to `https://acme.example/<name>`.
    pub async fn group(&self, name: &str) -> Group {
        self.group_to(name, &format!("https://acme.example/{}", name.to_lowercase().replace(' ', "-"))).await
    }

    pub async fn group_to(&self, name: &str, destination: &str) -> Group {
        let made = with_connection(&self.database_url, |conn| seed::group(conn, self.id, name, destination))
            .expect("seeding a group");
        Group::of(&self.slug, made)
    }

    /// A partner joining the Default group, `pat@example.com` for "Pat",
    /// signed in on an agent of their own; see [`NewPartner`] for more.
    pub fn partner(&self, name: &str) -> NewPartner<'_> {
        let first = name.split_whitespace().next().unwrap_or(name).to_lowercase();
        NewPartner {
            vendor: self,
            name: name.to_string(),
            email: format!("{first}@example.com"),
            group: self.default_group.id,
            referrer: String::new(),
        }
    }
}

impl Vendor {
    /// Removes the partner as the All Partners page does, links kept working.
    pub fn remove(&self, partner: &Partner) {
        with_connection(&self.database_url, |conn| seed::remove_partner(conn, partner.id, &self.owner))
            .expect("removing a partner");
    }
}

pub struct Group {
    pub id: GroupId,
    /// The group's page in the dashboard.
    pub path: String,
}

impl Group {
    fn of(vendor_slug: &str, made: seed::SeededGroup) -> Group {
        Group { path: format!("/vendor/{vendor_slug}/groups/{}", made.id), id: made.id }
    }
}

/// A partner about to join; awaited, they have joined and are signed in.
pub struct NewPartner<'v> {
    vendor: &'v Vendor,
    name: String,
    email: String,
    group: GroupId,
    referrer: String,
}

impl NewPartner<'_> {
    pub fn in_group(mut self, group: &Group) -> Self {
        self.group = group.id;
        self
    }

    pub fn referred_by(mut self, recruiter: &Partner) -> Self {
        self.referrer = recruiter.code.clone();
        self
    }
}

impl<'v> IntoFuture for NewPartner<'v> {
    type Output = Partner;
    type IntoFuture = Pin<Box<dyn Future<Output = Partner> + 'v>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let vendor = self.vendor;
            let person = Person { name: &self.name, email: &self.email, password_hash: password_hash() };
            let made = with_connection(&vendor.database_url, |conn| {
                seed::partner(conn, vendor.id, self.group, &person, &self.referrer)
            })
            .expect("seeding a partner");
            let agent = UserAgent::new(&vendor.address, &vendor.database_url);
            let signed_in = agent.log_in(&self.email, PASSWORD).await;
            assert_eq!(signed_in.status(), StatusCode::SEE_OTHER, "{} could not log in", self.email);
            Partner { agent, id: made.id, code: made.code }
        })
    }
}

/// A partner who has joined, signed in on `agent`.
pub struct Partner {
    pub agent: UserAgent,
    pub id: PartnershipId,
    pub code: String,
}

impl std::ops::Deref for Partner {
    type Target = UserAgent;

    fn deref(&self) -> &UserAgent {
        &self.agent
    }
}
