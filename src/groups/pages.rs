use askama::Template;

use super::queries::Group;
use crate::links::queries::Link;
use crate::web::Chrome;

/// A row of the groups table.
pub struct GroupRow {
    pub group: Group,
    pub partners: i64,
}

#[derive(Template)]
#[template(path = "groups/list.html")]
pub struct GroupsPage {
    pub chrome: Chrome,
    pub rows: Vec<GroupRow>,
}

#[derive(Template)]
#[template(path = "groups/show.html")]
pub struct GroupPage {
    pub chrome: Chrome,
    pub group: Group,
    pub links: Vec<Link>,
    /// `BASE_URL/go/`, the start of every tracking URL.
    pub tracking_prefix: String,
}
