//! Accounts: sign-up for vendors and partners (a new vendor with its
//! default group, from the form or the operator's `partnerdesk vendor
//! create`), a vendor's team, log-in, log-out and the account page.

mod account;
mod forms;
mod login;
pub mod onboarding;
mod pages;
pub mod provision;
mod queries;
mod reset;
mod signup;
mod team;
pub mod verify;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(login::show))
        .route("/login", web::post().to(login::submit))
        .route("/logout", web::post().to(account::log_out))
        .route("/signup/vendor", web::get().to(signup::show_vendor))
        .route("/signup/vendor", web::post().to(signup::submit_vendor))
        .route("/signup/partner", web::get().to(signup::show_partner))
        .route("/signup/partner", web::post().to(signup::submit_partner))
        .route("/account", web::get().to(account::show))
        .route("/account/password", web::post().to(account::change_password))
        .route("/account/notifications", web::post().to(account::save_notifications))
        .route("/account/verify", web::post().to(verify::resend))
        .route("/verify/{token}", web::get().to(verify::show))
        .route("/verify/{token}", web::post().to(verify::confirm))
        .route("/password/forgot", web::get().to(reset::forgot))
        .route("/password/forgot", web::post().to(reset::request))
        .route("/password/reset/{token}", web::get().to(reset::show))
        .route("/password/reset/{token}", web::post().to(reset::reset))
        .configure(team::routes);
}

/// Where to go after signing in: `next` when it is a path on this site,
/// else the dashboard for vendor admins and the partner center for others.
pub fn landing(next: &str, first_vendor: Option<&str>) -> String {
    if is_local_path(next) {
        return next.to_string();
    }
    match first_vendor {
        Some(slug) => format!("/vendor/{slug}"),
        None => "/partner".to_string(),
    }
}

/// Only same-site paths: "//evil.com" and "/\evil.com" are other sites to a browser.
pub(crate) fn is_local_path(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::landing;

    #[test]
    fn only_local_paths_are_followed_after_log_in() {
        assert_eq!(landing("/vendor/acme/groups/3", None), "/vendor/acme/groups/3");
        for hostile in ["https://evil.com", "//evil.com", "/\\evil.com", "", "javascript:x"] {
            assert_eq!(landing(hostile, Some("acme")), "/vendor/acme", "{hostile:?}");
        }
        assert_eq!(landing("", None), "/partner");
    }
}
