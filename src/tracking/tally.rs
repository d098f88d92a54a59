//! The click accounting, shared by the requests and the writer, and shown
//! at `/metrics`: accepted = persisted + pending + spooled + dropped.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Fine around the 250 ms a click may take to reach PostgreSQL under load.
const COMMIT_LAG_BUCKETS: [f64; 16] =
    [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, prometheus_client::encoding::EncodeLabelSet)]
pub(super) struct Reason {
    pub(super) reason: String,
}

/// The accounting, shared by the requests and the writer.
#[derive(Clone)]
pub struct Tally {
    pub accepted: Counter,
    pub persisted: Counter,
    /// Queued or being written.
    pub pending: Gauge,
    /// In the spool file, waiting for the database.
    pub spooled: Gauge,
    pub(super) dropped: Family<Reason, Counter>,
    pub(super) overload: Counter,
    pub(super) shutdown: Counter,
    pub flush_failures: Counter,
    pub(super) flush_seconds: Histogram,
    /// From the redirect to the commit of its click.
    pub(super) commit_lag_seconds: Histogram,
    /// 1 when every accepted click is accounted for, as last checked.
    pub(super) balanced: Gauge,
}

impl Tally {
    pub fn new(registry: &mut Registry) -> Self {
        let dropped = Family::<Reason, Counter>::default();
        let overload = dropped.get_or_create(&Reason { reason: "overload".into() }).clone();
        let shutdown = dropped.get_or_create(&Reason { reason: "shutdown".into() }).clone();
        let tally = Tally {
            accepted: Counter::default(),
            persisted: Counter::default(),
            pending: Gauge::default(),
            spooled: Gauge::default(),
            overload,
            shutdown,
            dropped,
            flush_failures: Counter::default(),
            flush_seconds: Histogram::new(exponential_buckets(0.001, 2.0, 14)),
            commit_lag_seconds: Histogram::new(COMMIT_LAG_BUCKETS),
            balanced: Gauge::default(),
        };
        let clicks = registry.sub_registry_with_prefix("clicks");
        clicks.register("accepted", "Clicks the redirect accepted for counting", tally.accepted.clone());
        clicks.register("persisted", "Clicks committed to PostgreSQL", tally.persisted.clone());
        clicks.register("pending", "Clicks queued or being written", tally.pending.clone());
        clicks.register("spooled", "Clicks in the spool file, waiting for PostgreSQL", tally.spooled.clone());
        clicks.register("dropped", "Clicks given up, by reason", tally.dropped.clone());
        clicks.register("flush_failures", "Batch writes that failed", tally.flush_failures.clone());
        clicks.register("flush_seconds", "Time to write one batch", tally.flush_seconds.clone());
        clicks.register(
            "commit_lag_seconds",
            "Time from a redirect to the commit of its click",
            tally.commit_lag_seconds.clone(),
        );
        clicks.register(
            "balanced",
            "1 when accepted = persisted + pending + spooled + dropped, as the writer last checked",
            tally.balanced.clone(),
        );
        tally
    }

    /// Checks that every accepted click is accounted for. Each counter is
    /// kept on its own, so this can fail; a click caught between two
    /// counters can make it briefly false under load, never at rest.
    pub(super) fn check_balance(&self) {
        let dropped: u64 = ["overload", "shutdown", "spool_failed"]
            .iter()
            .map(|reason| self.dropped.get_or_create(&Reason { reason: (*reason).into() }).get())
            .sum();
        let accounted = self.persisted.get() as i64 + self.pending.get() + self.spooled.get() + dropped as i64;
        self.balanced.set(i64::from(self.accepted.get() as i64 == accounted));
    }
}
