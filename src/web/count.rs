//! How many rows a long list holds, and how far it pages. Paging stops at
//! [`PAGED_ROWS`]: an offset further in reads every row before it, and the
//! search, the filters and the CSV download reach the rest.

use super::plain_input::page_count;

/// Rows reachable by paging; a search is counted only this far (and one).
pub const PAGED_ROWS: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(pub i64);

impl Count {
    /// "305,772", or "10,000+" when a search was counted only to the cap.
    pub fn text(&self, exact: bool) -> String {
        if !exact && self.0 > PAGED_ROWS { format!("{}+", thousands(PAGED_ROWS)) } else { thousands(self.0) }
    }

    pub fn pages(&self, per_page: i64) -> i64 {
        page_count(self.0.min(PAGED_ROWS), per_page)
    }

    /// Whether some rows are reachable only by search, filter or download.
    pub fn beyond_paging(&self) -> bool {
        self.0 > PAGED_ROWS
    }
}

fn thousands(n: i64) -> String {
    crate::domain::money::grouped(n.max(0).unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::{Count, PAGED_ROWS};

    #[test]
    fn counts_read_in_thousands_and_a_capped_search_says_so() {
        assert_eq!(Count(305_772).text(true), "305,772");
        assert_eq!(Count(PAGED_ROWS + 1).text(false), "10,000+");
        assert_eq!(Count(999).text(false), "999");
        assert_eq!(Count(0).text(true), "0");
    }

    #[test]
    fn paging_stops_at_the_paged_rows() {
        assert_eq!(Count(305_772).pages(50), 200);
        assert_eq!(Count(120).pages(50), 3);
        assert_eq!(Count(0).pages(50), 1);
        assert!(Count(PAGED_ROWS + 1).beyond_paging() && !Count(PAGED_ROWS).beyond_paging());
    }
}
