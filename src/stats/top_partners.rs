//! The Overview's top partners rank every partner who converted in the
//! period: at 100,000 partners that is a few hundred thousand rollup rows,
//! too many to sum on every view. Each vendor's list per period is kept
//! for a minute (`RANKING_FRESH_SECONDS`); a view after that gets the kept list at once while a
//! fresh one is computed in the background. A new day is a new period,
//! computed on its first view.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use super::vendor_queries::{self as queries, TopPartner, Window};
use crate::clock::Clock;
use crate::db::ids::VendorId;
use crate::db::{self, DbPool};
use crate::web::AppError;

/// Lists kept at most; past it, the oldest days' lists go first.
const MOST_KEPT: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    vendor: VendorId,
    first: NaiveDate,
    last: NaiveDate,
    currency: String,
}

struct Kept {
    rows: Arc<Vec<TopPartner>>,
    computed_at: DateTime<Utc>,
    fresh_until: DateTime<Utc>,
    refreshing: bool,
}

/// The top partners as computed at `computed_at`.
#[derive(Debug, Clone)]
pub struct TopPartners {
    pub rows: Arc<Vec<TopPartner>>,
    pub computed_at: DateTime<Utc>,
}

pub struct TopPartnersCache {
    kept: Mutex<HashMap<Key, Kept>>,
    /// How long a list is shown before it is computed again.
    fresh_for: Duration,
    clock: Clock,
}

/// A period as the cache keys it: whole UTC days, `[from, to)`.
#[derive(Debug, Clone)]
pub struct Period {
    pub vendor: VendorId,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub currency: String,
}

impl Period {
    fn key(&self) -> Key {
        Key {
            vendor: self.vendor,
            first: self.from.date_naive(),
            last: self.to.date_naive(),
            currency: self.currency.clone(),
        }
    }
}

impl TopPartnersCache {
    pub fn new(fresh_for: Duration, clock: Clock) -> TopPartnersCache {
        TopPartnersCache { kept: Mutex::default(), fresh_for, clock }
    }

    pub fn fresh_for(&self) -> Duration {
        self.fresh_for
    }

    pub async fn get(self: Arc<Self>, pool: &DbPool, period: Period) -> Result<TopPartners, AppError> {
        let key = period.key();
        let stale = {
            let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match kept.get_mut(&key) {
                Some(entry) => {
                    let shown = TopPartners { rows: Arc::clone(&entry.rows), computed_at: entry.computed_at };
                    if entry.fresh_until > self.clock.now() || entry.refreshing {
                        return Ok(shown);
                    }
                    entry.refreshing = true;
                    Some(shown)
                }
                None => None,
            }
        };
        match stale {
            Some(shown) => {
                let (cache, pool) = (Arc::clone(&self), pool.clone());
                actix_web::rt::spawn(async move {
                    if let Err(error) = cache.compute(&pool, period).await {
                        tracing::warn!(?error, "could not compute the Overview's top partners");
                        cache.release(&key);
                    }
                });
                Ok(shown)
            }
            None => self.compute(pool, period).await,
        }
    }

    async fn compute(&self, pool: &DbPool, period: Period) -> Result<TopPartners, AppError> {
        let key = period.key();
        let rows = db::run(pool, move |conn| {
            let window = Window { vendor: period.vendor, from: period.from, to: period.to, currency: &period.currency };
            Ok(queries::top_partners(conn, window)?)
        })
        .await?;
        let now = self.clock.now();
        let computed = TopPartners { rows: Arc::new(rows), computed_at: now };
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() >= MOST_KEPT {
            let newest = kept.keys().map(|k| k.last).max().unwrap_or(key.last);
            kept.retain(|k, _| k.last >= newest);
        }
        kept.insert(
            key,
            Kept {
                rows: Arc::clone(&computed.rows),
                computed_at: computed.computed_at,
                fresh_until: now + chrono::Duration::from_std(self.fresh_for).unwrap_or(chrono::Duration::MAX),
                refreshing: false,
            },
        );
        Ok(computed)
    }

    /// A failed refresh lets the next view try again.
    fn release(&self, key: &Key) {
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(entry) = kept.get_mut(key) {
            entry.refreshing = false;
        }
    }
}
