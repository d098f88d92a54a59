//! Email: written to the outbox in the transaction that causes it, sent by
//! a worker through lettre, never from inside a request.

mod content;
pub mod outbox;
mod seal;
mod transport;
mod worker;

pub use content::{EmailContent, OutgoingEmail, one_line};
pub use seal::Sealer;
pub use transport::Mailer;
pub use worker::{OutboxWorker, WakeUp};
