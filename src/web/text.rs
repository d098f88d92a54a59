//! Checks for free-text form fields.

/// Trimmed `raw`, required and at most `max` characters.
pub fn required(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("Enter {what}."));
    }
    at_most(value, max)
}

/// Trimmed `raw`, possibly empty, at most `max` characters.
pub fn optional(raw: &str, max: usize) -> Result<String, String> {
    at_most(raw.trim(), max)
}

fn at_most(value: &str, max: usize) -> Result<String, String> {
    if value.chars().count() > max { Err(format!("Use at most {max} characters.")) } else { Ok(value.to_string()) }
}
