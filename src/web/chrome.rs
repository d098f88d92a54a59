//! What every page's layout needs besides its own content: the signed-in
//! person's menus, the CSRF token for forms, and a pending flash message.

use serde::{Deserialize, Serialize};

use super::assets;

/// (program slug, pipeline) for each pipeline a program takes from its partners.
pub type Submissions = Vec<(String, crate::db::states::Pipeline)>;

/// A vendor or program in a menu or switcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashKind {
    Success,
    Error,
}

/// A one-time message shown on the next page, after a redirect.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub message: String,
}

impl Flash {
    pub fn success(message: impl Into<String>) -> Self {
        Flash { kind: FlashKind::Success, message: message.into() }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Flash { kind: FlashKind::Error, message: message.into() }
    }

    pub fn css_class(&self) -> &'static str {
        match self.kind {
            FlashKind::Success => "flash-success",
            FlashKind::Error => "flash-error",
        }
    }
}

/// Which layout a page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Public,
    Vendor,
    Partner,
}

/// The left-menu entry a page highlights, in the vendor dashboard or the
/// partner center (some names serve both: Overview, Payouts, Banners).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// No entry: public pages and the account page.
    None,
    ApiKeys,
    Applications,
    Banners,
    Commissions,
    Customers,
    Deals,
    Earnings,
    EmailTemplates,
    Generator,
    Groups,
    Import,
    Integration,
    Invites,
    Leads,
    Overview,
    Partners,
    Payouts,
    Programs,
    ResourcePages,
    Secondary,
    Settings,
    Stats,
    Structure,
    Team,
}

/// Layout context carried by every page struct as `chrome`.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub asset_version: &'static str,
    pub csrf_token: String,
    pub flash: Option<Flash>,
    /// Name of the signed-in person; `None` for visitors.
    pub user_name: Option<String>,
    pub vendors: Vec<NavItem>,
    pub programs: Vec<NavItem>,
    /// (program slug, pipeline) for each pipeline open to the partner.
    pub submissions: Submissions,
    pub area: Area,
    /// The vendor (dashboard) or program (partner center) being shown.
    pub current: Option<NavItem>,
    /// The left-menu entry to highlight.
    pub menu: Menu,
    /// The signed-in person's email while they have not confirmed it.
    pub unverified_email: Option<String>,
}

impl Chrome {
    /// A context with no session, for error pages written outside a handler.
    pub fn bare() -> Self {
        Chrome {
            asset_version: assets::version(),
            csrf_token: String::new(),
            flash: None,
            user_name: None,
            vendors: Vec::new(),
            programs: Vec::new(),
            submissions: Vec::new(),
            area: Area::Public,
            current: None,
            menu: Menu::None,
            unverified_email: None,
        }
    }

    pub fn signed_in(&self) -> bool {
        self.user_name.is_some()
    }

    pub fn in_vendor_area(&self) -> bool {
        self.area == Area::Vendor
    }

    pub fn in_partner_area(&self) -> bool {
        self.area == Area::Partner
    }

    pub fn current_slug(&self) -> &str {
        self.current.as_ref().map(|c| c.slug.as_str()).unwrap_or("")
    }

    pub fn current_name(&self) -> &str {
        self.current.as_ref().map(|c| c.name.as_str()).unwrap_or("")
    }

    pub fn is_current(&self, slug: &str) -> bool {
        self.current_slug() == slug
    }

    /// Whether the open program takes `pipeline` ("leads", "deals") from its partners.
    pub fn takes(&self, pipeline: &str) -> bool {
        self.submissions.iter().any(|(slug, p)| self.is_current(slug) && p.as_str() == pipeline)
    }
}
