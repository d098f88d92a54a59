//! The tracking engine's parts, built at start-up: the resolver and its
//! invalidation listener, the click queue and its writer, the metrics.
//! Started with the server and stopped after it, queue drained.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use url::Url;

use super::clicks::{self, ClickQueue, Writer, WriterSettings};
use super::invalidation::{self, Settle};
use super::resolver::{Codes, Resolution, Resolver};
use super::spool::Spool;
use super::tally::Tally;
use super::visitor::{Counting, NotCounted};
use crate::config::Config;
use crate::web::AppError;

/// A miss waits at most this long for a connection, and a lookup query at
/// most this long, so an unreachable database means a quick 503.
const LOOKUP_TIMEOUT: Duration = Duration::from_millis(500);
/// How long shutdown waits for the queue to drain.
const DRAIN_FOR: Duration = Duration::from_secs(10);
/// Clicks the queue holds before it drops (as `overload`).
const QUEUE_CAPACITY: usize = 200_000;

#[derive(Clone, Debug, Hash, PartialEq, Eq, prometheus_client::encoding::EncodeLabelSet)]
struct Why {
    reason: String,
}

/// What the redirect counts as it goes.
pub struct HotMetrics {
    pub cache_hits: Counter,
    pub cache_misses: Counter,
    pub unavailable: Counter,
    pub latency: Histogram,
    pub cache_entries: Gauge,
    not_counted: [Counter; 4],
}

impl HotMetrics {
    fn new(registry: &mut Registry) -> Self {
        let family = Family::<Why, Counter>::default();
        let reason = |why: NotCounted| family.get_or_create(&Why { reason: why.as_str().into() }).clone();
        let metrics = HotMetrics {
            cache_hits: Counter::default(),
            cache_misses: Counter::default(),
            unavailable: Counter::default(),
            latency: Histogram::new(exponential_buckets(0.000_005, 2.0, 16)),
            cache_entries: Gauge::default(),
            not_counted: NotCounted::ALL.map(reason),
        };
        let tracking = registry.sub_registry_with_prefix("tracking");
        tracking.register("cache_hits", "Redirects answered from memory", metrics.cache_hits.clone());
        tracking.register("cache_misses", "Redirects that read PostgreSQL", metrics.cache_misses.clone());
        tracking.register(
            "unavailable",
            "Redirects answered 503: PostgreSQL unreachable on a miss",
            metrics.unavailable.clone(),
        );
        tracking.register("redirect_seconds", "Time to answer a tracking URL", metrics.latency.clone());
        tracking.register("cache_entries", "Entries in the resolution caches", metrics.cache_entries.clone());
        tracking.register("not_counted", "Redirected requests not counted as clicks, by reason", family);
        metrics
    }

    pub fn not_counted(&self, why: NotCounted) {
        self.not_counted[why as usize].inc();
    }
}

/// What the redirect handler uses.
pub struct Tracker {
    pub resolver: Arc<Resolver>,
    pub queue: ClickQueue,
    pub counting: Counting,
    pub metrics: HotMetrics,
    /// The attributes of the click-id cookie, after its value.
    pub cookie_attributes: &'static str,
    lookups: Pool<ConnectionManager<PgConnection>>,
    settle: OnceLock<Settle>,
}

impl Tracker {
    /// Returns once this node's caches reflect every change committed so
    /// far; called after each form or API write, before its response.
    pub async fn settle(&self) {
        if let Some(settle) = self.settle.get() {
            settle.now().await;
        }
    }

