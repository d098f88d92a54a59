//! Customers a vendor reports and the money they bring: the rows the
//! conversion API writes and `stats` sums.

pub mod queries;
