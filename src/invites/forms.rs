//! The invite form, and the sign-up form of an invite link.

use serde::Deserialize;

use crate::auth::password;
use crate::db::ids::GroupId;
use crate::domain::EmailAddress;
use crate::web::{FormErrors, text};

pub const MAX_EMAILS: usize = 100;
pub const MESSAGE_MAX: usize = 1000;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub emails: String,
    pub group_id: String,
    pub message: String,
}

/// The addresses typed, sorted into valid (normalized, without repeats) and not.
#[derive(Debug, Default)]
pub struct Addresses {
    pub valid: Vec<String>,
    pub invalid: Vec<String>,
}

/// Splits on commas, semicolons, spaces and line breaks.
pub fn split_addresses(raw: &str) -> Addresses {
    let mut addresses = Addresses::default();
    for candidate in raw.split([',', ';', ' ', '\t', '\r', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        match EmailAddress::parse(candidate) {
            Ok(email) if !addresses.valid.iter().any(|v| v == email.as_str()) => {
                addresses.valid.push(email.as_str().into())
            }
            Ok(_) => {}
            Err(_) => addresses.invalid.push(candidate.to_string()),
        }
    }
    addresses
}

impl InviteForm {
    /// The addresses, the group id and the message, or the form's errors.
    pub fn parse(&self) -> Result<(Addresses, GroupId, String), FormErrors> {
        let mut errors = FormErrors::new();
        let addresses = split_addresses(&self.emails);
        let count = addresses.valid.len() + addresses.invalid.len();
        if count == 0 {
            errors.add("emails", "Enter at least one email address.");
        } else if count > MAX_EMAILS {
            errors.add("emails", format!("Invite at most {MAX_EMAILS} people at once; you entered {count}."));
        }
        let group = errors.check(
            "group_id",
            self.group_id.trim().parse::<i64>().map(GroupId).map_err(|_| "Choose a group.".to_string()),
        );
        let message = errors.check("message", text::optional(&self.message, MESSAGE_MAX));
        errors.into_result(|| Some((addresses, group?, message?)))
    }
}

/// Creating the invited person's account: the email comes from the invite.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteSignupForm {
    pub name: String,
    pub password: String,
}

impl InviteSignupForm {
    /// The name; the password is checked here and hashed by the caller.
    pub fn parse(&self) -> Result<String, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "your name", 100));
        errors.check("password", password::check_length(&self.password));
        errors.into_result(|| name)
    }
}

#[cfg(test)]
mod tests {
    use super::split_addresses;

    #[test]
    fn addresses_split_on_any_separator_and_repeats_count_once() {
        let found = split_addresses("a@x.com, B@x.com;\nnot-an-email  a@x.com\tc@y.org");
        assert_eq!(found.valid, vec!["a@x.com", "b@x.com", "c@y.org"]);
        assert_eq!(found.invalid, vec!["not-an-email"]);
    }
}
