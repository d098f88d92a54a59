//! The Link Tracking Stats page.

use askama::Template;

use super::chart::{self, Chart};
use super::link_tracking::PERIODS;
use super::queries::Totals;
use crate::web::{Chrome, filters};

#[derive(Template)]
#[template(path = "stats/link_tracking.html")]
pub struct LinkTrackingPage {
    pub chrome: Chrome,
    pub currency: crate::domain::Currency,
    pub period: &'static str,
    pub links: Vec<Totals>,
    pub ads: Vec<Totals>,
    pub chart: Chart,
}

impl LinkTrackingPage {
    pub fn periods(&self) -> &'static [(&'static str, &'static str)] {
        &PERIODS
    }

    pub fn chart_width(&self) -> f64 {
        chart::WIDTH
    }

    pub fn chart_height(&self) -> f64 {
        chart::HEIGHT
    }
}

/// One number of an Overview with its change from the period before.
pub struct Measure {
    pub id: &'static str,
    pub label: &'static str,
    pub value: String,
    /// The same measure in other currencies, never converted: "+ £10.00".
    pub others: Vec<String>,
    pub change: String,
    /// "up", "down" or "same", for the change's colour and its words.
    pub trend: &'static str,
}

impl Measure {
    pub fn new(id: &'static str, label: &'static str, now: i64, before: i64, value: String) -> Measure {
        let trend = match now.cmp(&before) {
            std::cmp::Ordering::Greater => "up",
            std::cmp::Ordering::Less => "down",
            std::cmp::Ordering::Equal => "same",
        };
        Measure { id, label, value, others: Vec::new(), change: super::vendor_overview::change(now, before), trend }
    }
}

#[derive(Template)]
#[template(path = "stats/vendor_overview.html")]
pub struct VendorOverviewPage {
    pub chrome: Chrome,
    pub period: &'static str,
    pub measures: Vec<Measure>,
    pub width: f64,
    pub height: f64,
    pub clicks: Chart,
    pub signups: Chart,
    pub revenue: Chart,
    pub top_partners: Vec<super::vendor_queries::TopPartner>,
    pub top_partners_computed_at: String,
    /// "minute": how often the top partners are ranked again.
    pub ranked_every: String,
    pub top_links: Vec<super::vendor_queries::TopLink>,
    pub recent: Vec<super::vendor_queries::Event>,
    pub currency: crate::domain::Currency,
}

impl VendorOverviewPage {
    pub fn periods(&self) -> &'static [(&'static str, &'static str, i64)] {
        &super::vendor_overview::PERIODS
    }

    pub fn money(&self, cents: &i64) -> String {
        crate::domain::Money::new(*cents, self.currency).format()
    }

    pub fn event_amount(&self, event: &super::vendor_queries::Event) -> String {
        match (event.amount_cents, event.currency.as_deref().map(crate::domain::Currency::stored)) {
            (Some(cents), Some(currency)) => crate::domain::Money::new(cents, currency).format(),
            _ => String::new(),
        }
    }
}
