use askama::Template;

use super::forms::LinkForm;
use super::queries::{Link, MAX_DEFAULT_LINKS};
use crate::groups::queries::Group;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "links/tab.html")]
pub struct LinksTab {
    pub chrome: Chrome,
    pub group: Group,
    pub defaults: Vec<Link>,
    pub secondaries: Vec<Link>,
    pub tracking_prefix: String,
}

impl LinksTab {
    pub fn can_add_default(&self) -> bool {
        (self.defaults.len() as i64) < MAX_DEFAULT_LINKS
    }

    pub fn max_defaults(&self) -> i64 {
        MAX_DEFAULT_LINKS
    }
}

/// Which link form: a new default link, a new secondary link, or an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewDefault,
    NewSecondary,
    Edit,
}

#[derive(Template)]
#[template(path = "links/form.html")]
pub struct LinkFormPage {
    pub chrome: Chrome,
    pub group: Group,
    pub kind: FormKind,
    pub form: LinkForm,
    pub errors: FormErrors,
    /// The link being edited; its code is shown, read-only.
    pub editing: Option<Link>,
    /// A refusal that concerns the whole form, e.g. the link limit.
    pub refusal: Option<String>,
    pub action: String,
    pub tracking_prefix: String,
}

impl LinkFormPage {
    pub fn heading(&self) -> &'static str {
        match self.kind {
            FormKind::NewDefault => "Create a default link",
            FormKind::NewSecondary => "Create a secondary link",
            FormKind::Edit => "Edit link",
        }
    }

    pub fn is_new(&self) -> bool {
        self.kind != FormKind::Edit
    }

    pub fn is_secondary(&self) -> bool {
        self.kind == FormKind::NewSecondary || self.editing.as_ref().is_some_and(Link::is_secondary)
    }
}

#[derive(Template)]
#[template(path = "links/delete.html")]
pub struct DeleteLinkPage {
    pub chrome: Chrome,
    pub group: Group,
    pub link: Link,
    pub tracking_prefix: String,
}
