//! The form that writes an e-mail template or a resource page.

use serde::Deserialize;

use super::queries::{Resource, Written};
use crate::db::ids::GroupId;
use crate::db::states::ResourceKind;
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    pub group_id: String,
    pub title: String,
    pub subject: String,
    pub body: String,
}

impl ResourceForm {
    pub fn of(resource: &Resource) -> ResourceForm {
        ResourceForm {
            group_id: resource.group_id.to_string(),
            title: resource.title.clone(),
            subject: resource.subject.clone(),
            body: resource.body.clone(),
        }
    }

    /// Checks the fields; `groups` are the vendor's, so another vendor's
    /// group id is refused like a made-up one.
    pub fn parse(&self, kind: ResourceKind, groups: &[GroupId]) -> Result<Written, FormErrors> {
        let mut errors = FormErrors::new();
        let group = errors.check(
            "group_id",
            self.group_id
                .trim()
                .parse()
                .ok()
                .map(GroupId)
                .filter(|g| groups.contains(g))
                .ok_or_else(|| "Choose a group.".to_string()),
        );
        let title = errors.check("title", text::required(&self.title, "a name", 150));
        let subject = match kind {
            ResourceKind::Email => errors.check("subject", text::required(&self.subject, "a subject", 200)),
            ResourceKind::Page => Some(String::new()),
        };
        let body = errors.check("body", text::required(&self.body, "the text", 50_000));
        errors.into_result(|| Some(Written { group: group?, title: title?, subject: subject?, body: body? }))
    }
}
