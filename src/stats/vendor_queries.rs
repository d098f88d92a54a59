//! The vendor's program at a glance: measures for a period and the one
//! before it, each day's numbers, the top partners and links, and what
//! happened last. Every query is bounded by the vendor and the period.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Int8, Nullable, Text, Timestamptz};

use crate::db::ids::VendorId;
use crate::db::prepared::prepared;
use crate::domain::Money;

/// A half-open period `[from, to)` and the vendor's currency.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    pub vendor: VendorId,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub currency: &'a str,
}

#[derive(Debug, Clone, Default, QueryableByName)]
pub struct Measures {
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub unique_clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_cents: i64,
    #[diesel(sql_type = BigInt)]
    pub commission_cents: i64,
}

/// Clicks from the per-link rollups, the rest from the vendor's own
/// conversion rollup rows (partnership 0): a few rows per day of the period.
const MEASURES: &str = "
SELECT rolled.clicks, rolled.unique_clicks, converted.signups, converted.revenue_cents, converted.commission_cents
FROM (SELECT coalesce(sum(d.clicks), 0)::bigint AS clicks, coalesce(sum(d.unique_clicks), 0)::bigint AS unique_clicks
      FROM link_daily_clicks d JOIN links l ON l.id = d.link_id
      WHERE l.vendor_id = $1 AND d.day >= $2::date AND d.day < $3::date) rolled,
     (SELECT coalesce(sum(c.signups), 0)::bigint AS signups,
             coalesce(sum(c.revenue_cents) FILTER (WHERE c.currency = $4), 0)::bigint AS revenue_cents,
             coalesce(sum(c.commission_cents) FILTER (WHERE c.currency = $4), 0)::bigint AS commission_cents
      FROM conversion_rollups c
      WHERE c.vendor_id = $1 AND c.partnership_id = 0 AND c.day >= $2::date AND c.day < $3::date) converted";

type Query = diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>;

/// `sql` with the vendor, the period and the currency as `$1` to `$4`.
fn bound(sql: &str, w: Window) -> Query {
    in_period(sql, w).bind::<Text, _>(w.currency.to_string())
}

/// `sql` with the vendor and the period as `$1` to `$3`.
fn in_period(sql: &str, w: Window) -> Query {
    diesel::sql_query(sql.to_string())
        .into_boxed()
        .bind::<Int8, _>(w.vendor)
        .bind::<Timestamptz, _>(w.from)
        .bind::<Timestamptz, _>(w.to)
}

pub fn measures(conn: &mut PgConnection, w: Window) -> QueryResult<Measures> {
    prepared(bound(MEASURES, w)).get_result(conn)
}

/// Revenue in currencies other than the vendor's, from the program's own
/// rollup rows: shown beside the revenue, never converted.
const OTHER_REVENUE: &str = "
SELECT string_agg(x.currency || ' ' || x.cents, ',' ORDER BY x.currency) AS list
FROM (SELECT c.currency, sum(c.revenue_cents)::bigint AS cents FROM conversion_rollups c
      WHERE c.vendor_id = $1 AND c.partnership_id = 0 AND c.day >= $2::date AND c.day < $3::date
        AND c.currency NOT IN ('', $4)
      GROUP BY c.currency) x";

pub fn other_revenue(conn: &mut PgConnection, w: Window) -> QueryResult<Vec<Money>> {
    #[derive(QueryableByName)]
    struct List {
        #[diesel(sql_type = Nullable<Text>)]
        list: Option<String>,
    }
    let list: List = prepared(bound(OTHER_REVENUE, w)).get_result(conn)?;
    Ok(list.list.as_deref().map(Money::parse_list).unwrap_or_default())
}

/// Each day's clicks, signups and revenue of the period (days without any left out).
#[derive(Debug, Clone, QueryableByName)]
pub struct Day {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_cents: i64,
}

const DAYS: &str = "
WITH clicked AS (
  SELECT d.day, sum(d.clicks)::bigint AS n FROM link_daily_clicks d JOIN links l ON l.id = d.link_id
  WHERE l.vendor_id = $1 AND d.day >= $2::date AND d.day < $3::date GROUP BY d.day
), converted AS (
  SELECT c.day, sum(c.signups)::bigint AS signups,
         coalesce(sum(c.revenue_cents) FILTER (WHERE c.currency = $4), 0)::bigint AS revenue_cents
  FROM conversion_rollups c
  WHERE c.vendor_id = $1 AND c.partnership_id = 0 AND c.day >= $2::date AND c.day < $3::date GROUP BY c.day
)
SELECT coalesce(clicked.day, converted.day) AS day, coalesce(clicked.n, 0) AS clicks,
       coalesce(converted.signups, 0) AS signups, coalesce(converted.revenue_cents, 0) AS revenue_cents
