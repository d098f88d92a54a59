//! Every clicks / signups / revenue aggregate the pages show. Clicks come
//! from `click_rollups` (per link, partner, ad and day, kept by trigger;
//! robots never count), so a page costs the same whatever the traffic.
//! Revenue is net of refunds and summed in the vendor's currency; sales in
//! other currencies are summed apart, never converted.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Date, Int8, Nullable, Text, Timestamptz};

use crate::db::ids::{GroupId, PartnershipId, VendorId};
use crate::db::prepared::prepared;
use crate::db::states::CommissionStatus;
use crate::domain::{Currency, Money};

/// Clicks, signups and revenue of some partners or links.
#[derive(Debug, Clone, Default, QueryableByName)]
pub struct Activity {
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    /// Net of refunds, in the vendor's currency.
    #[diesel(sql_type = BigInt)]
    revenue_cents: i64,
    /// Earned and not rejected, in the vendor's currency.
    #[diesel(sql_type = BigInt)]
    commission_cents: i64,
    #[diesel(sql_type = Text)]
    currency: String,
    /// Sales in other currencies, never converted: "EUR 1200,GBP 500".
    #[diesel(sql_type = Nullable<Text>)]
    other_revenue: Option<String>,
}

impl Activity {
    pub fn revenue(&self) -> Money {
        Money::new(self.revenue_cents, Currency::stored(&self.currency))
    }

    pub fn commissions(&self) -> Money {
        Money::new(self.commission_cents, self.revenue().currency)
    }

    /// Net revenue in each other currency, shown beside the main one.
    pub fn other_revenue(&self) -> Vec<Money> {
        self.other_revenue.as_deref().map(Money::parse_list).unwrap_or_default()
    }
}

/// The money columns of `Activity`: revenue from the sales `t` in `sales`
/// (a FROM and WHERE over `transactions t`) and commissions from `earned`
/// (over `commissions co`, rejected ones left out), in the vendor's
/// currency given by `currency`.
fn revenue_columns(sales: &str, earned: &str, currency: &str) -> String {
    let rejected = CommissionStatus::Rejected.as_str();
    format!(
        "(SELECT coalesce(sum(t.amount_cents - t.refunded_cents), 0)::bigint FROM {sales} AND t.currency = {currency})
            AS revenue_cents,
         (SELECT coalesce(sum(co.amount_cents), 0)::bigint FROM {earned}
            AND co.status <> '{rejected}' AND co.currency = {currency}) AS commission_cents,
         (SELECT string_agg(x.currency || ' ' || x.cents, ',' ORDER BY x.currency) FROM (
            SELECT t.currency, sum(t.amount_cents - t.refunded_cents) AS cents FROM {sales} AND t.currency <> {currency}
            GROUP BY t.currency) x) AS other_revenue,
         {currency} AS currency"
    )
}

/// All-time totals of one group's active partners.
#[derive(Debug, Clone, QueryableByName)]
pub struct GroupTotals {
    #[diesel(sql_type = Int8)]
    pub group_id: GroupId,
    #[diesel(sql_type = BigInt)]
    pub partners: i64,
    #[diesel(embed)]
    pub activity: Activity,
}

impl GroupTotals {
    /// A group with nothing yet.
    pub fn zero(group_id: GroupId) -> Self {
        GroupTotals { group_id, partners: 0, activity: Activity::default() }
    }
}

/// The `Activity` columns summed from the kept totals `t` (a row per
/// currency; the '' row holds clicks and signups) in the vendor's currency
/// `v.currency`, other currencies listed apart.
const TOTALS_COLUMNS: &str = "
    coalesce(sum(t.clicks), 0)::bigint AS clicks,
    coalesce(sum(t.signups), 0)::bigint AS signups,
    coalesce(sum(t.revenue_cents) FILTER (WHERE t.currency = v.currency), 0)::bigint AS revenue_cents,
    coalesce(sum(t.commission_cents) FILTER (WHERE t.currency = v.currency), 0)::bigint AS commission_cents,
    string_agg(t.currency || ' ' || t.revenue_cents, ',' ORDER BY t.currency)
        FILTER (WHERE t.currency NOT IN ('', v.currency)) AS other_revenue,
    v.currency";

