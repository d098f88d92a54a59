//! The add-field form and the up/down buttons.

use serde::Deserialize;

use super::queries::Direction;
use crate::db::states::FieldKind;
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct FieldForm {
    pub label: String,
    pub kind: String,
    pub choices: String,
    pub required: Option<String>,
}

/// A field to add.
pub struct ParsedField {
    pub label: String,
    pub kind: FieldKind,
    /// One per line, blank lines dropped.
    pub choices: String,
    pub required: bool,
}

impl FieldForm {
    pub fn parse(&self) -> Result<ParsedField, FormErrors> {
        let mut errors = FormErrors::new();
        let label = errors.check("label", text::required(&self.label, "the label", 200));
        let kind = errors.check("kind", FieldKind::parse(&self.kind).ok_or_else(|| "Choose a type.".to_string()));
        let choices = self.choices.lines().map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join("\n");
        if kind == Some(FieldKind::Choice) && choices.is_empty() {
            errors.add("choices", "Give the choices, one per line.");
        }
        errors.into_result(|| {
            Some(ParsedField { label: label?, kind: kind?, choices, required: self.required.is_some() })
        })
    }
}

/// The kinds a field can have, as the add-field form offers them.
pub fn kinds() -> Vec<(&'static str, &'static str)> {
    FieldKind::ALL.iter().map(|kind| (kind.as_str(), kind.label())).collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub direction: String,
}

impl MoveForm {
    pub fn direction(&self) -> Option<Direction> {
        match self.direction.as_str() {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }
}
