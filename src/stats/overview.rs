//! A partner's last 30 days in one program: totals and a chart per measure,
//! for the partner center's Overview.

use chrono::{Duration, Utc};
use diesel::PgConnection;

use super::chart::{self, Chart};
use super::queries::{self, Activity};
use crate::db::ids::PartnershipId;
use crate::domain::Money;

pub const DAYS: i64 = 30;

pub struct Overview {
    /// The charts' width and height in SVG units.
    pub width: f64,
    pub height: f64,
    pub totals: Activity,
    pub clicks: Chart,
    pub signups: Chart,
    pub revenue: Chart,
}

pub fn last_30_days(conn: &mut PgConnection, me: PartnershipId) -> diesel::QueryResult<Overview> {
    let today = Utc::now().date_naive();
    let first = today - Duration::days(DAYS - 1);
    let since = first.and_hms_opt(0, 0, 0).map_or_else(Utc::now, |start| start.and_utc());
    let totals = queries::period_totals(conn, me, since)?;
    let currency = totals.revenue().currency;
    let clicks: Vec<_> = queries::daily(conn, me, since)?.into_iter().map(|d| (d.day, d.clicks)).collect();
    let signups: Vec<_> = queries::daily_signups(conn, me, since)?.into_iter().map(|d| (d.day, d.value)).collect();
    let revenue: Vec<_> = queries::daily_revenue(conn, me, since)?.into_iter().map(|d| (d.day, d.value)).collect();
    Ok(Overview {
        width: chart::WIDTH,
        height: chart::HEIGHT,
        totals,
        clicks: chart::chart(first, today, &clicks),
        signups: chart::chart_of(first, today, &signups, |n| format!("{n} signup{}", if n == 1 { "" } else { "s" })),
        revenue: chart::chart_of(first, today, &revenue, |cents| Money::new(cents, currency).format()),
    })
}
