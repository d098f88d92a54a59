//! What a vendor writes for a group's partners — *E-mail Templates* with the
//! partner's link filled in, and *Resource Pages* in Markdown (FAQs, brand
//! guidelines) — and the partner center's Resources that show them.

mod forms;
mod pages;
mod partner;
pub mod queries;
mod vendor;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

pub use crate::db::states::ResourceKind;
use crate::web::AppError;

impl ResourceKind {
    /// The path segment of its pages, vendor and partner alike.
    pub fn segment(self) -> &'static str {
        match self {
            ResourceKind::Email => "email-templates",
            ResourceKind::Page => "resource-pages",
        }
    }

    /// The menu entry its pages highlight.
    pub fn menu(self) -> crate::web::Menu {
        match self {
            ResourceKind::Email => crate::web::Menu::EmailTemplates,
            ResourceKind::Page => crate::web::Menu::ResourcePages,
        }
    }

    /// The menu's name for the list (Keap's names).
    pub fn title(self) -> &'static str {
        match self {
            ResourceKind::Email => "E-mail Templates",
            ResourceKind::Page => "Resource Pages",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            ResourceKind::Email => "e-mail template",
            ResourceKind::Page => "resource page",
        }
    }

    pub fn is_email(self) -> bool {
        self == ResourceKind::Email
    }

    fn of_pattern(pattern: &str) -> Option<ResourceKind> {
        [ResourceKind::Email, ResourceKind::Page].into_iter().find(|k| pattern.split('/').any(|s| s == k.segment()))
    }
}

impl FromRequest for ResourceKind {
    type Error = AppError;
    type Future = std::future::Ready<Result<ResourceKind, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(req.match_pattern().as_deref().and_then(ResourceKind::of_pattern).ok_or(AppError::NotFound))
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    vendor::routes(cfg);
    partner::routes(cfg);
}

/// Markdown as HTML that is safe to show: anything that could run script
/// or restyle the page is dropped by ammonia's allow-list.
pub fn markdown_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default().link_rel(Some("noopener noreferrer nofollow")).clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::{ResourceKind, markdown_html};

    #[test]
    fn markdown_is_rendered_and_scripts_handlers_and_script_urls_are_dropped() {
        let html = markdown_html(
            "# FAQ\n\n**Bold** [ok](https://acme.example) [bad](javascript:alert(1))\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>FAQ</h1>") && html.contains("<strong>Bold</strong>"));
        assert!(html.contains("href=\"https://acme.example\""));
        for bad in ["<script", "javascript:", "onerror"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn a_route_names_its_kind_by_a_whole_segment() {
        assert_eq!(
            ResourceKind::of_pattern("/partner/{vendor_slug}/resource-pages/{resource_id}"),
            Some(ResourceKind::Page)
        );
        assert_eq!(ResourceKind::of_pattern("/vendor/{vendor_slug}/email-templates"), Some(ResourceKind::Email));
        assert_eq!(ResourceKind::of_pattern("/vendor/{vendor_slug}/email-templates-x"), None);
    }
}
