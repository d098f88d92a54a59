//! The Groups page, the Settings tab and the public program page.

use askama::Template;

use super::forms::{NewGroupForm, RenameForm, TermsForm};
use super::queries::Group;
use crate::stats::queries::GroupTotals;
use crate::web::{Chrome, FormErrors, filters};

/// A row of the groups table.
pub struct GroupRow {
    pub group: Group,
    pub totals: GroupTotals,
}

#[derive(Template)]
#[template(path = "groups/list.html")]
pub struct GroupsPage {
    pub chrome: Chrome,
    pub currency: crate::domain::Currency,
    pub rows: Vec<GroupRow>,
    pub computed_at: String,
    pub form: NewGroupForm,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "groups/settings.html")]
pub struct SettingsPage {
    pub chrome: Chrome,
    pub group: Group,
    pub program_url: String,
    pub join_url: String,
    /// The vendor-wide terms that apply when the group has none.
    pub vendor_terms_url: Option<String>,
    pub rename: RenameForm,
    pub terms: TermsForm,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "groups/delete.html")]
pub struct DeleteGroupPage {
    pub chrome: Chrome,
    pub group: Group,
    pub partners: i64,
}

#[derive(Template)]
#[template(path = "groups/program.html")]
pub struct ProgramPage {
    pub chrome: Chrome,
    pub vendor_name: String,
    pub vendor_website: String,
    pub group: Group,
    pub terms_url: Option<String>,
    pub join_path: String,
}

/// "Reset … form?": the confirmation before a tab's form goes back to its default.
#[derive(Template)]
#[template(path = "groups/reset_form.html")]
pub struct ResetFormPage {
    pub chrome: Chrome,
    pub group: Group,
    /// "application", "lead", "deal".
    pub noun: &'static str,
    pub fields: usize,
    /// The tab; the reset posts to its `/reset`.
    pub tab_path: String,
    /// What the reset leaves alone.
    pub keeps: &'static str,
}
