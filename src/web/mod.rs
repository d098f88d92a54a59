//! Shared HTTP layer: errors, rendering, CSRF, security headers.
//!
//! Which error type belongs where: queries return Diesel's `QueryResult`;
//! handlers and extractors return [`AppError`], which turns Diesel's
//! `NotFound` into the 404 page, a pool time-out into 503 and anything else
//! into a logged 500. Domain outcomes a user can fix (a taken email, a bad
//! field) are not errors here: the handler re-renders its form.

pub mod assets;
pub mod chrome;
pub mod client_ip;
pub mod count;
pub mod csrf;
pub mod csv_download;
pub mod error;
pub mod filters;
pub mod forms;
pub mod headers;
pub mod json_error;
pub mod plain_input;
pub mod redirect;
pub mod search;
pub mod text;

pub use chrome::{Chrome, Flash, Menu, NavItem};
pub use error::AppError;
pub use forms::FormErrors;
pub use redirect::{render, render_status, see_other};
