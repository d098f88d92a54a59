//! The Social content form.

use serde::Deserialize;

use super::queries::SocialContent;
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SocialForm {
    pub x_message: String,
    pub linkedin_title: String,
    pub linkedin_message: String,
    pub email_subject: String,
    pub email_body: String,
    /// "preview" shows the posts filled in without saving; anything else saves.
    pub action: String,
}

impl SocialForm {
    pub fn of(content: &SocialContent) -> SocialForm {
        SocialForm {
            x_message: content.x_message.clone(),
            linkedin_title: content.linkedin_title.clone(),
            linkedin_message: content.linkedin_message.clone(),
            email_subject: content.email_subject.clone(),
            email_body: content.email_body.clone(),
            action: String::new(),
        }
    }

    pub fn is_preview(&self) -> bool {
        self.action == "preview"
    }

    pub fn parse(&self) -> Result<SocialContent, FormErrors> {
        let mut errors = FormErrors::new();
        let x = errors.check("x_message", with_link(&self.x_message, "the post", 280));
        let title = errors.check("linkedin_title", text::required(&self.linkedin_title, "a title", 200));
        let linkedin = errors.check("linkedin_message", text::required(&self.linkedin_message, "the post", 3000));
        let subject = errors.check("email_subject", text::required(&self.email_subject, "a subject", 200));
        let body = errors.check("email_body", with_link(&self.email_body, "the email", 5000));
        errors.into_result(|| {
            Some(SocialContent {
                x_message: x?,
                linkedin_title: title?,
                linkedin_message: linkedin?,
                email_subject: subject?,
                email_body: body?,
            })
        })
    }
}

/// Shared text must carry the partner's link, or it credits nobody.
fn with_link(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let text = text::required(raw, what, max)?;
    if text.contains("{link}") { Ok(text) } else { Err("Put {link} where the partner's tracking link goes.".into()) }
}
