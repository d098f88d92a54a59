//! Banners: the vendor uploads images (PNG, JPEG, GIF or WebP, at most 2 MB)
//! for a group's link; partners copy ready-made HTML that links the image
//! to their own tracking URL. Each partner's banner clicks carry an ad code
//! of theirs tied to the banner, so the tracker counts them per banner.

mod image;
mod media;
mod pages;
mod partner;
mod queries;
mod vendor;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/banners", web::get().to(vendor::index))
        .route("/vendor/{vendor_slug}/banners", web::post().to(vendor::upload))
        .route("/vendor/{vendor_slug}/banners/{banner_id}/delete", web::post().to(vendor::delete))
        .route("/partner/{vendor_slug}/banners", web::get().to(partner::index))
        .route("/media/banners/{file}", web::get().to(media::serve));
}

/// The public address of a banner's image: its id and a piece of its hash,
/// so ids cannot be walked and a new image gets a new address.
pub fn image_path(id: crate::db::ids::BannerId, sha256: &str, media_type: &str) -> String {
    let extension = media_type.trim_start_matches("image/").replace("jpeg", "jpg");
    format!("/media/banners/{id}-{}.{extension}", &sha256[..16.min(sha256.len())])
}
