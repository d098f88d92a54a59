//! The upload page and the dry run.

use askama::Template;

use super::plan::Planned;
use crate::db::ids::ImportId;
use crate::web::Chrome;

#[derive(Template)]
#[template(path = "import/upload.html")]
pub struct UploadPage {
    pub chrome: Chrome,
    pub problem: Option<String>,
}

#[derive(Template)]
#[template(path = "import/dry_run.html")]
pub struct DryRunPage {
    pub chrome: Chrome,
    pub id: ImportId,
    pub file_name: String,
    pub send_invites: bool,
    pub rows: Vec<Planned>,
    pub applied: bool,
}

impl DryRunPage {
    pub fn count(&self, verb: &str) -> usize {
        self.rows.iter().filter(|row| row.verb() == verb).count()
    }
}
