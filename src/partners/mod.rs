//! Partnerships: a person's membership in one vendor's program, and the
//! vendor's Partner Management over them. `directory.rs` holds the All
//! Partners queries, `import/` the CSV import.

mod bulk;
mod detail;
mod directory;
mod forms;
mod guard;
mod individual_links;
mod list;
mod pages;
pub mod queries;

use actix_web::web;

use crate::db::ids::PartnershipId;
pub use guard::Partner;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/vendor/{vendor_slug}/partners";
    cfg.route(base, web::get().to(list::show))
        .route("/vendor/{vendor_slug}/partners.csv", web::get().to(list::export))
        .route(&format!("{base}/remove"), web::get().to(bulk::confirm_remove))
        .route(&format!("{base}/remove"), web::post().to(bulk::remove))
        .route(&format!("{base}/move"), web::get().to(bulk::confirm_move))
        .route(&format!("{base}/move"), web::post().to(bulk::move_group))
        .route(&format!("{base}/{{partner_id}}"), web::get().to(detail::show))
        .route(&format!("{base}/{{partner_id}}/links/new"), web::get().to(individual_links::new))
        .route(&format!("{base}/{{partner_id}}/links"), web::post().to(individual_links::create));
}

/// `/vendor/{vendor_slug}/partners/{partner_id}`, as handlers extract it.
pub type PartnerPath = web::Path<(String, PartnershipId)>;

/// The partner ids of a bulk form (`ids=1&ids=2…`); serde cannot read repeats.
fn selected_ids(encoded: &[u8]) -> Vec<PartnershipId> {
    let mut ids: Vec<PartnershipId> = url::form_urlencoded::parse(encoded)
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok().map(PartnershipId))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
