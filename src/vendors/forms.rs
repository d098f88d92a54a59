//! The vendor Settings form.

use serde::Deserialize;

use super::queries::VendorChanges;
use crate::domain::WebUrl;
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct VendorSettingsForm {
    pub name: String,
    pub website: String,
    pub terms_url: String,
}

impl VendorSettingsForm {
    pub fn parse(&self) -> Result<VendorChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "your company name", 100));
        let website = errors.check("website", WebUrl::parse_lenient(&self.website));
        let terms = errors.check("terms_url", WebUrl::parse_optional(&self.terms_url));
        errors.into_result(|| {
            Some(VendorChanges {
                name: name?,
                website: website?.as_str().to_string(),
                terms_url: terms?.map(|u| u.as_str().to_string()),
            })
        })
    }
}