/// Each group's totals, by the partners' current group; removed partners'
/// activity is left out, as the vendor no longer sees it.
fn group_totals_sql() -> String {
    format!(
        "SELECT g.id AS group_id, coalesce(sum(t.partners), 0)::bigint AS partners, {TOTALS_COLUMNS}
         FROM partner_groups g JOIN vendors v ON v.id = g.vendor_id
         LEFT JOIN group_totals t ON t.group_id = g.id
         WHERE g.vendor_id = $1
         GROUP BY g.id, v.currency"
    )
}

pub fn group_totals(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<HashMap<GroupId, GroupTotals>> {
    let rows: Vec<GroupTotals> = prepared(diesel::sql_query(group_totals_sql()).bind::<Int8, _>(vendor)).load(conn)?;
    Ok(rows.into_iter().map(|row| (row.group_id, row)).collect())
}

#[derive(QueryableByName)]
struct PartnerActivity {
    #[diesel(sql_type = Int8)]
    partnership_id: PartnershipId,
    #[diesel(embed)]
    activity: Activity,
}

fn partner_totals_sql() -> String {
    format!(
        "SELECT p.id AS partnership_id, {TOTALS_COLUMNS}
         FROM partnerships p JOIN vendors v ON v.id = p.vendor_id
         LEFT JOIN partner_totals t ON t.partnership_id = p.id
         WHERE p.id = ANY($1)
         GROUP BY p.id, v.currency"
    )
}

/// All-time totals of each of these partnerships, a row per currency each.
pub fn partner_totals(
    conn: &mut PgConnection,
    partnerships: &[PartnershipId],
) -> QueryResult<HashMap<PartnershipId, Activity>> {
    let rows: Vec<PartnerActivity> =
        prepared(diesel::sql_query(partner_totals_sql()).bind::<Array<Int8>, _>(partnerships)).load(conn)?;
    Ok(rows.into_iter().map(|row| (row.partnership_id, row.activity)).collect())
}

/// Totals for one link or one ad of a partner.
#[derive(Debug, Clone, QueryableByName)]
pub struct Totals {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    /// The visitor's first click on the link and partner within the hour.
    #[diesel(sql_type = BigInt)]
    pub unique_clicks: i64,
    #[diesel(embed)]
    pub activity: Activity,
}

/// Clicks and unique clicks by `key` (link or ad) from the rollups, and
/// the conversions of the customers who came through it, by the one
/// definition every page uses: signups made in the period, revenue of the
/// sales made in the period less their refunds, commissions earned in it.
/// A link or ad is listed when it has clicks or conversions in the period.
fn totals_by(key: &str, name: &str, code: &str, join: &str) -> String {
    let revenue = revenue_columns(
        "transactions t JOIN came ON came.customer = t.customer_id
         WHERE came.key = k.id AND t.partnership_id = $1 AND t.occurred_at >= $2",
        "commissions co JOIN came ON came.customer = co.customer_id
         WHERE came.key = k.id AND co.partnership_id = $1 AND co.created_at >= $2",
        "(SELECT v.currency FROM vendors v JOIN partnerships p ON p.vendor_id = v.id WHERE p.id = $1)",
    );
    format!(
        "WITH rolled AS (
            SELECT r.{key} AS key, sum(r.clicks)::bigint AS clicks, sum(r.unique_clicks)::bigint AS unique_clicks
            FROM click_rollups r
            WHERE r.partnership_id = $1 AND r.day >= $2::date AND r.{key} <> 0
            GROUP BY r.{key}
        ), came AS (
            SELECT cu.{key} AS key, cu.id AS customer, cu.signed_up_at FROM customers cu
            WHERE cu.partnership_id = $1 AND cu.{key} IS NOT NULL
        ), listed AS (
            SELECT key FROM rolled
            UNION SELECT came.key FROM came WHERE came.signed_up_at >= $2
            UNION SELECT came.key FROM came JOIN transactions t ON t.customer_id = came.customer
                  WHERE t.partnership_id = $1 AND t.occurred_at >= $2
        )
        SELECT {name} AS name, {code} AS code,
               coalesce(rolled.clicks, 0)::bigint AS clicks, coalesce(rolled.unique_clicks, 0)::bigint AS unique_clicks,
               (SELECT count(*) FROM came WHERE came.key = k.id AND came.signed_up_at >= $2) AS signups,
               {revenue}
        FROM listed JOIN {join} k ON k.id = listed.key LEFT JOIN rolled ON rolled.key = listed.key
        ORDER BY clicks DESC, {name}"
    )
}

