//! The page of a secondary link its partner has not activated.

use askama::Template;

use crate::web::Chrome;

#[derive(Template)]
#[template(path = "tracking/not_activated.html")]
pub struct NotActivatedPage {
    pub chrome: Chrome,
}
