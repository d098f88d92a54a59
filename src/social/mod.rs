//! A group's *Social content* tab — an X post, a LinkedIn post and an email
//! with `{link}` and `{partner_name}` — and the share actions every tracking
//! link gets in the partner center: plain links (an X intent, a LinkedIn
//! share, a `mailto:`) filled with that partner's own tracking link, so they
//! work without JavaScript.

mod forms;
mod pages;
pub mod queries;
mod tab;

use actix_web::web;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

pub use queries::SocialContent;

pub fn routes(cfg: &mut web::ServiceConfig) {
    let tab = "/vendor/{vendor_slug}/groups/{group_id}/social-content";
    cfg.route(tab, web::get().to(tab::show)).route(tab, web::post().to(tab::save));
}

/// A template with the placeholders filled.
pub fn fill(template: &str, link: &str, partner_name: &str) -> String {
    template.replace("{link}", link).replace("{partner_name}", partner_name)
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// The three ways to share one tracking link.
#[derive(Debug, Clone)]
pub struct Share {
    pub x: String,
    pub linkedin: String,
    pub email: String,
}

impl Share {
    pub fn of(content: &SocialContent, link: &str, partner_name: &str) -> Share {
        let filled = |template: &str| encode(&fill(template, link, partner_name));
        Share {
            x: format!("https://twitter.com/intent/tweet?text={}", filled(&content.x_message)),
            linkedin: format!(
                "https://www.linkedin.com/shareArticle?mini=true&url={}&title={}&summary={}",
                encode(link),
                filled(&content.linkedin_title),
                filled(&content.linkedin_message)
            ),
            email: format!("mailto:?subject={}&body={}", filled(&content.email_subject), filled(&content.email_body)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Share, SocialContent, fill};

    #[test]
    fn placeholders_are_filled_and_every_share_url_is_encoded() {
        assert_eq!(
            fill("{partner_name}: {link} {link}", "https://p.io/go/a/b", "Ann"),
            "Ann: https://p.io/go/a/b https://p.io/go/a/b"
        );
        let content = SocialContent::default();
        let share = Share::of(&content, "https://p.io/go/a/b?x=1&y=2", "Ann & <Bob>");
        for url in [&share.x, &share.linkedin, &share.email] {
            assert!(!url.contains(' ') && !url.contains('<') && !url.contains("&y="), "{url}");
        }
        assert!(share.x.contains("https%3A%2F%2Fp%2Eio%2Fgo%2Fa%2Fb%3Fx%3D1%26y%3D2"));
        assert!(share.email.starts_with("mailto:?subject="));
        assert!(share.email.contains("%20"), "spaces as %20: mail programs do not read + as a space");
    }
}
