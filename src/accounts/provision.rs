//! `partnerdesk vendor create`: the operator makes a vendor when public
//! vendor sign-up is closed. A new owner gets an email whose link sets
//! their password (the portal's outbox worker sends it).

use diesel::Connection;

use super::{onboarding, verify};
use crate::auth::queries as users;
use crate::config::Config;
use crate::domain::{EmailAddress, WebUrl};
use crate::email::{Outbox, Sealer, WakeUp};
use crate::vendors::queries::WebsiteTrust;
use crate::web::AppError;

/// What the command made.
pub struct Provisioned {
    pub slug: String,
    pub owner_email: String,
    /// A link to set the password was queued (the owner had no usable account).
    pub emailed: bool,
}

pub struct VendorRequest<'a> {
    pub name: &'a str,
    pub owner_email: &'a str,
    pub owner_name: Option<&'a str>,
    pub website: &'a str,
}

pub fn create(config: &Config, request: &VendorRequest) -> anyhow::Result<Provisioned> {
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        anyhow::bail!("--name must be 1 to 100 characters");
    }
    let email = EmailAddress::parse(request.owner_email).map_err(|m| anyhow::anyhow!("--owner-email: {m}"))?;
    let website = WebUrl::parse_lenient(request.website).map_err(|m| anyhow::anyhow!("--website: {m}"))?;
    let owner_name = request
        .owner_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default())
        .to_string();
    let pool = crate::db::prepare(&config.database_url)?;
    let mut conn = pool.get()?;
    let outbox = Outbox::new(Sealer::from_secret(config.session_key.expose()), config.base_url(), WakeUp::default());
    conn.transaction::<_, AppError, _>(|conn| {
        let owner = users::find_or_create_unclaimed(conn, email.as_str(), &owner_name)?;
        let vendor = onboarding::create_vendor(conn, name, &website, owner.id, WebsiteTrust::Trusted)?;
        let emailed = !owner.is_verified();
        if emailed {
            verify::send_link(conn, &outbox, &owner, &format!("/vendor/{}", vendor.slug), config.clock.now())?;
        }
        Ok(Provisioned { slug: vendor.slug, owner_email: owner.email, emailed })
    })
    .map_err(|e| anyhow::anyhow!("creating the vendor: {e}"))
}
