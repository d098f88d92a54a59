pub mod app;
pub mod browser;
pub mod db;
pub mod html;

pub use app::TestApp;
