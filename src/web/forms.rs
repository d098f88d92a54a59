//! Field-level error messages for re-rendered forms.

use std::collections::BTreeMap;

use validator::ValidationErrors;

/// Messages keyed by form field name, shown under each field.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(BTreeMap<String, String>);

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a message for `field`, keeping the first one a field got.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| message.into());
    }

    /// The parsed value, or `None` with the message noted under `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        parsed.map_err(|message| self.add(field, message)).ok()
    }

    /// `Ok(value)` when no field had an error.
    pub fn into_result<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, FormErrors> {
        match value() {
            Some(value) if self.is_empty() => Ok(value),
            _ => Err(self),
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Keeps only the messages of `fields`.
    pub fn retain(&mut self, fields: &[&str]) {
        self.0.retain(|field, _| fields.contains(&field.as_str()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `other`'s messages, keeping the first one each field got.
    pub fn merge(&mut self, other: FormErrors) {
        for (field, message) in other.0 {
            self.add(&field, message);
        }
    }

    /// The messages of a failed `validate()`, one per field.
    pub fn from_validation(errors: &ValidationErrors) -> Self {
        let mut form_errors = Self::new();
        for (field, list) in errors.field_errors() {
            if let Some(first) = list.first() {
                let message =
                    first.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| format!("Check this {field}."));
                form_errors.add(&field, message);
            }
        }
        form_errors
    }
}