fn load_totals(
    conn: &mut PgConnection,
    sql: String,
    me: PartnershipId,
    since: DateTime<Utc>,
) -> QueryResult<Vec<Totals>> {
    prepared(diesel::sql_query(sql).bind::<Int8, _>(me).bind::<Timestamptz, _>(since)).load(conn)
}

pub fn by_link(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<Totals>> {
    load_totals(conn, totals_by("link_id", "k.title", "k.code", "links"), me, since)
}

pub fn by_ad(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<Totals>> {
    load_totals(conn, totals_by("ad_id", "k.name", "k.code", "ads"), me, since)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DailyClicks {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
}

const DAILY: &str = "
SELECT day, sum(clicks)::bigint AS clicks
FROM click_rollups WHERE partnership_id = $1 AND day >= $2::date
GROUP BY day ORDER BY day";

pub fn daily(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<DailyClicks>> {
    prepared(diesel::sql_query(DAILY).bind::<Int8, _>(me).bind::<Timestamptz, _>(since)).load(conn)
}

/// One day's clicks through one link (and ad) of a partnership.
#[derive(Debug, Clone, QueryableByName)]
pub struct DailyLinkClicks {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = Text)]
    pub link_code: String,
    #[diesel(sql_type = Text)]
    pub link_title: String,
    #[diesel(sql_type = Text)]
    pub ad_code: String,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub unique_clicks: i64,
}

const DAILY_BY_LINK: &str = "
SELECT r.day, l.code AS link_code, l.title AS link_title, coalesce(a.code, '') AS ad_code,
       sum(r.clicks)::bigint AS clicks, sum(r.unique_clicks)::bigint AS unique_clicks
FROM click_rollups r
JOIN links l ON l.id = r.link_id
LEFT JOIN ads a ON a.id = r.ad_id
WHERE r.partnership_id = $1 AND r.day >= $2::date
GROUP BY r.day, l.code, l.title, a.code
ORDER BY r.day, l.code, ad_code";

/// The partnership's clicks per day, link and ad since `since`, oldest first.
pub fn daily_by_link(
    conn: &mut PgConnection,
    me: PartnershipId,
    since: DateTime<Utc>,
) -> QueryResult<Vec<DailyLinkClicks>> {
    prepared(diesel::sql_query(DAILY_BY_LINK).bind::<Int8, _>(me).bind::<Timestamptz, _>(since)).load(conn)
}

/// One day's number: signups, or revenue in cents.
#[derive(Debug, Clone, QueryableByName)]
pub struct DailyValue {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub value: i64,
}

const DAILY_SIGNUPS: &str = "
SELECT c.day, sum(c.signups)::bigint AS value
FROM partnerships p JOIN conversion_rollups c ON c.vendor_id = p.vendor_id AND c.partnership_id = p.id
WHERE p.id = $1 AND c.day >= $2::date AND c.currency = ''
GROUP BY c.day HAVING sum(c.signups) <> 0 ORDER BY c.day";

/// Net revenue per day in the vendor's currency.
const DAILY_REVENUE: &str = "
SELECT c.day, sum(c.revenue_cents)::bigint AS value
FROM partnerships p JOIN vendors v ON v.id = p.vendor_id
JOIN conversion_rollups c ON c.vendor_id = p.vendor_id AND c.partnership_id = p.id AND c.currency = v.currency
WHERE p.id = $1 AND c.day >= $2::date
GROUP BY c.day ORDER BY c.day";

pub fn daily_signups(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<DailyValue>> {
    prepared(diesel::sql_query(DAILY_SIGNUPS).bind::<Int8, _>(me).bind::<Timestamptz, _>(since)).load(conn)
}

pub fn daily_revenue(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<DailyValue>> {
    prepared(diesel::sql_query(DAILY_REVENUE).bind::<Int8, _>(me).bind::<Timestamptz, _>(since)).load(conn)
}

/// A partnership's measures in `[$2, $3)`: money in the vendor's currency,
/// with net revenue in each other currency beside it.
const PARTNER_MEASURES: &str = "
WITH clicked AS (
  SELECT coalesce(sum(r.clicks), 0)::bigint AS clicks, coalesce(sum(r.unique_clicks), 0)::bigint AS unique_clicks
  FROM click_rollups r WHERE r.partnership_id = $1 AND r.day >= $2::date AND r.day < $3::date
), converted AS (
  SELECT c.currency, sum(c.signups)::bigint AS signups, sum(c.revenue_cents)::bigint AS revenue_cents,
         sum(c.commission_cents)::bigint AS commission_cents
  FROM partnerships p JOIN conversion_rollups c ON c.vendor_id = p.vendor_id AND c.partnership_id = p.id
  WHERE p.id = $1 AND c.day >= $2::date AND c.day < $3::date
  GROUP BY c.currency
)
SELECT clicked.clicks, clicked.unique_clicks,
       coalesce((SELECT sum(signups) FROM converted), 0)::bigint AS signups,
       coalesce((SELECT revenue_cents FROM converted WHERE currency = v.currency), 0) AS revenue_cents,
       coalesce((SELECT commission_cents FROM converted WHERE currency = v.currency), 0) AS commission_cents,
       (SELECT string_agg(currency || ' ' || revenue_cents, ',' ORDER BY currency) FROM converted
         WHERE currency NOT IN ('', v.currency)) AS other_revenue,
       v.currency
FROM clicked, partnerships p JOIN vendors v ON v.id = p.vendor_id WHERE p.id = $1";

/// A partnership's measures for a period, and its revenue in other currencies.
#[derive(Debug, Clone, QueryableByName)]
pub struct PartnerMeasures {
    #[diesel(embed)]
    pub measures: super::vendor_queries::Measures,
    /// "EUR 1200,GBP 500", never converted.
    #[diesel(sql_type = Nullable<Text>)]
    other_revenue: Option<String>,
    #[diesel(sql_type = Text)]
    currency: String,
}

impl PartnerMeasures {
    /// The program's currency, which the measures' money is in.
    pub fn currency(&self) -> Currency {
        Currency::stored(&self.currency)
    }

    pub fn other_revenue(&self) -> Vec<Money> {
        self.other_revenue.as_deref().map(Money::parse_list).unwrap_or_default()
    }
}

pub fn partner_measures(
    conn: &mut PgConnection,
    me: PartnershipId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<PartnerMeasures> {
    prepared(
        diesel::sql_query(PARTNER_MEASURES).bind::<Int8, _>(me).bind::<Timestamptz, _>(from).bind::<Timestamptz, _>(to),
    )
    .get_result(conn)
}

/// The partnership's links with the most clicks since `$2`, from the rollups.
const PARTNER_TOP_LINKS: &str = "
SELECT l.title, l.code, sum(r.clicks)::bigint AS clicks, sum(r.unique_clicks)::bigint AS unique_clicks
FROM click_rollups r JOIN links l ON l.id = r.link_id
WHERE r.partnership_id = $1 AND r.day >= $2::date
GROUP BY l.id, l.title, l.code
ORDER BY clicks DESC, l.title
LIMIT $3";

pub fn partner_top_links(
    conn: &mut PgConnection,
    me: PartnershipId,
    since: DateTime<Utc>,
    most: i64,
) -> QueryResult<Vec<super::vendor_queries::TopLink>> {
    prepared(
        diesel::sql_query(PARTNER_TOP_LINKS).bind::<Int8, _>(me).bind::<Timestamptz, _>(since).bind::<BigInt, _>(most),
    )
    .load(conn)
}
