//! What time it is, wherever a time limit is judged: session idle and
//! absolute limits, log-in throttle windows, the end of commission holds,
//! the freshness of the top-partner ranking, one-time link expiry. The
//! server asks its `Clock`, which is the system's; a test moves its own
//! app's clock forward instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

/// The system's time, plus however far a test moved it ahead.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    ahead_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Moves the clock forward by `by`, for this app only.
    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.ahead_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_clock_moved_ahead_tells_the_later_time_and_its_copies_follow() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = clock.now();
        clock.advance(std::time::Duration::from_secs(3600));
        assert!(copy.now() - before >= chrono::Duration::minutes(59));
    }
}
