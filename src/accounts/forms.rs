//! The account forms. Every field is a `String` so any submission reaches
//! validation and comes back with messages instead of a bare 400.

use std::borrow::Cow;

use serde::Deserialize;
use validator::{Validate, ValidationError};

use crate::auth::password;
use crate::domain::{EmailAddress, WebUrl};
use crate::web::FormErrors;

fn invalid(message: String) -> ValidationError {
    ValidationError::new("invalid").with_message(Cow::Owned(message))
}

fn check_email(value: &str) -> Result<(), ValidationError> {
    EmailAddress::parse(value).map(|_| ()).map_err(invalid)
}

fn check_website(value: &str) -> Result<(), ValidationError> {
    WebUrl::parse_lenient(value).map(|_| ()).map_err(invalid)
}

fn check_password(value: &str) -> Result<(), ValidationError> {
    password::check_length(value).map_err(invalid)
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Debug, Default, Clone, Deserialize, Validate)]
#[serde(default)]
pub struct VendorSignupForm {
    #[validate(length(min = 1, max = 100, message = "Enter your company name (up to 100 characters)."))]
    pub company_name: String,
    #[validate(custom(function = "check_website"))]
    pub company_website: String,
    #[validate(length(min = 1, max = 100, message = "Enter your name (up to 100 characters)."))]
    pub name: String,
    #[validate(custom(function = "check_email"))]
    pub email: String,
    #[validate(custom(function = "check_password"))]
    pub password: String,
}

impl VendorSignupForm {
    /// Trims what was typed and checks it; a signed-in person gives only
    /// the company fields. The form itself is the parsed value.
    pub fn parse(&mut self, signed_in: bool) -> Result<(), FormErrors> {
        trim(&mut [&mut self.company_name, &mut self.company_website, &mut self.name, &mut self.email]);
        let mut errors = validation_errors(self);
        if signed_in {
            errors.retain(&["company_name", "company_website"]);
        }
        errors.into_result(|| Some(()))
    }
}

#[derive(Debug, Default, Clone, Deserialize, Validate)]
#[serde(default)]
pub struct PartnerSignupForm {
    #[validate(length(min = 1, max = 100, message = "Enter your name (up to 100 characters)."))]
    pub name: String,
    #[validate(custom(function = "check_email"))]
    pub email: String,
    #[validate(custom(function = "check_password"))]
    pub password: String,
    pub next: String,
}

impl PartnerSignupForm {
    /// Trims what was typed and checks it; the form itself is the parsed value.
    pub fn parse(&mut self) -> Result<(), FormErrors> {
        trim(&mut [&mut self.name, &mut self.email]);
        validation_errors(self).into_result(|| Some(()))
    }
}

#[derive(Debug, Default, Clone, Deserialize, Validate)]
#[serde(default)]
pub struct PasswordChangeForm {
    pub current_password: String,
    #[validate(custom(function = "check_password"))]
    pub new_password: String,
}

impl PasswordChangeForm {
    /// Checks the new password; the current one is verified by the caller.
    pub fn parse(&self) -> Result<(), FormErrors> {
        validation_errors(self).into_result(|| Some(()))
    }
}

fn validation_errors(form: &impl Validate) -> FormErrors {
    form.validate().map(|_| FormErrors::new()).unwrap_or_else(|e| FormErrors::from_validation(&e))
}

fn trim(fields: &mut [&mut String]) {
    for field in fields {
        let trimmed = field.trim();
        if trimmed.len() != field.len() {
            **field = trimmed.to_string();
        }
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    pub next: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Deserialize)]
pub struct NextOnly {
    #[serde(default)]
    pub next: String,
}
