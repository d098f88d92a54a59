//! Vendors (tenants): their rows, the `VendorAdmin` guard, and the
//! Settings page with the company details and default terms. Making a
//! vendor with its default group, and its team, are `accounts`'.

pub mod domain_proof;
mod forms;
mod guard;
mod pages;
pub mod queries;
mod settings;

use actix_web::web;

pub use guard::VendorAdmin;
pub use queries::Vendor;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/settings", web::get().to(settings::show))
        .route("/vendor/{vendor_slug}/settings", web::post().to(settings::save))
        .route("/vendor/{vendor_slug}/settings/domains", web::post().to(settings::save_domains))
        .route("/vendor/{vendor_slug}/settings/domains/prove", web::post().to(settings::prove_domain));
}
