//! A partner's click, visitor, signup and revenue totals.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Int8, Text, Timestamptz};

use crate::db::ids::PartnershipId;

/// Totals for one link or one ad.
#[derive(Debug, Clone, QueryableByName)]
pub struct Totals {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = BigInt)]
    pub visitors: i64,
    #[diesel(sql_type = BigInt)]
    pub signups: i64,
    #[diesel(sql_type = BigInt)]
    pub revenue_usd_cents: i64,
}

/// Clicks (never bots) by `key`, with the signups and USD revenue of the
/// customers those clicks brought.
fn totals_by(key: &str, name: &str, code: &str, join: &str) -> String {
    format!(
        "WITH counted AS (
            SELECT c.id, c.{key} AS key, c.visitor_hash FROM clicks c
            WHERE c.partnership_id = $1 AND c.clicked_at >= $2 AND NOT c.is_bot AND c.{key} IS NOT NULL
        )
        SELECT {name} AS name, {code} AS code,
               count(counted.id) AS clicks,
               count(DISTINCT counted.visitor_hash) AS visitors,
               (SELECT count(*) FROM customers cu JOIN counted c2 ON c2.id = cu.click_id WHERE c2.key = t.id) AS signups,
               (SELECT coalesce(sum(tr.amount_cents), 0)::bigint FROM transactions tr JOIN customers cu ON cu.id = tr.customer_id
                  JOIN counted c2 ON c2.id = cu.click_id WHERE c2.key = t.id AND tr.currency = 'USD') AS revenue_usd_cents
        FROM counted JOIN {join} t ON t.id = counted.key
        GROUP BY t.id, {name}, {code}
        ORDER BY clicks DESC, {name}"
    )
}

pub fn by_link(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<Totals>> {
    diesel::sql_query(totals_by("link_id", "t.title", "t.code", "links"))
        .bind::<Int8, _>(me)
        .bind::<Timestamptz, _>(since)
        .load(conn)
}

pub fn by_ad(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<Totals>> {
    diesel::sql_query(totals_by("ad_id", "t.name", "t.code", "ads"))
        .bind::<Int8, _>(me)
        .bind::<Timestamptz, _>(since)
        .load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DailyClicks {
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
}

const DAILY: &str = "
SELECT (clicked_at AT TIME ZONE 'UTC')::date AS day, count(*) AS clicks
FROM clicks WHERE partnership_id = $1 AND clicked_at >= $2 AND NOT is_bot
GROUP BY 1 ORDER BY 1";

pub fn daily(conn: &mut PgConnection, me: PartnershipId, since: DateTime<Utc>) -> QueryResult<Vec<DailyClicks>> {
    diesel::sql_query(DAILY).bind::<Int8, _>(me).bind::<Timestamptz, _>(since).load(conn)
}
