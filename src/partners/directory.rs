//! The vendor's All Partners list: one query per page, whatever the size.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int8, Nullable, Text, Timestamptz};

use crate::db::ids::VendorId;

pub const PAGE_SIZE: i64 = 50;

/// Sort keys offered to the vendor, and the SQL each stands for.
pub const SORTS: [(&str, &str, &str); 5] = [
    ("joined", "Newest", "p.created_at DESC, p.id DESC"),
    ("name", "Name", "u.name, p.id"),
    ("email", "Email", "u.email, p.id"),
    ("code", "Partner code", "p.code, p.id"),
    ("group", "Group", "g.name, u.name, p.id"),
];

/// What the vendor asked to see.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub search: String,
    pub group: Option<i64>,
    pub removed: bool,
    pub sort: String,
    pub page: i64,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct PartnerRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub group_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub parent_code: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub joined_at: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_usd_cents: i64,
}

const FILTERS: &str = "
FROM partnerships p
JOIN users u ON u.id = p.user_id
JOIN partner_groups g ON g.id = p.group_id
LEFT JOIN partnerships parent ON parent.id = p.parent_id
WHERE p.vendor_id = $1 AND p.status = $2 AND ($3 = 0 OR p.group_id = $3)
  AND ($4 = '' OR u.name ILIKE $4 OR u.email ILIKE $4 OR p.code ILIKE $4)";

/// The totals are subqueries in the select list: PostgreSQL evaluates them
/// after the sort and limit, so only for the rows of this page.
fn page_sql(order: &str) -> String {
    format!(
        "SELECT p.id, u.name, u.email, p.code, g.name AS group_name, parent.code AS parent_code, p.created_at AS joined_at,
           (SELECT count(*) FROM clicks c WHERE c.partnership_id = p.id AND NOT c.is_bot) AS clicks,
           (SELECT count(*) FROM customers cu WHERE cu.partnership_id = p.id) AS signups,
           (SELECT coalesce(sum(t.amount_cents), 0)::bigint FROM transactions t WHERE t.partnership_id = p.id AND t.currency = 'USD') AS revenue_usd_cents
         {FILTERS}
         ORDER BY {order} LIMIT $5 OFFSET $6"
    )
}

fn pattern(search: &str) -> String {
    let escaped = search.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    if escaped.is_empty() { String::new() } else { format!("%{escaped}%") }
}

/// One page of rows and the number of matching partners.
pub fn page(conn: &mut PgConnection, vendor: VendorId, filter: &Filter) -> QueryResult<(Vec<PartnerRow>, i64)> {
    let order = SORTS.iter().find(|(key, _, _)| *key == filter.sort).map_or(SORTS[0].2, |(_, _, sql)| *sql);
    let status = if filter.removed { "removed" } else { "active" };
    let search = pattern(&filter.search);
    let rows = diesel::sql_query(page_sql(order))
        .bind::<Int8, _>(vendor)
        .bind::<Text, _>(status)
        .bind::<Int8, _>(filter.group.unwrap_or(0))
        .bind::<Text, _>(&search)
        .bind::<BigInt, _>(PAGE_SIZE)
        .bind::<BigInt, _>((filter.page.max(1) - 1) * PAGE_SIZE)
        .load(conn)?;
    #[derive(QueryableByName)]
    struct Total {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let total: Total = diesel::sql_query(format!("SELECT count(*) AS total {FILTERS}"))
        .bind::<Int8, _>(vendor)
        .bind::<Text, _>(status)
        .bind::<Int8, _>(filter.group.unwrap_or(0))
        .bind::<Text, _>(&search)
        .get_result(conn)?;
    Ok((rows, total.total))
}

#[cfg(test)]
mod tests {
    use super::pattern;

    #[test]
    fn search_text_is_matched_literally() {
        assert_eq!(pattern(" ann "), "%ann%");
        assert_eq!(pattern("50%_off"), "%50\\%\\_off%");
        assert_eq!(pattern("  "), "");
    }
}
