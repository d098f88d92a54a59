//! Redirect links of groups and partnerships.

pub mod queries;
