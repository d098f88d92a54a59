//! Customers a vendor reports and the money they bring: attribution (who
//! is credited, and why), the rows the conversion API and Stripe write,
//! and the vendor's Customers page.

pub mod attribution;
pub mod queries;
pub mod record;
