//! The banners' pages.

use askama::Template;

use super::queries::{Banner, Listed};
use crate::db::ids::LinkId;
use crate::web::{Chrome, FormErrors};

/// The upload form's typed fields (the file is never sent back).
#[derive(Debug, Default, Clone)]
pub struct BannerForm {
    pub name: String,
    pub link_id: String,
}

#[derive(Template)]
#[template(path = "banners/vendor.html")]
pub struct VendorBanners {
    pub chrome: Chrome,
    pub rows: Vec<Listed>,
    pub links: Vec<(LinkId, String)>,
    pub form: BannerForm,
    pub errors: FormErrors,
}

impl VendorBanners {
    pub fn selected(&self, id: &LinkId) -> bool {
        self.form.link_id == id.to_string()
    }
}

pub struct PartnerBanner {
    pub banner: Banner,
    pub image_url: String,
    pub tracking_url: String,
}

impl PartnerBanner {
    /// The HTML a partner pastes into their page.
    pub fn html(&self) -> String {
        let escape = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
        format!(
            r#"<a href="{}" rel="sponsored"><img src="{}" width="{}" height="{}" alt="{}"></a>"#,
            escape(&self.tracking_url),
            escape(&self.image_url),
            self.banner.width,
            self.banner.height,
            escape(&self.banner.name)
        )
    }
}

#[derive(Template)]
#[template(path = "banners/partner.html")]
pub struct PartnerBanners {
    pub chrome: Chrome,
    pub banners: Vec<PartnerBanner>,
}
