//! The Customers page's lines: the customers a search and filter match,
//! newest first, each with its sales read once, and how many match.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int8, Nullable, Text, Timestamptz};

use crate::db::ids::{CustomerId, VendorId};
use crate::db::prepared::prepared;
use crate::db::states::AttributionSource;
use crate::domain::{Currency, Money};
use crate::web::count::{Count, SEARCHED_ROWS};
use crate::web::search::like_pattern;

/// One line of the Customers page.
#[derive(Debug, Clone, QueryableByName)]
pub struct CustomerLine {
    #[diesel(sql_type = Int8)]
    pub id: CustomerId,
    #[diesel(sql_type = Text)]
    pub external_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub name: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub signed_up_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub attribution: AttributionSource,
    #[diesel(sql_type = Text)]
    pub reason: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub self_referral: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner_code: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub sales: i64,
    #[diesel(sql_type = BigInt)]
    net_cents: i64,
    #[diesel(sql_type = Nullable<Text>)]
    other_net: Option<String>,
}

impl CustomerLine {
    /// Net revenue in the vendor's currency.
    pub fn net(&self, currency: Currency) -> Money {
        Money::new(self.net_cents, currency)
    }

    /// Net revenue in each other currency.
    pub fn other_net(&self) -> Vec<Money> {
        self.other_net.as_deref().map(Money::parse_list).unwrap_or_default()
    }
}

/// The customers the page's search and filter match, newest first: `$1`
/// the vendor, then, with search text, `$2` its pattern and `$3` the text
/// itself. Text matches the customer's key, email or name, kept in
/// `search_text` (the planner walks the newest customers, whose index
/// entries carry it, when most match, or looks them up by its trigram index
/// when few do), or is the code of the partner credited.
fn matching_sql(search: &CustomerSearch) -> String {
    let mut sql = String::from("SELECT c.id FROM customers c WHERE c.vendor_id = $1");
    if like_pattern(search.text).is_some() {
        sql.push_str(
            " AND (c.search_text LIKE lower($2) \
             OR c.partnership_id = (SELECT id FROM partnerships WHERE vendor_id = $1 AND code = lower($3)))",
        );
    }
    match search.attributed {
        "attributed" => sql.push_str(" AND c.partnership_id IS NOT NULL"),
        "unattributed" => sql.push_str(" AND c.partnership_id IS NULL"),
        _ => {}
    }
    sql.push_str(" ORDER BY c.signed_up_at DESC, c.id DESC");
    sql
}

/// The lines of `$1`'s customers, in that order: each customer's sales
/// are read once, a row per currency, for the count and both sums.
const CUSTOMER_LINES: &str = "
SELECT c.id, c.external_id, c.email, c.name, c.signed_up_at, c.attribution, c.reason, c.self_referral,
       p.partner_name AS partner_name, p.code AS partner_code,
       coalesce(s.sales, 0)::bigint AS sales, coalesce(s.net_cents, 0)::bigint AS net_cents, s.other_net
FROM unnest($1::bigint[]) WITH ORDINALITY AS page(id, position)
JOIN customers c ON c.id = page.id
LEFT JOIN partnerships p ON p.id = c.partnership_id
LEFT JOIN LATERAL (
  SELECT sum(x.sales) AS sales, sum(x.cents) FILTER (WHERE x.currency = $2) AS net_cents,
         string_agg(x.currency || ' ' || x.cents, ',' ORDER BY x.currency) FILTER (WHERE x.currency <> $2) AS other_net
  FROM (SELECT t.currency, count(*) AS sales, sum(t.amount_cents - t.refunded_cents) AS cents
        FROM transactions t WHERE t.customer_id = c.id GROUP BY t.currency) x
) s ON true
ORDER BY page.position";

/// What the Customers page asks for.
pub struct CustomerSearch<'a> {
    pub text: &'a str,
    /// "", "attributed" or "unattributed".
    pub attributed: &'a str,
    pub currency: Currency,
    pub limit: i64,
    pub offset: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Int8)]
    id: CustomerId,
}

/// The ids of the matching customers from `offset`, at most `limit`.
fn matching_ids(
    conn: &mut PgConnection,
    vendor: VendorId,
    search: &CustomerSearch,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<CustomerId>> {
    let sql = format!("{} LIMIT {} OFFSET {}", matching_sql(search), limit.max(0), offset.max(0));
    let mut query = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>().bind::<Int8, _>(vendor);
    if let Some(pattern) = like_pattern(search.text) {
        query = query.bind::<Text, _>(pattern).bind::<Text, _>(search.text.trim().to_string());
    }
    Ok(query.load::<Id>(conn)?.into_iter().map(|row| row.id).collect())
}

/// The lines of `ids`, in their order.
fn lines(conn: &mut PgConnection, ids: &[CustomerId], currency: Currency) -> QueryResult<Vec<CustomerLine>> {
    let mut lines = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5_000) {
        let chunk: Vec<i64> = chunk.iter().map(|id| id.0).collect();
        lines.extend(
            prepared(
                diesel::sql_query(CUSTOMER_LINES)
                    .bind::<diesel::sql_types::Array<Int8>, _>(chunk)
                    .bind::<Text, _>(currency.code()),
            )
            .load::<CustomerLine>(conn)?,
        );
    }
    Ok(lines)
}

/// The matching customers from the search's offset, newest first.
pub fn search(conn: &mut PgConnection, vendor: VendorId, search: &CustomerSearch) -> QueryResult<Vec<CustomerLine>> {
    let ids = matching_ids(conn, vendor, search, search.limit, search.offset)?;
    lines(conn, &ids, search.currency)
}

/// One page of the matching customers and how many match. A search reads
/// its matching ids once, up to one past [`SEARCHED_ROWS`], for both; the
/// whole list is counted exactly from the daily signup rollups.
pub fn page(
    conn: &mut PgConnection,
    vendor: VendorId,
    search: &CustomerSearch,
) -> QueryResult<(Vec<CustomerLine>, Count)> {
    if like_pattern(search.text).is_none() {
        let page = self::search(conn, vendor, search)?;
        return Ok((page, Count::exact(signups(conn, vendor, search.attributed)?)));
    }
    let matching = matching_ids(conn, vendor, search, SEARCHED_ROWS + 1, 0)?;
    let on_page: Vec<CustomerId> = matching
        .iter()
        .skip(usize::try_from(search.offset).unwrap_or(0))
        .take(usize::try_from(search.limit).unwrap_or(0))
        .copied()
        .collect();
    Ok((lines(conn, &on_page, search.currency)?, Count::up_to(matching.len() as i64, SEARCHED_ROWS)))
}

/// Every signup of the vendor's customers (attributed, unattributed or both).
fn signups(conn: &mut PgConnection, vendor: VendorId, attributed: &str) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Total {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let who = match attributed {
        "attributed" => "0",
        "unattributed" => "-1",
        _ => "0, -1",
    };
    // One of three texts, each prepared once.
    let total: Total = prepared(
        diesel::sql_query(format!(
            "SELECT coalesce(sum(signups), 0)::bigint AS total FROM conversion_rollups
             WHERE vendor_id = $1 AND partnership_id IN ({who}) AND currency = ''"
        ))
        .bind::<Int8, _>(vendor),
    )
    .get_result(conn)?;
    Ok(total.total)
}
