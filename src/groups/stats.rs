//! Per-group totals for the groups page, over the real tracking tables.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int8};

use crate::db::ids::{GroupId, VendorId};

/// All-time totals of one group's active partners.
#[derive(Debug, Clone, QueryableByName)]
pub struct GroupTotals {
    #[diesel(sql_type = Int8)]
    pub group_id: GroupId,
    #[diesel(sql_type = BigInt)]
    pub partners: i64,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_usd_cents: i64,
}

impl GroupTotals {
    /// A group with nothing yet.
    pub fn zero(group_id: GroupId) -> Self {
        GroupTotals { group_id, partners: 0, clicks: 0, signups: 0, revenue_usd_cents: 0 }
    }
}

/// Activity counts by the partner's current group; removed partners'
/// activity is left out, as the vendor no longer sees it. Bot clicks never count.
const TOTALS: &str = "
WITH members AS (
    SELECT id, group_id FROM partnerships WHERE vendor_id = $1 AND status = 'active'
)
SELECT g.id AS group_id,
       (SELECT count(*) FROM members m WHERE m.group_id = g.id) AS partners,
       (SELECT count(*) FROM clicks c JOIN members m ON m.id = c.partnership_id
         WHERE m.group_id = g.id AND NOT c.is_bot) AS clicks,
       (SELECT count(*) FROM customers cu JOIN members m ON m.id = cu.partnership_id
         WHERE m.group_id = g.id) AS signups,
       (SELECT coalesce(sum(t.amount_cents), 0)::bigint FROM transactions t JOIN members m ON m.id = t.partnership_id
         WHERE m.group_id = g.id AND t.currency = 'USD') AS revenue_usd_cents
FROM partner_groups g
WHERE g.vendor_id = $1";

pub fn totals(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<HashMap<GroupId, GroupTotals>> {
    let rows: Vec<GroupTotals> = diesel::sql_query(TOTALS).bind::<Int8, _>(vendor).load(conn)?;
    Ok(rows.into_iter().map(|row| (row.group_id, row)).collect())
}

/// "$1,234.56" from cents.
pub fn format_usd(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let dollars = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::format_usd;

    #[test]
    fn dollars_are_grouped_by_thousands() {
        assert_eq!(format_usd(0), "$0.00");
        assert_eq!(format_usd(5), "$0.05");
        assert_eq!(format_usd(123_456_789), "$1,234,567.89");
        assert_eq!(format_usd(-100_000), "-$1,000.00");
    }
}
