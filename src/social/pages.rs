//! The Social content tab.

use askama::Template;

use super::Share;
use super::forms::SocialForm;
use crate::groups::queries::Group;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "social/tab.html")]
pub struct SocialTab {
    pub chrome: Chrome,
    /// The group header's active tab.
    pub tab: crate::groups::GroupTab,
    pub group: Group,
    pub form: SocialForm,
    pub errors: FormErrors,
    pub preview: Option<Preview>,
}

/// Each template filled with a sample partner and link.
pub struct Preview {
    pub x: String,
    pub linkedin_title: String,
    pub linkedin: String,
    pub email_subject: String,
    pub email_body: String,
    pub share: Share,
}
