//! How many rows a long list holds, and how far it pages. Paging a whole
//! list stops at [`PAGED_ROWS`], a search at [`SEARCHED_ROWS`]: an offset
//! further in reads every row before it, and a broad search would read
//! every match to order them. The filters and the CSV download reach the rest.

use super::plain_input::page_count;

/// Rows of a whole list reachable by paging; counted this far (and one)
/// where a list is not counted exactly.
pub const PAGED_ROWS: i64 = 10_000;
/// Matches a search shows and counts (and one).
pub const SEARCHED_ROWS: i64 = 1_000;

/// The rows paging reaches: fewer for a search.
pub fn reach(searching: bool) -> i64 {
    if searching { SEARCHED_ROWS } else { PAGED_ROWS }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    rows: i64,
    reach: i64,
    exact: bool,
}

impl Count {
    /// Every row counted.
    pub fn exact(rows: i64) -> Count {
        Count { rows, reach: PAGED_ROWS, exact: true }
    }

    /// Counted only up to one past `reach`, the rows paging reaches.
    pub fn up_to(rows: i64, reach: i64) -> Count {
        Count { rows, reach, exact: false }
    }

    /// "305,772", or "1,000+" when counting stopped at the reach.
    pub fn text(&self) -> String {
        if !self.exact && self.rows > self.reach { format!("{}+", thousands(self.reach)) } else { thousands(self.rows) }
    }

    pub fn pages(&self, per_page: i64) -> i64 {
        page_count(self.rows.min(self.reach), per_page)
    }

    /// Whether some rows are reachable only by search, filter or download.
    pub fn beyond_paging(&self) -> bool {
        self.rows > self.reach
    }

    /// What to do about the rows paging does not reach.
    pub fn beyond_note(&self) -> String {
        if self.reach < PAGED_ROWS {
            format!(
                "A search shows its first {}; narrow it, or download the CSV for every match.",
                thousands(self.reach)
            )
        } else {
            format!("Pages reach the first {}; search, filter or download the CSV for the rest.", thousands(self.reach))
        }
    }
}

fn thousands(n: i64) -> String {
    crate::domain::money::grouped(n.max(0).unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::{Count, PAGED_ROWS, SEARCHED_ROWS};

    #[test]
    fn counts_read_in_thousands_and_a_capped_count_says_so() {
        assert_eq!(Count::exact(305_772).text(), "305,772");
        assert_eq!(Count::up_to(PAGED_ROWS + 1, PAGED_ROWS).text(), "10,000+");
        assert_eq!(Count::up_to(SEARCHED_ROWS + 1, SEARCHED_ROWS).text(), "1,000+");
        assert_eq!(Count::up_to(999, SEARCHED_ROWS).text(), "999");
        assert_eq!(Count::exact(0).text(), "0");
    }

    #[test]
    fn paging_stops_at_the_reach() {
        assert_eq!(Count::exact(305_772).pages(50), 200);
        assert_eq!(Count::up_to(SEARCHED_ROWS + 1, SEARCHED_ROWS).pages(50), 20);
        assert_eq!(Count::exact(120).pages(50), 3);
        assert_eq!(Count::exact(0).pages(50), 1);
        assert!(Count::exact(PAGED_ROWS + 1).beyond_paging() && !Count::exact(PAGED_ROWS).beyond_paging());
        assert!(
            Count::up_to(SEARCHED_ROWS + 1, SEARCHED_ROWS).beyond_note().starts_with("A search shows its first 1,000")
        );
    }
}
