//! Who is asking: sessions, passwords, log-in throttling and the guards that
//! put the signed-in user into handlers.

pub mod error_menus;
pub mod guards;
pub mod one_time;
pub mod password;
pub mod queries;
pub mod sealed;
pub mod session;
pub mod throttle;
pub mod tokens;
pub mod verified;

pub use guards::{SignedIn, Viewer, Visitor};
pub use password::Passwords;
pub use session::TypedSession;
