//! Vendors (tenants): created at vendor sign-up with their default group.

pub mod queries;

pub use queries::{Vendor, administered_by, create_with_owner};
