//! Keeps every node's resolution cache true to the database: a thread
//! LISTENs on `pd_tracking` (raised by triggers when a change commits) and
//! forgets the entries named; when it may have missed some (a lost
//! connection) and every few minutes as a safety net, it forgets all.
//!
//! A node's own changes are applied before their response goes out:
//! [`Settle`] asks the listener for one round trip, and PostgreSQL sends a
//! listening session every notification committed before a query ahead of
//! that query's answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::oneshot;

use super::resolver::Resolver;
use crate::db::ids::{GroupId, LinkId, PartnershipId, VendorId};

/// How often the connection is checked for notifications when nobody asks.
const POLL: Duration = Duration::from_millis(100);
/// The safety net: everything is reloaded this often.
const RECONCILE: Duration = Duration::from_secs(300);
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
/// How long a request waits for its changes to be applied.
const SETTLE_WAIT: Duration = Duration::from_millis(500);

/// Asks the listener to apply every change committed so far.
#[derive(Clone)]
pub struct Settle(SyncSender<oneshot::Sender<()>>);

impl Settle {
    /// Returns once the listener has caught up, or after [`SETTLE_WAIT`]
    /// (the database unreachable, say; other nodes then catch up by NOTIFY).
    pub async fn now(&self) {
        let (done, caught_up) = oneshot::channel();
        if self.0.try_send(done).is_ok() {
            let _ = tokio::time::timeout(SETTLE_WAIT, caught_up).await;
        }
    }
}

/// The listening thread; it stops when `stop` is set.
pub fn spawn(
    database_url: String,
    resolver: Arc<Resolver>,
    entries: Gauge,
    stop: Arc<AtomicBool>,
) -> std::io::Result<(Settle, JoinHandle<()>)> {
    let (settle, requests) = sync_channel(64);
    let listener = Listener { database_url, resolver, entries, stop, requests };
    let thread = std::thread::Builder::new().name("pd-invalidation".into()).spawn(move || listener.run())?;
    Ok((Settle(settle), thread))
}

struct Listener {
    database_url: String,
    resolver: Arc<Resolver>,
    entries: Gauge,
    stop: Arc<AtomicBool>,
    requests: Receiver<oneshot::Sender<()>>,
}

impl Listener {
    fn run(self) {
        while !self.stop.load(Ordering::Relaxed) {
            // While not listening the caches keep answering (cached links
            // keep redirecting with PostgreSQL away); once listening again,
            // `listen` forgets everything, as changes may have been missed.
            if let Err(error) = self.listen() {
                tracing::warn!(%error, "cache invalidation listener lost its connection; reconnecting");
            }
            self.sleep_unless_stopped(RECONNECT_AFTER);
        }
    }

    fn listen(&self) -> anyhow::Result<()> {
        let mut conn = PgConnection::establish(&self.database_url)?;
        diesel::sql_query("LISTEN pd_tracking").execute(&mut conn)?;
        // Changes committed before LISTEN took effect were not announced to us.
        self.resolver.forget_all();
        let mut reconciled = Instant::now();
        while !self.stop.load(Ordering::Relaxed) {
            match self.requests.recv_timeout(POLL) {
                Ok(first) => {
                    let waiting: Vec<_> = std::iter::once(first).chain(self.requests.try_iter()).collect();
                    diesel::sql_query("SELECT 1").execute(&mut conn)?;
                    self.apply_pending(&mut conn)?;
                    for done in waiting {
                        // A waiter that gave up no longer listens; nothing to do.
                        let _ = done.send(());
                    }
                }
                Err(RecvTimeoutError::Timeout) => self.apply_pending(&mut conn)?,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            self.entries.set(self.resolver.entries() as i64);
            if reconciled.elapsed() >= RECONCILE {
                self.resolver.forget_all();
                reconciled = Instant::now();
            }
        }
        Ok(())
    }

    fn apply_pending(&self, conn: &mut PgConnection) -> anyhow::Result<()> {
        for notification in conn.notifications_iter() {
            apply(&self.resolver, &notification?.payload);
        }
        Ok(())
    }

    fn sleep_unless_stopped(&self, total: Duration) {
        let until = Instant::now() + total;
        while Instant::now() < until && !self.stop.load(Ordering::Relaxed) {
            std::thread::sleep(POLL);
        }
    }
}

/// Forgets the entry a notification names; an unreadable one forgets all.
pub fn apply(resolver: &Resolver, payload: &str) {
    if forget(resolver, payload).is_none() {
        tracing::warn!(payload, "unreadable cache invalidation; forgetting every entry");
        resolver.forget_all();
    }
}

/// Codes never contain `:`, so the payload splits unambiguously.
fn forget(resolver: &Resolver, payload: &str) -> Option<()> {
    let (kind, rest) = payload.split_once(':')?;
    match kind {
        "l" => resolver.forget_link(rest),
        "g" => resolver.forget_group(GroupId(rest.parse().ok()?)),
        "p" => {
            let (vendor, code) = rest.split_once(':')?;
            resolver.forget_partner(VendorId(vendor.parse().ok()?), code);
        }
        "a" => {
            let (owner, code) = rest.split_once(':')?;
            resolver.forget_ad(PartnershipId(owner.parse().ok()?), code);
        }
        "s" => {
            let (link, partnership) = rest.split_once(':')?;
            resolver.forget_activation(LinkId(link.parse().ok()?), PartnershipId(partnership.parse().ok()?));
        }
        _ => return None,
    }
    Some(())
}
