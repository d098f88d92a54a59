//! Partnerships: a person's membership in one vendor's program.

pub mod queries;
