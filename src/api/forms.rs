//! The form that names a new API key.

use serde::Deserialize;

use crate::web::{FormErrors, text};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KeyForm {
    pub name: String,
}

impl KeyForm {
    pub fn parse(&self) -> Result<String, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a name for the key", 100));
        errors.into_result(|| name)
    }
}
