//! Stats → Link Tracking Stats in the partner center.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};

use super::forms::PeriodQuery;
use super::pages::LinkTrackingPage;
use super::{chart, queries};
use crate::db::{self, DbPool};
use crate::partners::Partner;
use crate::web::Menu;
use crate::web::csv_download::csv_download;
use crate::web::{AppError, render};

pub const PERIODS: [(&str, &str); 4] =
    [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("all", "All time")];
/// The chart shows at most this many days, even for "All time".
const CHART_DAYS_MAX: i64 = 366;

/// Clicks, unique clicks, signups and revenue per link and per ad.
pub async fn show(
    partner: Partner,
    query: web::Query<PeriodQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now();
    let (period, since) = period_start(&query.period, now);
    let me = partner.partnership.id;
    let (links, ads, daily) = db::run(&pool, move |conn| {
        Ok((queries::by_link(conn, me, since)?, queries::by_ad(conn, me, since)?, queries::daily(conn, me, since)?))
    })
    .await?;
    let today = now.date_naive();
    let earliest_drawn = today - Duration::days(CHART_DAYS_MAX - 1);
    let first = match period {
        "all" => daily.first().map_or(today - Duration::days(29), |d| d.day).max(earliest_drawn),
        _ => since.date_naive(),
    };
    let counts: Vec<_> = daily.iter().map(|d| (d.day, d.clicks)).collect();
    let chart = chart::chart(first, today, &counts);
    render(&LinkTrackingPage {
        chrome: partner.chrome(Menu::Stats),
        currency: partner.vendor.currency(),
        period,
        links,
        ads,
        chart,
    })
}

/// The chosen period (30 days unless one of [`PERIODS`]) and the midnight it starts at.
fn period_start(asked: &str, now: DateTime<Utc>) -> (&'static str, DateTime<Utc>) {
    let period = PERIODS.iter().map(|(key, _)| *key).find(|key| *key == asked).unwrap_or("30");
    let since = match period.parse::<i64>() {
        Ok(days) => now - Duration::days(days - 1),
        Err(_) => DateTime::<Utc>::UNIX_EPOCH,
    };
    (period, since.date_naive().and_hms_opt(0, 0, 0).map_or(since, |start| start.and_utc()))
}

/// The period's clicks per day, link and ad, as CSV.
pub async fn export(
    partner: Partner,
    query: web::Query<PeriodQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (period, since) = period_start(&query.period, Utc::now());
    let me = partner.partnership.id;
    let days = db::run(&pool, move |conn| Ok(queries::daily_by_link(conn, me, since)?)).await?;
    let rows = days.into_iter().map(|d| {
        vec![
            d.day.format("%Y-%m-%d").to_string(),
            d.link_code,
            d.link_title,
            d.ad_code,
            d.clicks.to_string(),
            d.unique_clicks.to_string(),
        ]
    });
    let header_row = ["day", "link_code", "link_title", "ad_code", "clicks", "unique_clicks"];
    csv_download(&format!("{}-link-stats-{period}.csv", partner.vendor.slug), &header_row, rows)
}
