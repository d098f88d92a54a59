//! The emails an applicant gets when the vendor decides.

use diesel::PgConnection;

use crate::email::Outbox;
use crate::email_templates;
use crate::vendors::Vendor;
use crate::web::AppError;

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

/// Tells `to` they joined `group_name`, with a link to the partner center.
/// Call inside the transaction that approved the application.
pub fn queue_approved(
    conn: &mut PgConnection,
    outbox: &Outbox,
    to: &str,
    vendor: &Vendor,
    group_name: String,
) -> Result<(), AppError> {
    let content = ApprovedEmail {
        vendor_name: vendor.name.clone(),
        group_name,
        partner_center_url: outbox.url(&format!("/partner/{}", vendor.slug)),
    };
    outbox.enqueue(conn, to, &content)?;
    Ok(())
}

/// Tells `to` the application was rejected, and why when a reason was given.
/// Call inside the transaction that rejected it.
pub fn queue_rejected(
    conn: &mut PgConnection,
    outbox: &Outbox,
    to: &str,
    vendor: &Vendor,
    reason: String,
) -> Result<(), AppError> {
    outbox.enqueue(conn, to, &RejectedEmail { vendor_name: vendor.name.clone(), reason })?;
    Ok(())
}
