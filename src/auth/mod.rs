//! Who is asking: sessions, passwords, log-in throttling and the guards that
//! put the signed-in user (and, in the dashboard, their vendor) into handlers.

pub mod guards;
pub mod password;
pub mod queries;
pub mod session;
pub mod throttle;

pub use guards::{Partner, SignedIn, VendorAdmin, Viewer, Visitor};
pub use password::Passwords;
pub use session::TypedSession;
