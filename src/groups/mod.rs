//! Groups: the vendor's partner segments, their Settings tab and their
//! public program pages. The Links tab lives in `links`, the Application
//! tab in `applications`.

mod forms;
mod list;
mod pages;
pub use pages::ResetFormPage;
mod public;
pub mod queries;
mod settings;

use actix_web::web;

use crate::db::ids::{GroupId, VendorId};
use crate::db::{self, DbPool};
use crate::web::AppError;

/// A group's tab, as the group's header highlights it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupTab {
    Offers,
    Links,
    LeadSubmission,
    DealRegistration,
    SocialContent,
    Application,
    Settings,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    let group = "/vendor/{vendor_slug}/groups/{group_id}";
    cfg.route("/vendor", web::get().to(list::first_vendor))
        .route("/vendor/{vendor_slug}", web::get().to(list::show))
        .route("/vendor/{vendor_slug}/groups", web::post().to(list::create))
        .route(&format!("{group}/settings"), web::get().to(settings::show))
        .route(&format!("{group}/rename"), web::post().to(settings::rename))
        .route(&format!("{group}/terms"), web::post().to(settings::set_terms))
        .route(&format!("{group}/default"), web::post().to(settings::make_default))
        .route(&format!("{group}/delete"), web::get().to(settings::confirm_delete))
        .route(&format!("{group}/delete"), web::post().to(settings::delete))
        .route("/programs/{vendor_slug}/{group_slug}", web::get().to(public::program_page));
}

/// `/vendor/{vendor_slug}/groups/{group_id}`, as handlers extract it.
pub type GroupPath = web::Path<(String, GroupId)>;

/// The group page (its Links tab).
pub fn group_path(vendor_slug: &str, group: GroupId) -> String {
    format!("/vendor/{vendor_slug}/groups/{group}")
}

/// The group's public program page.
pub fn program_path(vendor_slug: &str, group_slug: &str) -> String {
    format!("/programs/{vendor_slug}/{group_slug}")
}

/// The group's join link; with `referrer` (a partner code) the joiner
/// becomes that partner's child partner.
pub fn join_path(vendor_slug: &str, group_slug: &str, referrer: Option<&str>) -> String {
    match referrer.filter(|code| !code.is_empty()) {
        None => format!("/join/{vendor_slug}/{group_slug}"),
        Some(code) => {
            let encoded: String = url::form_urlencoded::byte_serialize(code.as_bytes()).collect();
            format!("/join/{vendor_slug}/{group_slug}?ref={encoded}")
        }
    }
}

/// The vendor's group, or the 404 page for anyone else's id.
pub async fn load(pool: &DbPool, vendor: VendorId, group: GroupId) -> Result<queries::Group, AppError> {
    db::run(pool, move |conn| Ok(queries::find(conn, vendor, group)?)).await
}

#[cfg(test)]
mod tests {
    use super::join_path;

    #[test]
    fn a_join_link_carries_the_referrer_only_when_there_is_one() {
        assert_eq!(join_path("acme", "vip", None), "/join/acme/vip");
        assert_eq!(join_path("acme", "vip", Some("")), "/join/acme/vip");
        assert_eq!(join_path("acme", "vip", Some("ab c&d")), "/join/acme/vip?ref=ab+c%26d");
    }
}
