//! Applications: a group's application form (its Application tab), the
//! public join link, and the vendor's review of what comes in.

mod email;
mod form_settings;
pub mod forms;
mod join;
mod pages;
pub mod queries;
mod review;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let tab = "/vendor/{vendor_slug}/groups/{group_id}/application";
    cfg.route(tab, web::get().to(form_settings::show))
        .route(tab, web::post().to(form_settings::save))
        .route(&format!("{tab}/reset"), web::get().to(form_settings::confirm_reset))
        .route(&format!("{tab}/reset"), web::post().to(form_settings::reset))
        .configure(|cfg| crate::form_builder::routes::<form_settings::ApplicationFormTab>(cfg, tab))
        .route("/vendor/{vendor_slug}/applications", web::get().to(review::list))
        .route("/vendor/{vendor_slug}/applications/{application_id}/approve", web::post().to(review::approve))
        .route("/vendor/{vendor_slug}/applications/{application_id}/reject", web::post().to(review::reject))
        .route("/join/{vendor_slug}/{group_slug}", web::get().to(join::show))
        .route("/join/{vendor_slug}/{group_slug}", web::post().to(join::submit));
}
