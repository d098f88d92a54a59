//! Email addresses as accounts and invites store them.

use validator::ValidateEmail;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let normalized = raw.trim().to_lowercase();
        if normalized.is_empty() {
            return Err("Enter your email address.".into());
        }
        if normalized.len() > 254 || !normalized.validate_email() {
            return Err("Enter a valid email address, like name@example.com.".into());
        }
        Ok(EmailAddress(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::EmailAddress;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(EmailAddress::parse("  Ann@Example.COM ").unwrap().as_str(), "ann@example.com");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in ["", "ann", "ann@", "@example.com", "ann example@x.com", "a\r\nb@x.com"] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
