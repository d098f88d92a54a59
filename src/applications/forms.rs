//! The Application tab's forms and the rejection form.

use serde::Deserialize;

use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub enabled: Option<String>,
    pub title: String,
    pub description: String,
}

/// The application form's switch, title and description.
pub struct ParsedSettings {
    pub enabled: bool,
    pub title: String,
    pub description: String,
}

impl SettingsForm {
    pub fn parse(&self) -> Result<ParsedSettings, FormErrors> {
        let mut errors = FormErrors::new();
        let title = errors.check("title", text::optional(&self.title, 150));
        let description = errors.check("description", text::optional(&self.description, 2000));
        errors.into_result(|| {
            Some(ParsedSettings { enabled: self.enabled.is_some(), title: title?, description: description? })
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RejectForm {
    pub reason: String,
}

impl RejectForm {
    /// The reason told to the applicant, cut to 1,000 characters.
    pub fn parse(&self) -> String {
        self.reason.trim().chars().take(1000).collect()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct JoinQuery {
    #[serde(rename = "ref", default)]
    pub referrer: String,
}

#[derive(Deserialize, Default)]
pub struct StatusQuery {
    #[serde(default)]
    pub status: String,
}
