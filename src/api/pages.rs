//! Settings → API keys.

use askama::Template;

use super::queries::ApiKey;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "api/keys.html")]
pub struct ApiKeysPage {
    pub chrome: Chrome,
    pub keys: Vec<ApiKey>,
    pub typed_name: String,
    pub errors: FormErrors,
    /// Shown once, right after creation.
    pub new_secret: Option<String>,
    pub base_url: String,
}
