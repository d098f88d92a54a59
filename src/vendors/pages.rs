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
    pub proof: DomainProof,
}

/// What the Settings page says about proving domains.
pub struct DomainProof {
    pub required: bool,
    /// Listed domains still waiting for proof.
    pub pending: Vec<String>,
    /// The text to serve, and where.
    pub token: String,
    pub path: &'static str,
}