    /// Resolves from memory, or else from the database within
    /// [`LOOKUP_TIMEOUT`]; `Unavailable` when it does not answer.
    pub async fn resolve(self: &Arc<Self>, codes: Codes) -> Result<Resolution, AppError> {
        if let Some(known) = self.resolver.cached(&codes) {
            self.metrics.cache_hits.inc();
            return Ok(known);
        }
        self.metrics.cache_misses.inc();
        let tracker = Arc::clone(self);
        let loaded = actix_web::web::block(move || {
            let mut conn = tracker.lookups.get()?;
            Ok::<_, AppError>(tracker.resolver.load(&mut conn, &codes)?)
        })
        .await
        .map_err(AppError::from)
        .and_then(|loaded| loaded);
        // Whatever failed (no connection, a timed-out query), the database did not answer.
        loaded.map_err(|error| {
            self.metrics.unavailable.inc();
            match error {
                AppError::Internal(cause) | AppError::Unavailable(cause) => AppError::Unavailable(cause),
                other => other,
            }
        })
    }
}

/// The engine, built but not yet running.
pub struct Engine {
    pub tracker: Arc<Tracker>,
    writer: Writer,
    database_url: String,
}

/// The engine's threads, stopped by [`Running::stop`].
pub struct Running {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Engine {
    pub fn build(config: &Config, registry: &mut Registry) -> anyhow::Result<Engine> {
        let database_url = crate::db::with_connect_timeout(&config.database_url).to_string();
        let resolver = Arc::new(Resolver::new(config.tracking_cache_capacity));
        let tally = Tally::new(registry);
        let spool = Spool::open(&config.data_dir)?;
        let salt = config.session_key.expose().to_vec();
        let settings =
            WriterSettings { database_url: database_url.clone(), salt, spool, flush_every: config.click_flush };
        let (queue, writer) = clicks::channel(QUEUE_CAPACITY, tally, settings);
        let cookie_attributes: &'static str = if config.serves_https() {
            "; Path=/; Max-Age=7776000; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; Max-Age=7776000; HttpOnly; SameSite=Lax"
        };
        let tracker = Tracker {
            resolver,
            queue,
            counting: Counting::default(),
            metrics: HotMetrics::new(registry),
            cookie_attributes,
            lookups: lookup_pool(&config.database_url),
            settle: OnceLock::new(),
        };
        Ok(Engine { tracker: Arc::new(tracker), writer, database_url })
    }

    /// Starts the writer and the invalidation listener.
    pub fn start(self) -> std::io::Result<Running> {
        let stop = Arc::new(AtomicBool::new(false));
        let writer_stop = Arc::clone(&stop);
        let writer = self.writer;
        let writing = std::thread::Builder::new()
            .name("pd-click-writer".into())
            .spawn(move || writer.run(writer_stop, DRAIN_FOR))?;
        let (settle, listening) = invalidation::spawn(
            self.database_url,
            Arc::clone(&self.tracker.resolver),
            self.tracker.metrics.cache_entries.clone(),
            Arc::clone(&stop),
        )?;
        // Set once, when the engine starts.
        let _ = self.tracker.settle.set(settle);
        Ok(Running { stop, threads: vec![writing, listening] })
    }
}

impl Running {
    /// Drains the click queue and stops the threads; blocks until they end.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in std::mem::take(&mut self.threads) {
            if thread.join().is_err() {
                tracing::error!("a tracking thread panicked");
            }
        }
    }
}

impl Drop for Running {
    /// Dropped without [`Running::stop`] (the server's task cancelled, say):
    /// the threads are told to finish, draining the queue, on their own.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Connections for cache misses: few, quick to give up, with a statement
/// timeout, so a stalled database yields a 503 in under a second.
fn lookup_pool(database_url: &Url) -> Pool<ConnectionManager<PgConnection>> {
    let mut url = crate::db::with_connect_timeout(database_url);
    // libpq reads `%20` as a space but not `+`, which form encoding would use.
    let option = format!("options=-c%20statement_timeout%3D{}", LOOKUP_TIMEOUT.as_millis());
    let query = url.query().map_or(option.clone(), |query| format!("{query}&{option}"));
    url.set_query(Some(&query));
    Pool::builder()
        .max_size(4)
        .min_idle(Some(0))
        .connection_timeout(LOOKUP_TIMEOUT)
        .build_unchecked(ConnectionManager::new(url.as_str()))
}
