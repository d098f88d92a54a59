use serde::Deserialize;

use super::queries::NAME_MAX;
use crate::domain::WebUrl;
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct NewGroupForm {
    pub name: String,
    pub destination_url: String,
}

impl NewGroupForm {
    pub fn parse(&self) -> Result<(String, WebUrl), FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a group name", NAME_MAX));
        let destination = errors.check("destination_url", WebUrl::parse(&self.destination_url));
        errors.into_result(|| Some((name?, destination?)))
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RenameForm {
    pub name: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TermsForm {
    pub terms_url: String,
}

/// An optional http(s) URL: empty means none.
pub fn optional_url(raw: &str) -> Result<Option<WebUrl>, String> {
    if raw.trim().is_empty() { Ok(None) } else { WebUrl::parse(raw).map(Some) }
}
