//! The vendor's All Partners list: a few bounded queries per page,
//! whatever the number of partners.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int8, Nullable, Text, Timestamptz};

use crate::db::ids::{GroupId, PartnershipId, VendorId};
use crate::db::prepared::prepared;
use crate::db::states::PartnershipStatus;
use crate::stats::queries::{self as stats, Activity};
use crate::web::count::{Count, SEARCHED_ROWS};
use crate::web::search::like_pattern;

pub const PAGE_SIZE: i64 = 50;

/// Sort keys offered to the vendor, and the SQL each stands for.
pub const SORTS: [(&str, &str, &str); 5] = [
    ("joined", "Newest", "p.created_at DESC, p.id DESC"),
    ("name", "Name", "p.partner_name, p.id"),
    ("email", "Email", "u.email, p.id"),
    ("code", "Partner code", "p.code, p.id"),
    ("group", "Group", "g.name, p.partner_name, p.id"),
];

/// What the vendor asked to see.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub search: String,
    pub group: Option<GroupId>,
    pub removed: bool,
    pub sort: String,
    pub page: i64,
}

/// Who a listed partner is.
#[derive(Debug, Clone, QueryableByName)]
pub struct PartnerDetails {
    #[diesel(sql_type = Int8)]
    pub id: PartnershipId,
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
}

/// A row of the All Partners table.
#[derive(Debug, Clone)]
pub struct PartnerRow {
    pub details: PartnerDetails,
    pub activity: Activity,
}

/// The conditions on `partnerships p`, added only when set so the group
/// and trigram indexes can be used. A search is one condition on one
/// column, so the planner weighs its own estimate of the matches: few, and
/// it looks them up by the trigram index and orders them; many, and it
/// walks the list's index in order, whose entries carry the text, until
/// the page is full.
fn conditions(filter: &Filter) -> String {
    let mut sql = String::from("p.vendor_id = $1 AND p.status = $2");
    let mut next = 3;
    if filter.group.is_some() {
        sql.push_str(&format!(" AND p.group_id = ${next}"));
        next += 1;
    }
    if like_pattern(&filter.search).is_some() {
        sql.push_str(&format!(" AND p.search_text LIKE lower(${next})"));
    }
    sql
}

/// The matching ids in the chosen order; users and groups are joined only
/// when the order needs them, so a page deep into a list sorted by name,
/// code or date is read from one index.
fn ids_sql(filter: &Filter, order: &str) -> String {
    let users = if order.contains("u.") { " JOIN users u ON u.id = p.user_id" } else { "" };
    let groups = if order.contains("g.") { " JOIN partner_groups g ON g.id = p.group_id" } else { "" };
    format!("SELECT p.id FROM partnerships p{users}{groups} WHERE {} ORDER BY {order}", conditions(filter))
}

/// Details for the ids of one page, in the page's order.
const DETAILS: &str = "
SELECT p.id, p.partner_name AS name, u.email, p.code, g.name AS group_name, parent.code AS parent_code, p.created_at AS joined_at
FROM unnest($1::bigint[]) WITH ORDINALITY AS page(id, position)
JOIN partnerships p ON p.id = page.id
JOIN users u ON u.id = p.user_id
JOIN partner_groups g ON g.id = p.group_id
LEFT JOIN partnerships parent ON parent.id = p.parent_id
ORDER BY page.position";

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Int8)]
    id: PartnershipId,
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    total: i64,
}

fn with_filter_binds<'a>(
    sql: String,
    vendor: VendorId,
    filter: &Filter,
) -> diesel::query_builder::BoxedSqlQuery<'a, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    let status = if filter.removed { PartnershipStatus::Removed } else { PartnershipStatus::Active };
    let mut query =
        diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>().bind::<Int8, _>(vendor).bind::<Text, _>(status);
    if let Some(group) = filter.group {
        query = query.bind::<Int8, _>(group);
    }
    if let Some(search) = like_pattern(&filter.search) {
        query = query.bind::<Text, _>(search);
    }
    query
}

