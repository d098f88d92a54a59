//! Values that live on (emails, URLs, slugs, money): parsed once at the
//! edge, so everything after holds a value known to be valid.

pub mod allowed_domains;
pub mod email;
pub mod link_code;
pub mod money;
pub mod slug;
pub mod spreadsheet;
pub mod web_url;

#[cfg(test)]
mod properties;

pub use email::EmailAddress;
pub use link_code::{LinkCode, utm_value};
pub use money::{Currency, Money};
pub use slug::{free_variant, slugify};
pub use web_url::WebUrl;
