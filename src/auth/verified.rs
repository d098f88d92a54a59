//! What only a proven mailbox may do (inviting, importing, API keys,
//! connecting Stripe, a partnership that waited for it): one check, the
//! same message everywhere.

use super::queries::User;
use crate::web::AppError;

/// Why `user` may not yet do what only a proven mailbox may do.
pub fn unverified_problem(user: &User) -> Option<String> {
    (!user.is_verified()).then(|| {
        format!(
            "Confirm your email first: open the link we sent to {}. The notice at the top of the page sends it again.",
            user.email
        )
    })
}

/// Refuses what only a proven mailbox may do.
pub fn require_verified(user: &User) -> Result<(), AppError> {
    match unverified_problem(user) {
        Some(problem) => Err(AppError::Forbidden(problem)),
        None => Ok(()),
    }
}
