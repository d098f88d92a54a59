//! Lead submission and deal registration: a group's tab switches each on
//! and shapes its form and stages; partners submit leads and register deals
//! from the partner center; the vendor follows them on *Leads* and *Deals*,
//! moves them between stages and turns won ones into customers and sales.
//!
//! Both pipelines share every page and query; which one a request is about
//! is read from its route (see [`Pipeline`]'s extractor).

mod entries;
mod forms;
mod pages;
mod partner;
pub mod queries;
mod tab;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

pub use crate::db::states::Pipeline;
use crate::db::states::StageOutcome;
use crate::web::AppError;
use crate::web::Menu;

impl Pipeline {
    /// The group tab's path segment and name, as the articles call them.
    /// The group tab that sets this pipeline up.
    pub fn tab(self) -> crate::groups::GroupTab {
        match self {
            Pipeline::Leads => crate::groups::GroupTab::LeadSubmission,
            Pipeline::Deals => crate::groups::GroupTab::DealRegistration,
        }
    }

    pub fn tab_slug(self) -> &'static str {
        match self {
            Pipeline::Leads => "lead-submission",
            Pipeline::Deals => "deal-registration",
        }
    }

    pub fn tab_name(self) -> &'static str {
        match self {
            Pipeline::Leads => "Lead submission",
            Pipeline::Deals => "Deal registration",
        }
    }

    /// "Leads" or "Deals", for menus and headings.
    pub fn title(self) -> &'static str {
        match self {
            Pipeline::Leads => "Leads",
            Pipeline::Deals => "Deals",
        }
    }

    /// "lead" or "deal", inside sentences.
    pub fn noun(self) -> &'static str {
        match self {
            Pipeline::Leads => "lead",
            Pipeline::Deals => "deal",
        }
    }

    pub fn is_deals(self) -> bool {
        self == Pipeline::Deals
    }

    pub fn default_title(self) -> &'static str {
        match self {
            Pipeline::Leads => "Submit a lead",
            Pipeline::Deals => "Register a deal",
        }
    }

    pub fn default_description(self) -> &'static str {
        match self {
            Pipeline::Leads => "Know someone who needs us? Tell us who they are and we will take it from there.",
            Pipeline::Deals => "Working on a sale? Register the deal so it is credited to you when it closes.",
        }
    }

    pub fn default_stages(self) -> &'static [(&'static str, StageOutcome)] {
        match self {
            Pipeline::Leads => &[
                ("New", StageOutcome::Open),
                ("Qualified", StageOutcome::Open),
                ("Won", StageOutcome::Won),
                ("Lost", StageOutcome::Lost),
            ],
            Pipeline::Deals => &[
                ("New", StageOutcome::Open),
                ("Qualified", StageOutcome::Open),
                ("Proposal sent", StageOutcome::Open),
                ("Closed won", StageOutcome::Won),
                ("Closed lost", StageOutcome::Lost),
            ],
        }
    }

    /// The pipeline a route belongs to, from its registered pattern.
    fn of_pattern(pattern: &str) -> Option<Pipeline> {
        let segments: Vec<&str> = pattern.split('/').collect();
        [Pipeline::Leads, Pipeline::Deals]
            .into_iter()
            .find(|p| segments.iter().any(|s| *s == p.as_str() || *s == p.tab_slug()))
    }
}

impl FromRequest for Pipeline {
    type Error = AppError;
    type Future = std::future::Ready<Result<Pipeline, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(req.match_pattern().as_deref().and_then(Pipeline::of_pattern).ok_or(AppError::NotFound))
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    tab::routes(cfg);
    entries::routes(cfg);
    partner::routes(cfg);
}

/// The menu entry a pipeline's pages highlight.
pub fn menu_of(pipeline: Pipeline) -> Menu {
    match pipeline {
        Pipeline::Leads => Menu::Leads,
        Pipeline::Deals => Menu::Deals,
    }
}

#[cfg(test)]
mod tests {
    use super::Pipeline;

    #[test]
    fn a_route_names_its_pipeline_by_a_whole_segment() {
        assert_eq!(Pipeline::of_pattern("/vendor/{vendor_slug}/leads/{entry_id}"), Some(Pipeline::Leads));
        assert_eq!(
            Pipeline::of_pattern("/vendor/{vendor_slug}/groups/{group_id}/deal-registration"),
            Some(Pipeline::Deals)
        );
        assert_eq!(Pipeline::of_pattern("/partner/{vendor_slug}/deals/new"), Some(Pipeline::Deals));
        assert_eq!(Pipeline::of_pattern("/vendor/{vendor_slug}/leadsx"), None);
    }
}
