//! The ad form and the Generate Link choices.

use chrono::NaiveDate;
use serde::Deserialize;

use super::queries::{Ad, AdFields};
use crate::db::states::MediaType;
use crate::domain::LinkCode;
use crate::web::{FormErrors, text};

impl MediaType {
    pub fn label(self) -> &'static str {
        match self {
            MediaType::Email => "Email",
            MediaType::Website => "Website",
            MediaType::Social => "Social",
            MediaType::Banner => "Banner",
            MediaType::Video => "Video",
            MediaType::Other => "Other",
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AdForm {
    pub name: String,
    pub description: String,
    pub media_type: String,
    pub starts_on: String,
    pub code: String,
}

impl AdForm {
    pub fn from_ad(ad: &Ad) -> Self {
        AdForm {
            name: ad.name.clone(),
            description: ad.description.clone(),
            media_type: ad.media_type.as_str().to_string(),
            starts_on: ad.starts_on.to_string(),
            code: ad.code.clone(),
        }
    }

    /// `code_editable`: an ad's code is fixed once a click came through it.
    pub fn parse(&self, code_editable: bool) -> Result<AdFields, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a name", 100));
        let description = errors.check("description", text::optional(&self.description, 500));
        let media_type = errors
            .check("media_type", MediaType::parse(&self.media_type).ok_or_else(|| "Choose a media type.".to_string()));
        let starts_on = errors.check(
            "starts_on",
            NaiveDate::parse_from_str(self.starts_on.trim(), "%Y-%m-%d")
                .map_err(|_| "Enter a date like 2026-12-01.".to_string()),
        );
        let code = match (code_editable, self.code.trim().is_empty()) {
            (true, false) => errors.check("code", LinkCode::parse(&self.code)).map(Some),
            _ => Some(None),
        };
        errors.into_result(|| {
            Some(AdFields {
                name: name?,
                description: description?,
                media_type: media_type?,
                starts_on: starts_on?,
                code: code?,
            })
        })
    }
}

/// The Generate Link form, sent by GET so it works without JavaScript.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct GenerateQuery {
    pub who: String,
    pub link: String,
    pub ad: String,
}
