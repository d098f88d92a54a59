//! The Stripe connection form: the signing secret and the mode.

use serde::Deserialize;

use crate::web::FormErrors;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StripeForm {
    pub signing_secret: String,
    /// "live" or "test".
    pub mode: String,
    /// Set by the *Disconnect* button.
    pub disconnect: String,
}

/// What the form asks for.
pub enum StripeChange {
    Connect { secret: String, livemode: bool },
    Disconnect,
}

impl StripeForm {
    pub fn parse(&self) -> Result<StripeChange, FormErrors> {
        if !self.disconnect.is_empty() {
            return Ok(StripeChange::Disconnect);
        }
        let secret = self.signing_secret.trim();
        let mut errors = FormErrors::new();
        let well_formed = secret.starts_with("whsec_")
            && (10..=200).contains(&secret.len())
            && secret.bytes().all(|b| b.is_ascii_graphic());
        if !well_formed {
            errors.add(
                "signing_secret",
                "Paste the endpoint's signing secret from Stripe: it starts with whsec_ and has no spaces.",
            );
        }
        let livemode = match self.mode.as_str() {
            "" | "live" => true,
            "test" => false,
            _ => {
                errors.add("mode", "Choose live or test mode.");
                true
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(StripeChange::Connect { secret: secret.to_string(), livemode })
    }
}
