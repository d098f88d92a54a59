//! Link codes and UTM values: the parts of a tracking URL a vendor chooses.

/// The "link text" in tracking URLs: 2–40 of `a-z 0-9 -`. Immutable once a
/// link exists, because it is inside URLs partners have already shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCode(String);

pub const MIN_LENGTH: usize = 2;
pub const MAX_LENGTH: usize = 40;

impl LinkCode {
    /// Accepts upper case as lower case; anything else outside the alphabet is refused.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim().to_ascii_lowercase();
        let length_ok = (MIN_LENGTH..=MAX_LENGTH).contains(&code.len());
        let alphabet_ok = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if length_ok && alphabet_ok {
            Ok(LinkCode(code))
        } else {
            Err(format!("Use {MIN_LENGTH} to {MAX_LENGTH} lower-case letters, digits and hyphens."))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional UTM value: empty means none; else at most 100 characters of
/// letters, digits, spaces and `- _ . ~ +`.
pub fn utm_value(raw: &str) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let safe = value.chars().all(|c| c.is_ascii_alphanumeric() || " -_.~+".contains(c));
    if value.chars().count() > 100 || !safe {
        return Err("Use up to 100 letters, digits, spaces and - _ . ~ + only.".into());
    }
    Ok(Some(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::{LinkCode, utm_value};

    #[test]
    fn link_codes_are_two_to_forty_of_a_small_alphabet() {
        assert_eq!(LinkCode::parse(" Spring-Sale ").unwrap().as_str(), "spring-sale");
        for bad in ["a", "", "has space", "ünï", "under_score", &"x".repeat(41)] {
            assert!(LinkCode::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn utm_values_are_optional_short_and_safe() {
        assert_eq!(utm_value("  ").unwrap(), None);
        assert_eq!(utm_value("spring sale_2026").unwrap().as_deref(), Some("spring sale_2026"));
        for bad in ["<script>", "a&b=c", "quote\"", &"x".repeat(101)] {
            assert!(utm_value(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
