//! The link forms: a default, secondary or individual link, and the
//! referral-links switch.

use serde::Deserialize;

use super::queries::{Link, LinkChanges};
use crate::domain::{LinkCode, allowed_domains, utm_value};
use crate::web::{FormErrors, text};

/// The create/edit form of a default or secondary link, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    pub title: String,
    pub description: String,
    pub destination_url: String,
    pub utm_source: String,
    pub utm_medium: String,
    pub utm_campaign: String,
    pub utm_term: String,
    pub utm_content: String,
    /// The link text; only read when creating.
    pub code: String,
}

/// What a valid form yields.
pub struct ParsedLink {
    pub changes: LinkChanges,
    pub code: Option<LinkCode>,
}

impl LinkForm {
    /// The form filled with an existing link, for editing.
    pub fn from_link(link: &Link) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        LinkForm {
            title: link.title.clone(),
            description: link.description.clone(),
            destination_url: link.destination_url.clone(),
            utm_source: text(&link.utm_source),
            utm_medium: text(&link.utm_medium),
            utm_campaign: text(&link.utm_campaign),
            utm_term: text(&link.utm_term),
            utm_content: text(&link.utm_content),
            code: link.code.clone(),
        }
    }

    /// Checks every field. `code_required`: a secondary link is named by its
    /// link text; a default link's is derived from the title when left empty.
    /// `allowed`: the vendor's allowed domains, which the destination must be on.
    pub fn parse(&self, code_required: bool, creating: bool, allowed: &[String]) -> Result<ParsedLink, FormErrors> {
        let mut errors = FormErrors::new();
        let code = match (creating, self.code.trim().is_empty()) {
            (false, _) => None,
            (true, true) if code_required => errors.check("code", Err("Enter the link text.".to_string())),
            (true, true) => None,
            (true, false) => errors.check("code", LinkCode::parse(&self.code)),
        };
        let title = match (code_required, self.title.trim().is_empty()) {
            (true, true) => Some(code.as_ref().map(|c| c.as_str().to_string()).unwrap_or_else(|| self.code.clone())),
            _ => errors.check("title", text::required(&self.title, "a title", 100)),
        };
        let description = errors.check("description", text::optional(&self.description, 500));
        let destination = errors.check("destination_url", allowed_domains::destination(&self.destination_url, allowed));
        let utms = [
            ("utm_source", &self.utm_source),
            ("utm_medium", &self.utm_medium),
            ("utm_campaign", &self.utm_campaign),
            ("utm_term", &self.utm_term),
            ("utm_content", &self.utm_content),
        ]
        .map(|(field, raw)| errors.check(field, utm_value(raw)).flatten());
        let [utm_source, utm_medium, utm_campaign, utm_term, utm_content] = utms;
        errors.into_result(|| {
            Some(ParsedLink {
                changes: LinkChanges {
                    title: title?,
                    description: description?,
                    destination_url: destination?.as_str().to_string(),
                    utm_source,
                    utm_medium,
                    utm_campaign,
                    utm_term,
                    utm_content,
                },
                code,
            })
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReferralLinksForm {
    /// A checkbox: present when ticked.
    enabled: Option<String>,
}

impl ReferralLinksForm {
    /// Whether referral links are to be on.
    pub fn parse(&self) -> bool {
        self.enabled.is_some()
    }
}
