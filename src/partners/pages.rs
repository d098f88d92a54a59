//! Partner Management's pages: All Partners, a partner's page, and the
//! confirmations of the bulk actions.

use askama::Template;
use chrono::{DateTime, Utc};

use super::directory::{Filter, PAGE_SIZE, PartnerRow, SORTS};
use super::queries::{Child, Partnership, Person};
use crate::db::ids::PartnershipId;
use crate::db::states::PartnershipStatus;
use crate::groups::queries::Group;
use crate::links::queries::Link;
use crate::web::count::Count;
use crate::web::{Chrome, filters};

#[derive(Template)]
#[template(path = "partners/list.html")]
pub struct AllPartnersPage {
    pub chrome: Chrome,
    pub currency: crate::domain::Currency,
    pub rows: Vec<PartnerRow>,
    pub total: Count,
    pub groups: Vec<Group>,
    pub filter: Filter,
    pub group_param: String,
}

impl AllPartnersPage {
    pub fn sorts(&self) -> &'static [(&'static str, &'static str, &'static str)] {
        &SORTS
    }

    pub fn pages(&self) -> i64 {
        self.total.pages(PAGE_SIZE)
    }

    /// This list's address on another page, every filter kept.
    pub fn page_link(&self, page: i64) -> String {
        format!("/vendor/{}/partners?{}&page={page}", self.chrome.current_slug(), self.filter_query())
    }

    /// The CSV of every partner this list's filters match.
    pub fn csv_link(&self) -> String {
        format!("/vendor/{}/partners.csv?{}", self.chrome.current_slug(), self.filter_query())
    }

    fn filter_query(&self) -> String {
        let status = if self.filter.removed { PartnershipStatus::Removed } else { PartnershipStatus::Active };
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &self.filter.search)
            .append_pair("group", &self.group_param)
            .append_pair("status", status.as_str())
            .append_pair("sort", &self.filter.sort)
            .finish()
    }
}

/// One line of the activity log.
pub struct Activity {
    pub at: DateTime<Utc>,
    pub what: String,
    pub by: String,
}

/// Everything the partner page shows about one partnership.
pub struct PartnerView {
    pub partnership: Partnership,
    pub person: Person,
    pub group: Group,
    pub parent: Option<(String, String)>,
    pub children: Vec<Child>,
    pub default_links: Vec<Link>,
    pub individual_links: Vec<Link>,
    pub secondary_links: Vec<(Link, bool)>,
    pub activity: Vec<Activity>,
    /// All-time clicks, signups and revenue.
    pub results: crate::stats::queries::Activity,
    /// The customers credited to the partner, newest first.
    pub customers: Vec<crate::customers::queries::Customer>,
}

impl PartnerView {
    pub fn is_removed(&self) -> bool {
        self.partnership.status == PartnershipStatus::Removed
    }
}

#[derive(Template)]
#[template(path = "partners/show.html")]
pub struct PartnerPage {
    pub chrome: Chrome,
    pub currency: crate::domain::Currency,
    pub p: PartnerView,
    pub tracking_prefix: String,
}

/// A selected partner as the confirmation pages list them.
pub struct Selected {
    pub id: PartnershipId,
    pub name: String,
    pub email: String,
    pub code: String,
}

#[derive(Template)]
#[template(path = "partners/remove.html")]
pub struct RemovePage {
    pub chrome: Chrome,
    pub selected: Vec<Selected>,
}

#[derive(Template)]
#[template(path = "partners/move.html")]
pub struct MovePage {
    pub chrome: Chrome,
    pub selected: Vec<Selected>,
    pub groups: Vec<Group>,
}
