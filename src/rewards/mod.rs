//! Rewards: a group's offers (its Offers tab), the commission ledger
//! they write as signups and sales arrive, and the approvals that follow.

mod commissions;
mod earnings;
mod email;
mod forms;
pub mod ledger;
mod offers;
mod pages;
mod payouts;
pub mod plan;
pub mod queries;
pub mod rules;

use std::time::Duration;

use actix_web::web;

use crate::db::ids::{GroupId, OfferId};
use crate::db::{self, DbPool};

/// How often pending commissions are checked for the end of their hold.
const APPROVAL_CHECK: Duration = Duration::from_secs(2);

/// Approves pending commissions as their hold periods end by `clock`, until aborted.
pub async fn approve_when_held(pool: DbPool, clock: crate::clock::Clock) {
    loop {
        let now = clock.now();
        match db::transaction(&pool, move |conn| Ok(queries::approve_due(conn, now)?)).await {
            Ok(0) => {}
            Ok(approved) => tracing::info!(approved, "commissions approved at the end of their hold"),
            Err(error) => tracing::warn!(%error, "could not approve held commissions; trying again"),
        }
        tokio::time::sleep(APPROVAL_CHECK).await;
    }
}

/// `/vendor/{vendor_slug}/groups/{group_id}/offers/{offer_id}`.
pub type OfferPath = web::Path<(String, GroupId, OfferId)>;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let offers = "/vendor/{vendor_slug}/groups/{group_id}/offers";
    cfg.route(offers, web::get().to(offers::list))
        .route(offers, web::post().to(offers::create))
        .route(&format!("{offers}/new"), web::get().to(offers::new))
        .route(&format!("{offers}/{{offer_id}}/edit"), web::get().to(offers::edit))
        .route(&format!("{offers}/{{offer_id}}"), web::post().to(offers::update))
        .route(&format!("{offers}/{{offer_id}}/archive"), web::post().to(offers::archive))
        .route(&format!("{offers}/{{offer_id}}/delete"), web::post().to(offers::delete))
        .route("/vendor/{vendor_slug}/commissions", web::get().to(commissions::list))
        .route("/vendor/{vendor_slug}/commissions.csv", web::get().to(commissions::export))
        .route("/vendor/{vendor_slug}/commissions/approve", web::post().to(commissions::approve))
        .route("/vendor/{vendor_slug}/commissions/reject", web::post().to(commissions::reject))
        .route("/vendor/{vendor_slug}/payouts", web::get().to(payouts::list))
        .route("/vendor/{vendor_slug}/payouts", web::post().to(payouts::create))
        .route("/vendor/{vendor_slug}/payouts/{batch}", web::get().to(payouts::batch))
        .route("/vendor/{vendor_slug}/payouts/{batch}/paid", web::post().to(payouts::mark_paid))
        .route("/vendor/{vendor_slug}/payouts/{batch}/csv", web::get().to(payouts::csv))
        .route("/partner/{vendor_slug}/payouts", web::get().to(payouts::of_partner))
        .route("/partner/{vendor_slug}/commission-structure", web::get().to(earnings::structure))
        .route("/partner/{vendor_slug}/earnings", web::get().to(earnings::earnings))
        .route("/partner/{vendor_slug}/earnings/{commission_id}", web::get().to(earnings::receipt));
}
