//! The resources' pages.

use askama::Template;

use super::forms::ResourceForm;
use super::queries::Resource;
use crate::db::ids::{GroupId, ResourceId};
use crate::db::states::ResourceKind;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "resources/list.html")]
pub struct ResourceList {
    pub chrome: Chrome,
    pub kind: ResourceKind,
    pub rows: Vec<(Resource, String)>,
    pub groups: Vec<(GroupId, String)>,
    pub form: ResourceForm,
    pub errors: FormErrors,
}

impl ResourceList {
    pub fn selected(&self, id: &GroupId) -> bool {
        self.form.group_id.trim() == id.to_string()
    }
}

#[derive(Template)]
#[template(path = "resources/edit.html")]
pub struct EditResource {
    pub chrome: Chrome,
    pub kind: ResourceKind,
    pub resource: Resource,
    pub groups: Vec<(GroupId, String)>,
    pub form: ResourceForm,
    pub errors: FormErrors,
}

impl EditResource {
    pub fn selected(&self, id: &GroupId) -> bool {
        self.form.group_id.trim() == id.to_string()
    }
}

/// An e-mail template with this partner's link and name in it.
pub struct ReadyEmail {
    pub id: ResourceId,
    pub title: String,
    pub subject: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "resources/partner_emails.html")]
pub struct PartnerEmails {
    pub chrome: Chrome,
    pub emails: Vec<ReadyEmail>,
}

#[derive(Template)]
#[template(path = "resources/partner_pages.html")]
pub struct PartnerPages {
    pub chrome: Chrome,
    pub pages: Vec<Resource>,
}

#[derive(Template)]
#[template(path = "resources/partner_page.html")]
pub struct PartnerPage {
    pub chrome: Chrome,
    pub page: Resource,
    /// The page's Markdown as cleaned HTML.
    pub html: String,
}
