//! Recording clicks without slowing the redirect: the request hands its
//! click to a bounded queue and answers; one writer thread, on its own
//! connection, flushes batches in one statement (the rollups follow by
//! trigger, in the same transaction). A batch the database cannot take
//! goes to the spool file and is replayed, idempotently by click id, when
//! the database is back. Accounting: accepted = persisted + pending +
//! spooled + dropped, read at rest.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel as unbounded};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, Bool, Int8, Nullable, Text, Timestamptz};
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use super::spool::Spool;
use super::tally::Reason;
use super::tally::Tally;
use super::unique::RecentVisitors;
use super::visitor;
use crate::db::ids::{AdId, LinkId, PartnershipId};

/// A batch is written when it has this many clicks, or when its first
/// click has waited `CLICK_FLUSH_MS`.
const BATCH_MAX: usize = 5_000;
/// A statement that takes longer fails, and its batch is spooled: a stalled
/// database must not stall the writer.
const STATEMENT_TIMEOUT_MS: u32 = 5_000;
/// How long the writer waits for a click before looking again at the spool
/// and at whether it should stop.
const IDLE_CHECK: Duration = Duration::from_millis(100);
/// How often a non-empty spool is offered back to the database.
const REPLAY_EVERY: Duration = Duration::from_secs(1);

/// A click as the request saw it.
pub struct Click {
    pub public_id: String,
    pub link: LinkId,
    pub partnership: PartnershipId,
    pub ad: Option<AdId>,
    pub at: DateTime<Utc>,
    pub address: String,
    pub user_agent: String,
    pub referer: Option<String>,
}

/// A click as it is stored (and spooled): the address is only ever hashed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub public_id: String,
    pub link: LinkId,
    pub partnership: PartnershipId,
    pub ad: Option<AdId>,
    pub at: DateTime<Utc>,
    pub visitor_hash: String,
    pub referer: Option<String>,
    pub user_agent: Option<String>,
    pub unique: bool,
}

/// Where requests hand their clicks. The bound is a count, not a buffer
/// allocated up front: an idle node holds no room for 200,000 clicks.
#[derive(Clone)]
pub struct ClickQueue {
    sender: Sender<Click>,
    queued: Arc<AtomicUsize>,
    capacity: usize,
    tally: Tally,
}

impl ClickQueue {
    /// Never blocks: a full queue drops the click, counted as `overload`.
    pub fn accept(&self, click: Click) {
        self.tally.accepted.inc();
        self.tally.pending.inc();
        let lost = if self.queued.fetch_add(1, Ordering::AcqRel) >= self.capacity {
            &self.tally.overload
        } else if self.sender.send(click).is_ok() {
            return;
        } else {
            &self.tally.shutdown
        };
        self.queued.fetch_sub(1, Ordering::AcqRel);
        self.tally.pending.dec();
        lost.inc();
    }
}

/// The writer's end of the queue; each click taken frees its place.
struct Inbox {
    receiver: Receiver<Click>,
    queued: Arc<AtomicUsize>,
    /// Every sender is gone (the server has stopped): nothing more can
    /// come, and waiting for it would return at once, again and again.
    closed: bool,
}

impl Inbox {
    fn recv_timeout(&mut self, wait: Duration) -> Result<Click, RecvTimeoutError> {
        let click = self.receiver.recv_timeout(wait).inspect_err(|error| {
            self.closed |= *error == RecvTimeoutError::Disconnected;
        })?;
        self.queued.fetch_sub(1, Ordering::AcqRel);
        Ok(click)
    }

    fn try_iter(&self) -> impl Iterator<Item = Click> + '_ {
        self.receiver.try_iter().inspect(|_| {
            self.queued.fetch_sub(1, Ordering::AcqRel);
        })
    }
}

/// The writer's side, run by [`Writer::run`] on a thread of its own.
pub struct Writer {
    receiver: Inbox,
    tally: Tally,
    database_url: String,
    salt: Vec<u8>,
    spool: Spool,
    conn: Option<PgConnection>,
    uniques: RecentVisitors,
    flush_every: Duration,
}

/// Where the writer writes, and how.
pub struct WriterSettings {
    pub database_url: String,
    /// Hashed with each visitor's address and browser.
    pub salt: Vec<u8>,
    pub spool: Spool,
    pub flush_every: Duration,
}

/// A queue of `capacity` clicks and the writer that empties it.
pub fn channel(capacity: usize, tally: Tally, settings: WriterSettings) -> (ClickQueue, Writer) {
    let (sender, receiver) = unbounded();
    let queued = Arc::new(AtomicUsize::new(0));
    tally.spooled.set(settings.spool.len() as i64);
    let writer = Writer {
        receiver: Inbox { receiver, queued: queued.clone(), closed: false },
        tally: tally.clone(),
        database_url: settings.database_url,
        salt: settings.salt,
        spool: settings.spool,
        conn: None,
        uniques: RecentVisitors::default(),
        flush_every: settings.flush_every,
    };
    (ClickQueue { sender, queued, capacity, tally }, writer)
}

