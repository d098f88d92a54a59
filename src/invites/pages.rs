//! Pending Invites, and the pages an invite link can show.

use askama::Template;

use super::forms::InviteForm;
use super::queries::InviteRow;
use crate::groups::queries::Group;
use crate::web::{Chrome, FormErrors};

/// What one submission of the invite form did.
#[derive(Debug, Default)]
pub struct InviteOutcome {
    pub invited: Vec<String>,
    pub invalid: Vec<String>,
    pub already_partners: Vec<String>,
    pub already_invited: Vec<String>,
    /// Not sent: the vendor's daily sending quota was reached.
    pub over_quota: Vec<String>,
    pub daily_quota: u32,
}

#[derive(Template)]
#[template(path = "invites/list.html")]
pub struct InvitesPage {
    pub chrome: Chrome,
    pub invites: Vec<InviteRow>,
    pub groups: Vec<Group>,
    pub form: InviteForm,
    pub errors: FormErrors,
    pub outcome: Option<InviteOutcome>,
}

impl InvitesPage {
    pub fn is_selected(&self, group: &Group) -> bool {
        match self.form.group_id.parse::<i64>() {
            Ok(id) => id == group.id.0,
            Err(_) => group.is_default,
        }
    }
}

#[derive(Template)]
#[template(path = "invites/problem.html")]
pub struct ProblemPage {
    pub chrome: Chrome,
    pub title: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "invites/signup.html")]
pub struct InviteSignupPage {
    pub chrome: Chrome,
    pub token: String,
    pub email: String,
    pub vendor_name: String,
    pub group_name: String,
    pub typed_name: String,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "invites/accept.html")]
pub struct AcceptPage {
    pub chrome: Chrome,
    pub token: String,
    pub vendor_name: String,
    pub group_name: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "invites/wrong_account.html")]
pub struct WrongAccountPage {
    pub chrome: Chrome,
    pub invited: String,
    pub signed_in_as: String,
}