/// One page of rows and how many partners match. A search reads its
/// matching ids once, up to one past [`SEARCHED_ROWS`], for both the page
/// and the count; the whole list is counted from the groups' kept totals.
pub fn page(conn: &mut PgConnection, vendor: VendorId, filter: &Filter) -> QueryResult<(Vec<PartnerRow>, Count)> {
    let order = order_sql(filter);
    let offset = usize::try_from((filter.page.max(1) - 1) * PAGE_SIZE).unwrap_or(0);
    if like_pattern(&filter.search).is_some() {
        let capped = format!("{} LIMIT {}", ids_sql(filter, order), SEARCHED_ROWS + 1);
        let matching = load_ids(conn, with_filter_binds(capped, vendor, filter))?;
        let on_page: Vec<PartnershipId> = matching.iter().skip(offset).take(PAGE_SIZE as usize).copied().collect();
        return Ok((rows_for(conn, &on_page)?, Count::up_to(matching.len() as i64, SEARCHED_ROWS)));
    }
    let ids_query = format!("{} LIMIT {PAGE_SIZE} OFFSET {offset}", ids_sql(filter, order));
    let ids = load_ids(conn, with_filter_binds(ids_query, vendor, filter))?;
    Ok((rows_for(conn, &ids)?, Count::exact(count(conn, vendor, filter)?)))
}

fn order_sql(filter: &Filter) -> &'static str {
    SORTS.iter().find(|(key, _, _)| *key == filter.sort).map_or(SORTS[0].2, |(_, _, sql)| *sql)
}

fn load_ids(
    conn: &mut PgConnection,
    query: diesel::query_builder::BoxedSqlQuery<'_, diesel::pg::Pg, diesel::query_builder::SqlQuery>,
) -> QueryResult<Vec<PartnershipId>> {
    Ok(query.load::<Id>(conn)?.into_iter().map(|row| row.id).collect())
}

/// The whole list: active partners from the groups' kept totals, removed
/// ones by rows (a vendor removes few).
fn count(conn: &mut PgConnection, vendor: VendorId, filter: &Filter) -> QueryResult<i64> {
    let total: Total = if filter.removed {
        let count_query = format!("SELECT count(*) AS total FROM partnerships p WHERE {}", conditions(filter));
        with_filter_binds(count_query, vendor, filter).get_result(conn)?
    } else {
        prepared(
            diesel::sql_query(
                "SELECT coalesce(sum(t.partners), 0)::bigint AS total
                 FROM partner_groups g JOIN group_totals t ON t.group_id = g.id AND t.currency = ''
                 WHERE g.vendor_id = $1 AND ($2::bigint IS NULL OR g.id = $2)",
            )
            .bind::<Int8, _>(vendor)
            .bind::<Nullable<Int8>, _>(filter.group),
        )
        .get_result(conn)?
    };
    Ok(total.total)
}

/// Every matching partner in the chosen order, for a download: the rows
/// are read a few thousand ids at a time, as a page is.
pub fn all(conn: &mut PgConnection, vendor: VendorId, filter: &Filter) -> QueryResult<Vec<PartnerRow>> {
    let ids = load_ids(conn, with_filter_binds(ids_sql(filter, order_sql(filter)), vendor, filter))?;
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5_000) {
        rows.extend(rows_for(conn, chunk)?);
    }
    Ok(rows)
}

/// Details and totals of `ids`, in their order.
fn rows_for(conn: &mut PgConnection, ids: &[PartnershipId]) -> QueryResult<Vec<PartnerRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let details: Vec<PartnerDetails> = prepared(diesel::sql_query(DETAILS).bind::<Array<Int8>, _>(ids)).load(conn)?;
    let mut totals = stats::partner_totals(conn, ids)?;
    Ok(details
        .into_iter()
        .map(|details| PartnerRow { activity: totals.remove(&details.id).unwrap_or_default(), details })
        .collect())
}
