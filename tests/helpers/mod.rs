pub mod app;
pub mod browser;
pub mod db;
pub mod html;
pub mod smtp;

pub use app::TestApp;
