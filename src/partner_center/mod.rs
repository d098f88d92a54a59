//! The partner center: the programs a person is a partner in, and the
//! resources to promote each one.

mod ads;
mod forms;
mod generator;
mod home;
mod pages;
mod queries;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let program = "/partner/{vendor_slug}";
    cfg.route("/partner", web::get().to(home::home))
        .route(program, web::get().to(home::program))
        .route(&format!("{program}/links"), web::get().to(generator::show))
        .route(&format!("{program}/secondary-links"), web::get().to(generator::secondary))
        .route(&format!("{program}/secondary-links/{{link_id}}/activate"), web::post().to(generator::activate))
        .route(&format!("{program}/ads/new"), web::get().to(ads::new))
        .route(&format!("{program}/ads"), web::post().to(ads::create))
        .route(&format!("{program}/ads/{{ad_id}}/edit"), web::get().to(ads::edit))
        .route(&format!("{program}/ads/{{ad_id}}"), web::post().to(ads::update));
}