FROM clicked FULL JOIN converted ON converted.day = clicked.day
ORDER BY 1";

pub fn days(conn: &mut PgConnection, w: Window) -> QueryResult<Vec<Day>> {
    prepared(bound(DAYS, w)).load(conn)
}

/// A partner among the period's best.
#[derive(Debug, Clone, QueryableByName)]
pub struct TopPartner {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_cents: i64,
}

/// The five partners who brought the most revenue, then signups, from
/// their conversion rollups; their clicks are read for those five only.
const TOP_PARTNERS: &str = "
WITH top AS (
  SELECT c.partnership_id AS id,
         coalesce(sum(c.revenue_cents) FILTER (WHERE c.currency = $4), 0)::bigint AS revenue_cents,
         sum(c.signups)::bigint AS signups
  FROM conversion_rollups c
  WHERE c.vendor_id = $1 AND c.partnership_id > 0 AND c.day >= $2::date AND c.day < $3::date
    AND (c.currency = $4 OR c.currency = '')
  GROUP BY c.partnership_id
  HAVING sum(c.signups) > 0 OR sum(c.revenue_cents) FILTER (WHERE c.currency = $4) <> 0
  ORDER BY revenue_cents DESC, signups DESC, c.partnership_id
  LIMIT 5
)
SELECT p.id, p.partner_name AS name, p.code,
       (SELECT coalesce(sum(r.clicks), 0)::bigint FROM click_rollups r
        WHERE r.partnership_id = p.id AND r.day >= $2::date AND r.day < $3::date) AS clicks,
       top.signups, top.revenue_cents
FROM top JOIN partnerships p ON p.id = top.id
ORDER BY top.revenue_cents DESC, top.signups DESC, p.id";

pub fn top_partners(conn: &mut PgConnection, w: Window) -> QueryResult<Vec<TopPartner>> {
    prepared(bound(TOP_PARTNERS, w)).load(conn)
}

/// A link among the period's most clicked.
#[derive(Debug, Clone, QueryableByName)]
pub struct TopLink {
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub unique_clicks: i64,
}

const TOP_LINKS: &str = "
SELECT l.title, l.code, sum(d.clicks)::bigint AS clicks, sum(d.unique_clicks)::bigint AS unique_clicks
FROM link_daily_clicks d JOIN links l ON l.id = d.link_id
WHERE l.vendor_id = $1 AND d.day >= $2::date AND d.day < $3::date
GROUP BY l.id, l.title, l.code
ORDER BY clicks DESC, l.code
LIMIT 5";

pub fn top_links(conn: &mut PgConnection, w: Window) -> QueryResult<Vec<TopLink>> {
    prepared(in_period(TOP_LINKS, w)).load(conn)
}

/// Something that happened in the program.
#[derive(Debug, Clone, QueryableByName)]
pub struct Event {
    #[diesel(sql_type = Timestamptz)]
    pub at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub amount_cents: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub currency: Option<String>,
}

const RECENT: &str = "
(SELECT cu.signed_up_at AS at, 'Signup' AS kind, coalesce(cu.name, cu.email, cu.external_id) AS subject,
        p.partner_name AS partner, NULL::bigint AS amount_cents, NULL::text AS currency
   FROM customers cu LEFT JOIN partnerships p ON p.id = cu.partnership_id
   WHERE cu.vendor_id = $1 ORDER BY cu.signed_up_at DESC LIMIT 10)
UNION ALL
(SELECT t.occurred_at, 'Sale', coalesce(cu.name, cu.email, cu.external_id), p.partner_name, t.amount_cents, t.currency
   FROM transactions t JOIN customers cu ON cu.id = t.customer_id LEFT JOIN partnerships p ON p.id = t.partnership_id
   WHERE t.vendor_id = $1 ORDER BY t.occurred_at DESC LIMIT 10)
UNION ALL
(SELECT p.created_at, 'New partner', p.partner_name, g.name, NULL, NULL
   FROM partnerships p JOIN partner_groups g ON g.id = p.group_id
   WHERE p.vendor_id = $1 AND p.status = 'active' ORDER BY p.created_at DESC LIMIT 10)
ORDER BY at DESC LIMIT 10";

pub fn recent(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Vec<Event>> {
    prepared(diesel::sql_query(RECENT).bind::<Int8, _>(vendor)).load(conn)
}
