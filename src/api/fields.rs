//! Reading a JSON object's fields one by one, so a wrong type or value is
//! a 422 that names the field rather than a generic parse error.

use actix_web::http::StatusCode;
use actix_web::web;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::ApiError;
use crate::domain::money::AMOUNT_MAX;

/// Longest accepted text field: keys, names, products.
pub const TEXT_MAX: usize = 200;
/// Largest accepted body.
pub const BODY_MAX: usize = 64 * 1024;

pub struct Fields(Map<String, Value>);

/// The first field (a dotted path for nested ones) whose name or text
/// holds a control character.
fn field_with_control_characters(map: &Map<String, Value>) -> Option<String> {
    fn bad(text: &str) -> bool {
        text.chars().any(char::is_control)
    }
    fn in_object(map: &Map<String, Value>, path: &str) -> Option<String> {
        map.iter().find_map(|(name, value)| {
            let path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            if bad(name) { Some(path.chars().filter(|c| !c.is_control()).collect()) } else { walk(value, &path) }
        })
    }
    fn walk(value: &Value, path: &str) -> Option<String> {
        match value {
            Value::String(text) => bad(text).then(|| path.to_string()),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| walk(item, &format!("{path}[{i}]"))),
            Value::Object(map) => in_object(map, path),
            _ => None,
        }
    }
    in_object(map, "")
}

impl Fields {
    /// Reads at most [`BODY_MAX`] bytes of body as a JSON object.
    pub async fn read(payload: web::Payload) -> Result<Self, ApiError> {
        let too_large = || {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("The body must be at most {BODY_MAX} bytes."),
            )
        };
        let body = payload
            .to_bytes_limited(BODY_MAX)
            .await
            .map_err(|_| too_large())?
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "bad_body", "The body could not be read."))?;
        Self::parse(&body)
    }

    /// The body as a JSON object; anything else is a 400. A control
    /// character anywhere in it (a NUL, which the database cannot store,
    /// included) is a 422 naming the field.
    pub fn parse(body: &[u8]) -> Result<Self, ApiError> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => {
                if let Some(field) = field_with_control_characters(&map) {
                    let message = format!("{field} holds a control character, which no field may hold.");
                    return Err(ApiError::invalid_named(field, message));
                }
                Ok(Fields(map))
            }
            Ok(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_json", "The body must be a JSON object.")),
            Err(e) => {
                Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_json", format!("The body is not valid JSON: {e}")))
            }
        }
    }

    /// A text field, trimmed; `None` when missing, null or empty.
    pub fn text(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => {
                let text = text.trim();
                if text.chars().count() > TEXT_MAX {
                    return Err(ApiError::invalid(name, format!("{name} must be at most {TEXT_MAX} characters.")));
                }
                if text.chars().any(char::is_control) {
                    return Err(ApiError::invalid(name, format!("{name} must not hold control characters.")));
                }
                Ok(Some(text.to_string()).filter(|t| !t.is_empty()))
            }
            Some(_) => Err(ApiError::invalid(name, format!("{name} must be a string."))),
        }
    }

    pub fn required_text(&self, name: &'static str) -> Result<String, ApiError> {
        self.text(name)?.ok_or_else(|| ApiError::invalid(name, format!("{name} is required.")))
    }

    /// An amount in a currency's minor unit (cents for USD, yen for JPY,
    /// fils for KWD), from 1 to [`AMOUNT_MAX`]; `None` when missing or null.
    pub fn amount(&self, name: &'static str) -> Result<Option<i64>, ApiError> {
        let out_of_range = || {
            ApiError::invalid(
                name,
                format!(
                    "{name} is a whole number of the currency's minor unit (cents for USD, yen for JPY, \
                     fils for KWD) from 1 to {AMOUNT_MAX}."
                ),
            )
        };
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(amount) if (1..=AMOUNT_MAX).contains(&amount) => Ok(Some(amount)),
                _ => Err(out_of_range()),
            },
            Some(_) => Err(out_of_range()),
        }
    }

    /// An RFC 3339 time; `None` when missing or null.
    pub fn time(&self, name: &'static str) -> Result<Option<DateTime<Utc>>, ApiError> {
        let Some(text) = self.text(name)? else { return Ok(None) };
        DateTime::parse_from_rfc3339(&text).map(|t| Some(t.with_timezone(&Utc))).map_err(|_| {
            ApiError::invalid(name, format!("{name} must be an RFC 3339 time, like 2026-11-21T10:00:00Z."))
        })
    }
}
