use crate::email_templates;

/// The invitation email.
pub struct InviteEmail {
    pub vendor_name: String,
    pub group_name: String,
    pub inviter_name: String,
    pub message: String,
    pub accept_url: String,
    pub expires_on: String,
}

email_templates!(InviteEmail, "email/invite/subject.txt", "email/invite/body.txt", "email/invite/body.html");
