//! The one integration-test binary: every test starts the real server on
//! port 0 against its own fresh PostgreSQL database.

// Stripe's events, written out in full, nest deeper than `json!`'s default allows.
#![recursion_limit = "256"]
// A failed unwrap is how a test says what went wrong.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly on the first surprise")]

mod helpers;

mod accounts;
mod allowed_domains;
mod api;
mod api_edges;
mod applications;
mod architecture;
mod authorization;
mod banners;
mod browser;
mod click_months;
mod configuration;
mod conversions;
mod currencies;
mod demo;
mod domain_proof;
mod exports;
mod groups;
mod hardening;
mod health;
mod import;
mod injection;
mod invites;
mod links;
mod migrations;
mod one_revenue;
mod overview;
mod pages;
mod partner_center;
mod partner_management;
mod password_reset;
mod pipelines;
mod resources;
mod rewards;
mod search;
mod security;
mod sessions;
mod social;
mod stats;
mod stripe;
mod team;
mod tenancy;
mod tracking;
mod tracking_engine;
mod vendor_signup;
mod verification;
mod widths;
