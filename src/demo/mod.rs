//! `partnerdesk demo`: a believable partner program in the configured
//! database, to look around in or to time pages against. The program and
//! its few dozen settings are made through the app's own queries; the
//! volume (partners, clicks, customers, sales, commissions) is written in
//! bulk — clicks with COPY, the rest with set-based SQL, commissions with
//! the values `rewards::plan` computes, as the ledger does — behind
//! progress bars. `--check-books` has the ledger recompute a sample.

mod audit;
mod books;
mod bulk;
mod clicks;
mod program;

pub use audit::{Audit, check_books};

use std::time::Instant;

use anyhow::Context;
use diesel::Connection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;

/// What a demo holds, from the command's flags.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub partners: u32,
    pub clicks: u64,
}

/// The password of every demo account.
pub const PASSWORD: &str = "demo-password";
/// The demo owner's email; a second demo in one database is refused.
pub const OWNER_EMAIL: &str = "owner@northwind.example";

/// Fills the database and returns what to print: where to log in, and as whom.
pub fn run(config: &Config, size: Size) -> anyhow::Result<String> {
    anyhow::ensure!(size.partners >= 2, "--partners must be at least 2");
    let started = Instant::now();
    let pool = crate::db::prepare(&config.database_url)?;
    let mut conn = pool.get().context("connecting to the database")?;
    // The pool's statement timeout guards pages; a bulk load runs for minutes.
    diesel::RunQueryDsl::execute(diesel::sql_query("SET statement_timeout = 0"), &mut conn)?;
    let hash = crate::auth::password::hash_now(PASSWORD)?;
    let made = conn.transaction(|conn| program::create(conn, &hash))?;
    let partners = step("partners", u64::from(size.partners), |bar| {
        conn.transaction(|conn| bulk::partners(conn, &made, size.partners, &hash, bar))
    })?;
    step("clicks", size.clicks, |bar| clicks::copy(&mut conn, &partners, size.clicks, bar))?;
    step("signups, sales and commissions", 9, |bar| conn.transaction(|conn| bulk::conversions(conn, &made, bar)))?;
    step("leads and deals", 1, |bar| conn.transaction(|conn| bulk::pipelines(conn, &made, bar)))?;
    Ok(format!(
        "Demo program \"{}\" is ready ({} partners, {} clicks, in {:.0?}).\n\
         Start the portal (cargo run --release) and open {}/login\n\
         \x20 vendor admin: {OWNER_EMAIL} / {PASSWORD}\n\
         \x20 partner:      {} / {PASSWORD}",
        made.vendor_name,
        size.partners,
        size.clicks,
        started.elapsed(),
        config.base_url(),
        bulk::partner_email(1)
    ))
}

/// Runs one phase behind a progress bar of `total` steps.
fn step<T>(what: &str, total: u64, work: impl FnOnce(&ProgressBar) -> anyhow::Result<T>) -> anyhow::Result<T> {
    let bar = ProgressBar::new(total);
    let style =
        ProgressStyle::with_template("{msg:>32} [{bar:30}] {pos}/{len} {elapsed}").map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    let done = work(&bar)?;
    bar.finish();
    Ok(done)
}
