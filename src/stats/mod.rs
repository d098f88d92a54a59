//! Stats: every clicks / signups / revenue aggregate (`queries`), and the
//! partner center's Link Tracking Stats page.

pub mod chart;
mod forms;
mod link_tracking;
pub mod overview;
mod pages;
pub mod queries;
mod top_partners;
mod vendor_overview;
mod vendor_queries;

use actix_web::web;

pub use forms::PeriodQuery;
pub use top_partners::TopPartnersCache;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/overview", web::get().to(vendor_overview::show))
        .route("/partner/{vendor_slug}/stats", web::get().to(link_tracking::show))
        .route("/partner/{vendor_slug}/stats.csv", web::get().to(link_tracking::export));
}
