//! The emails an applicant gets when the vendor decides.

use crate::email_templates;

pub struct ApprovedEmail {
    pub vendor_name: String,
    pub group_name: String,
    pub partner_center_url: String,
}

pub struct RejectedEmail {
    pub vendor_name: String,
    pub reason: String,
}

email_templates!(
    ApprovedEmail,
    "email/application_approved/subject.txt",
    "email/application_approved/body.txt",
    "email/application_approved/body.html"
);
email_templates!(
    RejectedEmail,
    "email/application_rejected/subject.txt",
    "email/application_rejected/body.txt",
    "email/application_rejected/body.html"
);
