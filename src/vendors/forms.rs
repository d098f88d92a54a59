//! The vendor Settings form.

use serde::Deserialize;

use super::queries::VendorChanges;
use crate::domain::{Currency, WebUrl};
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct VendorSettingsForm {
    pub name: String,
    pub website: String,
    pub terms_url: String,
    pub currency: String,
    pub attribution_window_days: String,
}

impl VendorSettingsForm {
    pub fn parse(&self) -> Result<VendorChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "your company name", 100));
        let website = errors.check("website", WebUrl::parse_lenient(&self.website));
        let terms = errors.check("terms_url", WebUrl::parse_optional(&self.terms_url));
        let currency = errors.check("currency", Currency::parse(&self.currency));
        let window = errors.check("attribution_window_days", window_days(&self.attribution_window_days));
        errors.into_result(|| {
            Some(VendorChanges {
                name: name?,
                website: website?.as_str().to_string(),
                terms_url: terms?.map(|u| u.as_str().to_string()),
                currency: currency?.code().to_string(),
                attribution_window_days: window?,
            })
        })
    }
}

fn window_days(raw: &str) -> Result<i32, String> {
    match raw.trim().parse::<i32>() {
        Ok(days) if (1..=365).contains(&days) => Ok(days),
        _ => Err("Enter a number of days from 1 to 365.".into()),
    }
}

impl VendorSettingsForm {
    /// The form filled with what is saved.
    pub fn of(vendor: &super::Vendor) -> Self {
        VendorSettingsForm {
            name: vendor.name.clone(),
            website: vendor.website.clone(),
            terms_url: vendor.terms_url.clone().unwrap_or_default(),
            currency: vendor.currency().code().to_string(),
            attribution_window_days: vendor.attribution_window_days.to_string(),
        }
    }
}
