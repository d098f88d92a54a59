//! Partnerdesk: a self-hostable partner (affiliate/referral) program portal.
//!
//! # Where things go
//!
//! **Shared layers** import no feature: [`config`]; [`clock`] (the time
//! every limit is judged by); [`db`] (pool, schema,
//! typed ids in `db::ids`, every status and kind column as an enum in
//! `db::states`, the blocking-pool helpers); `web` (errors, rendering,
//! CSRF, headers, form errors, template filters); `auth` (sessions,
//! passwords, the `Visitor`/`SignedIn` guards and the helper the
//! per-program guards build on); `email` (the `Outbox` handle, the worker,
//! the transport); `domain` (values parsed once at the edge: email
//! addresses, URLs, slugs, link codes, `Money`).
//!
//! **Features** stand in layers and import only downwards (within a layer,
//! without a loop), as `tests/architecture.rs` checks and
//! `docs/architecture.md` explains: base (`vendors`, `groups`, `links`,
//! `partners`) → program content (`form_builder`, `invites`,
//! `applications`, `pipelines`, `social`, `resources`, `banners`,
//! `tracking`, `customers`) → money and
//! reports (`conversions`, `rewards`, `stats`) → areas and use cases
//! (`accounts`, `partner_center`, `api`, `integration`, `import`, `demo`, `seed`,
//! `home`, `metrics`). They are folders of the same shape:
//!
//! * `mod.rs`: the routes, the path types, and the few functions other
//!   features may call;
//! * `queries.rs`: the Diesel queries and row structs — plain functions over
//!   `&mut PgConnection` returning `QueryResult`, so they compose inside one
//!   transaction. A large query set may have a file of its own, named in the
//!   feature's module doc (`partners/directory.rs`, `tracking/clicks.rs`),
//!   or `queries/` a file per subject under one namespace (`rewards`);
//! * `forms.rs`: each form as typed (every field a `String`, so any
//!   submission reaches the checks) with `XForm::parse(&self) ->
//!   Result<Parsed, FormErrors>`;
//! * `pages.rs`: every Askama page struct of the feature, one per template
//!   under `templates/<feature>/`;
//! * `email.rs`: the feature's emails, sent through `email::Outbox`;
//! * handler files named for what they serve (`settings.rs`, `bulk.rs` …):
//!   async functions that parse, call queries inside `db::run` or
//!   `db::transaction`, and render. No Diesel in them.
//!
//! A feature uses another only through that feature's `mod.rs` or
//! `queries.rs`. Recording a signup, a sale or a refund, whoever reports
//! it, is `conversions`', which writes `customers`' rows and `rewards`'
//! ledger: neither of those two calls it.

mod accounts;
mod api;
mod applications;
mod auth;
mod banners;
pub mod clock;
pub mod config;
mod conversions;
#[expect(dead_code, reason = "the rows the conversion API (signups and sales) writes; stats sums them in SQL")]
mod customers;
pub mod db;
pub mod demo;
mod domain;
mod email;
mod form_builder;
mod groups;
mod home;
mod import;
mod integration;
mod invites;
mod links;
mod metrics;
mod partner_center;
mod partners;
mod pipelines;
mod resources;
mod rewards;
pub mod seed;
mod social;
pub mod startup;
mod stats;
pub mod telemetry;
mod tracking;
mod vendors;
mod web;

/// The monthly raw click tables: made ahead, dropped past the retention.
pub use tracking::partitions as click_months;

/// The operator's `partnerdesk vendor create`.
pub use accounts::provision;
