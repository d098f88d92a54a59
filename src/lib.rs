//! Partnerdesk: a self-hostable partner (affiliate/referral) program portal.

pub mod accounts;
pub mod api;
pub mod applications;
pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod email;
pub mod groups;
pub mod home;
pub mod invites;
pub mod links;
pub mod partner_center;
pub mod partners;
pub mod startup;
pub mod stats;
pub mod telemetry;
pub mod tracking;
pub mod vendors;
pub mod web;
