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
