//! The home page.

use askama::Template;

use crate::web::Chrome;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    /// Whether a visitor may start a program here (VENDOR_SIGNUP).
    pub vendor_signup_open: bool,
}
