//! Email invites: vendors invite partners into a group; invitees accept
//! through a one-time link and land in that program.

mod accept;
mod email;
mod forms;
mod manage;
mod pages;
pub mod queries;
pub mod token;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/invites", web::get().to(manage::list))
        .route("/vendor/{vendor_slug}/invites", web::post().to(manage::invite))
        .route("/vendor/{vendor_slug}/invites/{invite_id}/resend", web::post().to(manage::resend))
        .route("/vendor/{vendor_slug}/invites/{invite_id}/revoke", web::post().to(manage::revoke))
        .route("/invites/{token}", web::get().to(accept::open))
        .route("/invites/{token}/signup", web::post().to(accept::sign_up));
}
