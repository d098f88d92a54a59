//! Redirect links: a group's default and secondary links, managed on the
//! group's Links tab. A partner's individual links are made from the
//! partner's page (`partners::individual_links`) with this feature's form.

mod create;
mod edit;
pub mod forms;
pub mod pages;
pub mod queries;
mod tab;

use actix_web::web;

use crate::config::Config;
use crate::db::ids::LinkId;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let group = "/vendor/{vendor_slug}/groups/{group_id}";
    let link = "/vendor/{vendor_slug}/links/{link_id}";
    cfg.route(group, web::get().to(tab::show))
        .route(&format!("{group}/referral-links"), web::post().to(tab::set_referral_links))
        .route(&format!("{group}/links/new"), web::get().to(create::new_default))
        .route(&format!("{group}/links"), web::post().to(create::create_default))
        .route(&format!("{group}/secondary-links/new"), web::get().to(create::new_secondary))
        .route(&format!("{group}/secondary-links"), web::post().to(create::create_secondary))
        .route(&format!("{link}/edit"), web::get().to(edit::show))
        .route(link, web::post().to(edit::update))
        .route(&format!("{link}/delete"), web::get().to(edit::confirm_delete))
        .route(&format!("{link}/delete"), web::post().to(edit::delete));
}

/// `/vendor/{vendor_slug}/links/{link_id}`, as handlers extract it.
type LinkPath = web::Path<(String, LinkId)>;

/// `BASE_URL/go/`: every tracking URL starts with it.
pub fn tracking_prefix(config: &Config) -> String {
    format!("{}/go/", config.base_url())
}

/// A partner's tracking URL for one link, through one of their ads or none.
pub fn tracking_url(config: &Config, link_code: &str, partner_code: &str, ad_code: Option<&str>) -> String {
    let url = format!("{}{link_code}/{partner_code}", tracking_prefix(config));
    match ad_code {
        Some(ad) => format!("{url}/{ad}"),
        None => url,
    }
}
