//! The Integration page.

use askama::Template;
use chrono::{DateTime, Utc};

use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "integration/page.html")]
pub struct IntegrationPage {
    pub chrome: Chrome,
    pub base_url: String,
    pub window_days: i32,
    pub stripe_connected: bool,
    pub last_event: Option<(String, DateTime<Utc>)>,
    pub typed_secret: String,
    pub errors: FormErrors,
}

impl IntegrationPage {
    pub fn webhook_url(&self) -> String {
        format!("{}/webhooks/stripe/{}", self.base_url, self.chrome.current_slug())
    }
}
