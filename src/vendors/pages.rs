//! The vendor Settings page.

use askama::Template;

use super::forms::VendorSettingsForm;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "vendors/settings.html")]
pub struct VendorSettingsPage {
    pub chrome: Chrome,
    pub form: VendorSettingsForm,
    pub errors: FormErrors,
    /// The allowed-domains box, as saved or as typed.
    pub domains: String,
}
