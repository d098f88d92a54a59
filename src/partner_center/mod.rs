//! The partner center: the programs a person is a partner in.

mod handlers;
mod queries;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/partner", web::get().to(handlers::home))
        .route("/partner/{vendor_slug}", web::get().to(handlers::program));
}
