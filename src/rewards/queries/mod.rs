//! Offers, the commission ledger and its history, and payouts: a file each,
//! one namespace for the callers.

mod commissions;
mod ledger;
mod offers;
mod payouts;

pub use commissions::*;
pub use ledger::*;
pub use offers::*;
pub use payouts::*;