impl Writer {
    /// Writes until `stop` is set or the server has gone, then drains what
    /// is queued (for at most `drain_for`) and returns.
    pub fn run(mut self, stop: Arc<AtomicBool>, drain_for: Duration) {
        let mut last_replay = Instant::now();
        loop {
            let stopping = stop.load(Ordering::Relaxed) || self.receiver.closed;
            let batch = self.next_batch(&stop);
            if !batch.is_empty() {
                self.write(batch);
            }
            if !self.spool.is_empty() && last_replay.elapsed() >= REPLAY_EVERY {
                self.replay();
                last_replay = Instant::now();
            }
            self.tally.check_balance();
            if stopping {
                self.drain(drain_for);
                self.tally.check_balance();
                return;
            }
        }
    }

    /// Up to [`BATCH_MAX`] clicks, the first waiting at most `flush_every`
    /// in memory. The waits are short, so a stop is seen at once; the clicks
    /// taken so far are then written and the rest drained.
    fn next_batch(&mut self, stop: &AtomicBool) -> Vec<Click> {
        let mut batch = Vec::new();
        let first_wait = if stop.load(Ordering::Relaxed) { Duration::ZERO } else { IDLE_CHECK };
        match self.receiver.recv_timeout(first_wait) {
            Ok(click) => batch.push(click),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return batch,
        }
        let deadline = Instant::now() + self.flush_every;
        while batch.len() < BATCH_MAX && !stop.load(Ordering::Relaxed) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match self.receiver.recv_timeout(left.min(IDLE_CHECK)) {
                Ok(click) => batch.push(click),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        batch
    }

    fn drain(&mut self, drain_for: Duration) {
        let deadline = Instant::now() + drain_for;
        while Instant::now() < deadline {
            let batch: Vec<Click> = self.receiver.try_iter().take(BATCH_MAX).collect();
            if batch.is_empty() {
                break;
            }
            self.write(batch);
        }
        // Past the deadline nothing more can be written: say so in the count.
        let left = self.receiver.try_iter().count();
        self.tally.pending.dec_by(left as i64);
        self.tally.shutdown.inc_by(left as u64);
    }

    /// Writes a batch, retrying once; if the database cannot take it, spools it.
    fn write(&mut self, batch: Vec<Click>) {
        let rows: Vec<Row> = batch.into_iter().map(|click| self.row(click)).collect();
        let count = rows.len() as i64;
        let started = Instant::now();
        let written = self.insert(&rows).or_else(|_| {
            self.tally.flush_failures.inc();
            self.insert(&rows)
        });
        self.tally.flush_seconds.observe(started.elapsed().as_secs_f64());
        if let Err(error) = written {
            self.tally.flush_failures.inc();
            self.spool_rows(&rows, &error);
        } else {
            self.tally.persisted.inc_by(count as u64);
            self.observe_commit_lag(&rows);
        }
        self.tally.pending.dec_by(count);
    }

    fn observe_commit_lag(&self, rows: &[Row]) {
        let committed = Utc::now();
        for row in rows {
            let lag = (committed - row.at).to_std().unwrap_or_default();
            self.tally.commit_lag_seconds.observe(lag.as_secs_f64());
        }
    }

    fn spool_rows(&mut self, rows: &[Row], error: &anyhow::Error) {
        let count = rows.len() as u64;
        match self.spool.append(rows) {
            Ok(()) => {
                tracing::warn!(%error, clicks = count, "PostgreSQL did not take a batch of clicks; spooled it");
                self.tally.spooled.inc_by(count as i64);
            }
            Err(spool_error) => {
                // Neither the database nor the disk: the clicks are lost, and counted so.
                tracing::error!(%error, %spool_error, clicks = count, "could not write or spool clicks");
                self.tally.dropped.get_or_create(&Reason { reason: "spool_failed".into() }).inc_by(count);
            }
        }
    }

    /// Offers the spool to the database; it is emptied once all of it committed.
    fn replay(&mut self) {
        // During an outage the spool grows: read it only once the database answers.
        if self.reachable().is_err() {
            return;
        }
        let rows = match self.spool.read() {
            Ok(rows) => rows,
            Err(error) => return tracing::error!(%error, "cannot read the click spool"),
        };
        for chunk in rows.chunks(BATCH_MAX) {
            if self.insert(chunk).is_err() {
                return;
            }
        }
        if let Err(error) = self.spool.clear() {
            // Replaying again is harmless: click ids make it idempotent.
            return tracing::error!(%error, "cannot empty the click spool");
        }
        tracing::info!(clicks = rows.len(), "replayed spooled clicks");
        self.tally.spooled.dec_by(rows.len() as i64);
        self.tally.persisted.inc_by(rows.len() as u64);
        self.observe_commit_lag(&rows);
    }

    fn row(&mut self, click: Click) -> Row {
        let visitor_hash = visitor::visitor_hash(&self.salt, &click.address, &click.user_agent);
        let unique = self.uniques.first_in_window((&visitor_hash, click.link, click.partnership), click.at);
        Row {
            public_id: click.public_id,
            link: click.link,
            partnership: click.partnership,
            ad: click.ad,
            at: click.at,
            visitor_hash,
            referer: click.referer,
            user_agent: Some(click.user_agent).filter(|agent| !agent.is_empty()),
            unique,
        }
    }

    fn reachable(&mut self) -> Result<(), anyhow::Error> {
        let conn = match self.conn.as_mut() {
            Some(conn) => conn,
            None => self.conn.insert(connect(&self.database_url)?),
        };
        if let Err(error) = diesel::sql_query("SELECT 1").execute(conn) {
            self.conn = None;
            return Err(error.into());
        }
        Ok(())
    }

    fn insert(&mut self, rows: &[Row]) -> Result<(), anyhow::Error> {
        let conn = match self.conn.as_mut() {
            Some(conn) => conn,
            None => self.conn.insert(connect(&self.database_url)?),
        };
        let outcome = insert_rows(conn, rows);
        if outcome.is_err() {
            // Whatever broke, the next try starts from a fresh connection.
            self.conn = None;
        }
        Ok(outcome?)
    }
}

fn connect(database_url: &str) -> Result<PgConnection, anyhow::Error> {
    let mut conn = PgConnection::establish(database_url)?;
    diesel::sql_query(format!("SET statement_timeout = {STATEMENT_TIMEOUT_MS}")).execute(&mut conn)?;
    Ok(conn)
}

/// One statement for the whole batch; a click id already stored (a replay)
/// is skipped, so replaying is harmless.
const INSERT: &str = "
INSERT INTO clicks (public_id, link_id, partnership_id, ad_id, clicked_at, visitor_hash, referer, user_agent, is_bot, is_unique)
SELECT public_id, link_id, partnership_id, ad_id, clicked_at, visitor_hash, referer, user_agent, FALSE, is_unique
FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::bool[])
    AS t(public_id, link_id, partnership_id, ad_id, clicked_at, visitor_hash, referer, user_agent, is_unique)
