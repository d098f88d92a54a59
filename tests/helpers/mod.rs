//! What every test builds on: the app, its database, a browser, an SMTP server.

pub mod app;
pub mod browser;
pub mod db;
pub mod html;
pub mod proxy;
pub mod ram;
pub mod site;
pub mod smtp;
pub mod world;

pub use app::TestApp;
