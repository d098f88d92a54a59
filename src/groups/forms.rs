//! The forms of the Groups page and the Settings tab.

use serde::Deserialize;

use super::queries::NAME_MAX;
use crate::domain::{WebUrl, allowed_domains};
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct NewGroupForm {
    pub name: String,
    pub destination_url: String,
}

impl NewGroupForm {
    pub fn parse(&self, allowed: &[String]) -> Result<(String, WebUrl), FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a group name", NAME_MAX));
        let destination = errors.check("destination_url", allowed_domains::destination(&self.destination_url, allowed));
        errors.into_result(|| Some((name?, destination?)))
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RenameForm {
    pub name: String,
}

impl RenameForm {
    pub fn parse(&self) -> Result<String, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a group name", NAME_MAX));
        errors.into_result(|| name)
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TermsForm {
    pub terms_url: String,
}

impl TermsForm {
    pub fn parse(&self) -> Result<Option<WebUrl>, FormErrors> {
        let mut errors = FormErrors::new();
        let terms = errors.check("terms_url", WebUrl::parse_optional(&self.terms_url));
        errors.into_result(|| terms)
    }
}
