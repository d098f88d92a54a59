//! Email: written to the outbox in the transaction that causes it, sent by
//! a worker through lettre, never from inside a request. Features send
//! through the [`Outbox`] handle and keep their own email templates.

mod content;
mod outbox;
mod seal;
mod transport;
mod worker;

pub use content::EmailContent;
pub use outbox::Outbox;
pub use seal::Sealer;
pub use transport::Mailer;
pub use worker::{OutboxWorker, WakeUp};
