//! Unique clicks: a visitor's first click on a link and partner within
//! the hour.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// One visitor on one link and partner within this long is one unique click.
const UNIQUE_WINDOW: Duration = Duration::from_secs(3_600);
/// Visitors remembered for uniqueness; past this the oldest are forgotten.
const UNIQUE_MEMORY: usize = 500_000;

/// Who clicked what lately, to tell a unique click from a repeat. Kept per
/// node and in memory: after a restart, or across nodes, a repeat can count
/// as unique once more.
#[derive(Default)]
pub(super) struct RecentVisitors {
    last_seen: HashMap<u64, DateTime<Utc>>,
    order: VecDeque<(DateTime<Utc>, u64)>,
    hasher: std::collections::hash_map::RandomState,
}

impl RecentVisitors {
    pub(super) fn first_in_window(&mut self, key: impl Hash, at: DateTime<Utc>) -> bool {
        let key = self.hasher.hash_one(key);
        let window = chrono::Duration::from_std(UNIQUE_WINDOW).unwrap_or_else(|_| chrono::Duration::hours(1));
        while let Some(&(seen, old)) = self.order.front() {
            if at - seen < window && self.order.len() < UNIQUE_MEMORY {
                break;
            }
            self.order.pop_front();
            if self.last_seen.get(&old) == Some(&seen) {
                self.last_seen.remove(&old);
            }
        }
        let unique = self.last_seen.get(&key).is_none_or(|seen| at - *seen >= window);
        if unique {
            self.last_seen.insert(key, at);
            self.order.push_back((at, key));
        }
        unique
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::RecentVisitors;

    #[test]
    fn a_repeat_within_the_hour_is_not_unique_and_one_after_it_is() {
        let mut recent = RecentVisitors::default();
        let start = Utc::now();
        assert!(recent.first_in_window(("v1", 1), start));
        assert!(!recent.first_in_window(("v1", 1), start + Duration::minutes(59)));
        assert!(recent.first_in_window(("v1", 2), start + Duration::minutes(59)), "another link");
        assert!(recent.first_in_window(("v1", 1), start + Duration::minutes(61)));
    }
}
