//! Recording what customers do — signups, sales and refunds — whoever
//! reports it: the API, Stripe's webhook, and won leads and deals. Each
//! step is idempotent by the reporter's own keys, runs in the event's
//! transaction, and writes the customer rows ([`crate::customers`]) and the
//! commissions they earn ([`crate::rewards::ledger`]) together, so the walk
//! of a sale goes down from here and never back up.
//!
//! * `record`: a customer (with its attribution), a sale, a refund, and
//!   the late credit of a customer first reported without a partner;
//! * `assign`: a person credits such a customer by hand;
//! * `deals`: won leads and deals become customers and sales;
//! * `stripe`: what each Stripe event means, and applying it.

mod assign;
pub mod deals;
pub mod record;
pub mod stripe;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/customers/{customer_id}/assign", web::post().to(assign::assign));
}
