//! Vendors (tenants): created at vendor sign-up with their default group;
//! their Settings page holds the company details and default terms.

pub mod domain_proof;
mod forms;
mod guard;
mod pages;
pub mod provision;
pub mod queries;
mod settings;
pub mod team;

use actix_web::web;

pub use guard::VendorAdmin;
pub use queries::Vendor;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/settings", web::get().to(settings::show))
        .route("/vendor/{vendor_slug}/settings", web::post().to(settings::save))
        .route("/vendor/{vendor_slug}/settings/domains", web::post().to(settings::save_domains))
        .route("/vendor/{vendor_slug}/settings/domains/prove", web::post().to(settings::prove_domain))
        .configure(team::routes);
}
