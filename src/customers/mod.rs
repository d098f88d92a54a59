//! Customers a vendor reports and the money they bring: attribution (who
//! is credited, and why), the rows the conversion API and Stripe write,
//! and the vendor's Customers pages.

pub mod attribution;
mod detail;
mod forms;
mod list;
mod pages;
pub mod queries;
pub mod record;

use actix_web::web;

use crate::db::ids::CustomerId;

pub type CustomerPath = web::Path<(String, CustomerId)>;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/customers", web::get().to(list::show))
        .route("/vendor/{vendor_slug}/customers.csv", web::get().to(list::export))
        .route("/vendor/{vendor_slug}/customers/{customer_id}", web::get().to(detail::show))
        .route("/vendor/{vendor_slug}/customers/{customer_id}/assign", web::post().to(detail::assign));
}
