//! The Application tab, the join page and the Applications list.

use std::collections::HashMap;

use askama::Template;

use super::forms::SettingsForm;
use super::queries::ApplicationRow;
use crate::db::states::ApplicationStatus;
use crate::form_builder::{Field, FieldsEditor};
use crate::groups::queries::Group;
use crate::vendors::Vendor;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "applications/tab.html")]
pub struct ApplicationTab {
    pub chrome: Chrome,
    pub group: Group,
    pub settings: SettingsForm,
    pub editor: FieldsEditor,
    pub errors: FormErrors,
    pub join_url: String,
}

/// Where the signed-in person stands with the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Visitor,
    /// Signed in, email not yet confirmed: no joining or applying.
    Unverified,
    AlreadyPartner,
    Removed,
    Applied,
    CanJoin,
}

#[derive(Template)]
#[template(path = "applications/join.html")]
pub struct JoinPage {
    pub chrome: Chrome,
    pub vendor: Vendor,
    pub group: Group,
    pub fields: Vec<Field>,
    pub standing: Standing,
    pub referrer: String,
    pub typed: HashMap<String, String>,
    pub errors: FormErrors,
    pub self_path: String,
}

impl JoinPage {
    pub fn is_visitor(&self) -> bool {
        self.standing == Standing::Visitor
    }

    pub fn is_unverified(&self) -> bool {
        self.standing == Standing::Unverified
    }

    pub fn is_partner(&self) -> bool {
        self.standing == Standing::AlreadyPartner
    }

    pub fn is_removed(&self) -> bool {
        self.standing == Standing::Removed
    }

    pub fn has_applied(&self) -> bool {
        self.standing == Standing::Applied
    }

    pub fn can_join(&self) -> bool {
        self.standing == Standing::CanJoin
    }

    pub fn typed(&self, field: &Field) -> &str {
        self.typed.get(&field.input_name()).map(String::as_str).unwrap_or_default()
    }

    pub fn encoded_self_path(&self) -> String {
        url::form_urlencoded::byte_serialize(self.self_path.as_bytes()).collect()
    }
}

#[derive(Template)]
#[template(path = "applications/list.html")]
pub struct ApplicationsPage {
    pub chrome: Chrome,
    pub status: ApplicationStatus,
    pub rows: Vec<ApplicationRow>,
}

impl ApplicationsPage {
    pub fn statuses(&self) -> &'static [ApplicationStatus] {
        ApplicationStatus::ALL
    }

    /// Pending applications get Approve and Reject buttons.
    pub fn shows_pending(&self) -> bool {
        self.status == ApplicationStatus::Pending
    }
}
