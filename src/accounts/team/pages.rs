use askama::Template;

use super::queries::{Member, PendingInvite};
use crate::db::ids::UserId;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "accounts/team/list.html")]
pub struct TeamPage {
    pub chrome: Chrome,
    pub members: Vec<Member>,
    pub pending: Vec<PendingInvite>,
    pub typed: String,
    pub errors: FormErrors,
    pub me: UserId,
}

/// The link in a team invitation: accept, or make the account first.
#[derive(Template)]
#[template(path = "accounts/team/invite.html")]
pub struct TeamInvitePage {
    pub chrome: Chrome,
    pub token: String,
    pub vendor_name: String,
    pub email: String,
    /// Signed in as the invited email: an *Accept* button; else the sign-up form.
    pub signed_in: bool,
    pub typed_name: String,
    pub errors: FormErrors,
}
