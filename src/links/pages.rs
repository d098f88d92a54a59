//! The Links tab, the link form and the delete confirmation.

use askama::Template;

use super::forms::LinkForm;
use super::queries::{Link, MAX_DEFAULT_LINKS};
use crate::db::ids::PartnershipId;
use crate::groups::group_path;
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

/// Which link form: a new default, secondary or individual link, or an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewDefault,
    NewSecondary,
    NewIndividual,
    Edit,
}

/// Where a link's pages lead back to: its group, or its partner.
#[derive(Debug, Clone)]
pub struct Back {
    pub label: String,
    pub path: String,
}

impl Back {
    pub fn to_group(vendor_slug: &str, group: &Group) -> Self {
        Back { label: group.name.clone(), path: group_path(vendor_slug, group.id) }
    }

    /// An individual link's page leads back to its partner.
    pub fn to_partner(vendor_slug: &str, partnership: PartnershipId) -> Self {
        Back { label: "the partner".into(), path: format!("/vendor/{vendor_slug}/partners/{partnership}") }
    }
}

#[derive(Template)]
#[template(path = "links/form.html")]
pub struct LinkFormPage {
    pub chrome: Chrome,
    pub back: Back,
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
            FormKind::NewIndividual => "Create Link",
            FormKind::Edit => "Edit link",
        }
    }

    pub fn is_new(&self) -> bool {
        self.kind != FormKind::Edit
    }

    /// Secondary and individual links are named by their link text, which
    /// must be given; a default link's title is required instead.
    pub fn named_by_code(&self) -> bool {
        matches!(self.kind, FormKind::NewSecondary | FormKind::NewIndividual)
            || self.editing.as_ref().is_some_and(Link::named_by_code)
    }
}

#[derive(Template)]
#[template(path = "links/delete.html")]
pub struct DeleteLinkPage {
    pub chrome: Chrome,
    pub back: Back,
    pub link: Link,
    pub tracking_prefix: String,
}
