//! A group's lead or deal pipeline: its set-up (settings and stages) and the entries partners submit through it, a file each
//! under one namespace.

mod entries;
mod setup;

pub use entries::*;
pub use setup::*;