ON CONFLICT (public_id, clicked_at) DO NOTHING";

fn insert_rows(conn: &mut PgConnection, rows: &[Row]) -> diesel::QueryResult<()> {
    let public_ids: Vec<&str> = rows.iter().map(|r| r.public_id.as_str()).collect();
    let links: Vec<LinkId> = rows.iter().map(|r| r.link).collect();
    let partnerships: Vec<PartnershipId> = rows.iter().map(|r| r.partnership).collect();
    let ads: Vec<Option<AdId>> = rows.iter().map(|r| r.ad).collect();
    let times: Vec<DateTime<Utc>> = rows.iter().map(|r| r.at).collect();
    let hashes: Vec<&str> = rows.iter().map(|r| r.visitor_hash.as_str()).collect();
    let referers: Vec<Option<&str>> = rows.iter().map(|r| r.referer.as_deref()).collect();
    let agents: Vec<Option<&str>> = rows.iter().map(|r| r.user_agent.as_deref()).collect();
    let uniques: Vec<bool> = rows.iter().map(|r| r.unique).collect();
    diesel::sql_query(INSERT)
        .bind::<Array<Text>, _>(public_ids)
        .bind::<Array<Int8>, _>(links)
        .bind::<Array<Int8>, _>(partnerships)
        .bind::<Array<Nullable<Int8>>, _>(ads)
        .bind::<Array<Timestamptz>, _>(times)
        .bind::<Array<Text>, _>(hashes)
        .bind::<Array<Nullable<Text>>, _>(referers)
        .bind::<Array<Nullable<Text>>, _>(agents)
        .bind::<Array<Bool>, _>(uniques)
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::Utc;

    use super::{Click, WriterSettings, channel};
    use crate::db::ids::{LinkId, PartnershipId};
    use crate::tracking::spool::Spool;
    use crate::tracking::tally::Tally;

    fn click() -> Click {
        Click {
            public_id: "c".into(),
            link: LinkId(1),
            partnership: PartnershipId(1),
            ad: None,
            at: Utc::now(),
            address: "203.0.113.9".into(),
            user_agent: "Mozilla/5.0".into(),
            referer: None,
        }
    }

    #[test]
    fn a_full_queue_drops_as_overload_and_a_taken_click_frees_its_place() {
        let folder = std::env::temp_dir().join(format!("pd-queue-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let tally = Tally::new(&mut prometheus_client::registry::Registry::default());
        let settings = WriterSettings {
            database_url: String::new(),
            salt: Vec::new(),
            spool: Spool::open(&folder).unwrap(),
            flush_every: Duration::from_millis(10),
        };
        let (queue, mut writer) = channel(2, tally.clone(), settings);
        queue.accept(click());
        queue.accept(click());
        queue.accept(click());
        assert_eq!(tally.overload.get(), 1, "the third click found the queue full");
        assert!(writer.receiver.recv_timeout(Duration::ZERO).is_ok());
        queue.accept(click());
        assert_eq!(tally.overload.get(), 1, "a place was free again");
        assert_eq!(writer.receiver.try_iter().count(), 2);
        drop(queue);
        assert!(writer.receiver.recv_timeout(Duration::ZERO).is_err());
        assert!(writer.receiver.closed, "with every sender gone the writer knows to stop");
        let _ = std::fs::remove_dir_all(&folder);
    }
}
