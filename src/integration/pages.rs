//! The Integration page.

use askama::Template;

use crate::conversions::stripe::queries::LoggedEvent;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "integration/page.html")]
pub struct IntegrationPage {
    pub chrome: Chrome,
    pub base_url: String,
    pub window_days: i32,
    /// `Some(live)` when Stripe is connected.
    pub stripe_mode: Option<bool>,
    pub events: Vec<LoggedEvent>,
    /// Charges whose refunds wait for a sale not received yet.
    pub waiting_refunds: i64,
    pub typed_secret: String,
    /// "live" or "test", as the form shows it.
    pub typed_mode: String,
    pub errors: FormErrors,
}

impl IntegrationPage {
    pub fn webhook_url(&self) -> String {
        format!("{}/webhooks/stripe/{}", self.base_url, self.chrome.current_slug())
    }

    pub fn subscribed(&self) -> &'static [&'static str] {
        &crate::conversions::stripe::SUBSCRIBED
    }
}

/// How the list names an event's mode.
pub fn mode_name(livemode: &Option<bool>) -> &'static str {
    match livemode {
        Some(true) => "live",
        Some(false) => "test",
        None => "",
    }
}
