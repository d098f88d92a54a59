//! The vendor dashboard's groups: the list and each group's page.

mod handlers;
mod pages;
pub mod queries;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor", web::get().to(handlers::first_vendor))
        .route("/vendor/{vendor_slug}", web::get().to(handlers::list))
        .route("/vendor/{vendor_slug}/groups/{group_id}", web::get().to(handlers::show));
}
