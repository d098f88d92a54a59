//! Customers a vendor reports and the money they bring: attribution (who
//! is credited, and why), the rows `conversions` writes, and the
//! vendor's Customers pages.

pub mod attribution;
pub mod detail;
pub mod evidence;
pub mod forms;
mod lines;
mod list;
mod pages;
pub mod queries;

use actix_web::web;

use crate::db::ids::CustomerId;

pub type CustomerPath = web::Path<(String, CustomerId)>;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/customers", web::get().to(list::show))
        .route("/vendor/{vendor_slug}/customers.csv", web::get().to(list::export))
        .route("/vendor/{vendor_slug}/customers/{customer_id}", web::get().to(detail::show));
}
