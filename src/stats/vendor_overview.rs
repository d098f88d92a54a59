//! The vendor's Overview: the program's clicks, unique clicks, signups,
//! revenue and commissions for a period beside the period before, a chart
//! per day, the top partners and links, and the latest activity.

use actix_web::{HttpResponse, web};
use chrono::{Duration, NaiveDate, Utc};

use super::chart;
use super::forms::PeriodQuery;
use super::pages::{Measure, VendorOverviewPage};
use super::top_partners::{Period, TopPartnersCache};
use super::vendor_queries::{self as queries, Measures, Window};
use crate::db::{self, DbPool};
use crate::domain::{Currency, Money};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, render};

pub const PERIODS: [(&str, &str, i64); 3] =
    [("7", "Last 7 days", 7), ("30", "Last 30 days", 30), ("90", "Last 90 days", 90)];

/// A chosen period of whole UTC days ending today, and the one before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    /// "7", "30" or "90".
    pub key: &'static str,
    pub first: NaiveDate,
    pub today: NaiveDate,
    /// `[from, to)` is the period, `[before, from)` the one before.
    pub from: chrono::DateTime<Utc>,
    pub to: chrono::DateTime<Utc>,
    pub before: chrono::DateTime<Utc>,
}

impl Span {
    /// The period `asked` for; anything but "7", "30" or "90" is 30 days.
    pub(super) fn of(asked: &str) -> Span {
        let (key, days) = PERIODS.iter().find(|(key, _, _)| *key == asked).map_or(("30", 30), |(k, _, d)| (*k, *d));
        let today = Utc::now().date_naive();
        let first = today - Duration::days(days - 1);
        Span {
            key,
            first,
            today,
            from: midnight(first),
            to: midnight(today + Duration::days(1)),
            before: midnight(first - Duration::days(days)),
        }
    }
}

pub async fn show(
    admin: VendorAdmin,
    query: web::Query<PeriodQuery>,
    pool: web::Data<DbPool>,
    top_partners: web::Data<TopPartnersCache>,
) -> Result<HttpResponse, AppError> {
    let span = Span::of(&query.period);
    let (period, first, today) = (span.key, span.first, span.today);
    let currency = admin.vendor.currency();
    let code = currency.code().to_string();
    let vendor = admin.vendor.id;
    let (now_from, now_to, before_from) = (span.from, span.to, span.before);
    let loaded = db::run(&pool, move |conn| {
        let current = Window { vendor, from: now_from, to: now_to, currency: &code };
        let previous = Window { vendor, from: before_from, to: now_from, currency: &code };
        Ok((
            (queries::measures(conn, current)?, queries::other_revenue(conn, current)?),
            queries::measures(conn, previous)?,
            queries::days(conn, current)?,
            queries::top_links(conn, current)?,
            queries::recent(conn, vendor)?,
        ))
    })
    .await?;
    let ((now, others), before, per_day, top_links, recent) = loaded;
    let period_of = Period { vendor, from: now_from, to: now_to, currency: currency.code().to_string() };
    let ranked_every = every(top_partners.fresh_for());
    let top = top_partners.into_inner().get(&pool, period_of).await?;
    let column = |pick: fn(&queries::Day) -> i64| per_day.iter().map(|d| (d.day, pick(d))).collect::<Vec<_>>();
    let page = VendorOverviewPage {
        chrome: admin.chrome(Menu::Overview),
        period,
        measures: with_other_revenue(measures(&now, &before, currency), &others),
        width: chart::WIDTH,
        height: chart::HEIGHT,
        clicks: chart::chart(first, today, &column(|d| d.clicks)),
        signups: chart::chart_of(first, today, &column(|d| d.signups), signups_in_words),
        revenue: chart::chart_of(first, today, &column(|d| d.revenue_cents), |cents| {
            Money::new(cents, currency).format()
        }),
        top_partners: top.rows.to_vec(),
        top_partners_computed_at: top.computed_at.format("%H:%M:%S UTC").to_string(),
        ranked_every,
        top_links,
        recent,
        currency,
    };
    render(&page)
}

/// The start of `day`, UTC.
fn midnight(day: NaiveDate) -> chrono::DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).map_or_else(Utc::now, |t| t.and_utc())
}

/// "minute", "5 minutes", "90 seconds": how often a ranking is redone.
fn every(interval: std::time::Duration) -> String {
    match interval.as_secs() {
        60 => "minute".to_string(),
        3600 => "hour".to_string(),
        seconds if seconds % 3600 == 0 => format!("{} hours", seconds / 3600),
        seconds if seconds % 60 == 0 => format!("{} minutes", seconds / 60),
        1 => "second".to_string(),
        seconds => format!("{seconds} seconds"),
    }
}

/// The revenue measure with the period's revenue in each other currency
/// beside it, never converted.
pub(super) fn with_other_revenue(mut measures: Vec<Measure>, others: &[Money]) -> Vec<Measure> {
    if let Some(revenue) = measures.iter_mut().find(|m| m.id == "revenue") {
        revenue.others = others.iter().map(|m| format!("+ {}", m.format())).collect();
    }
    measures
}

pub(super) fn signups_in_words(n: i64) -> String {
    format!("{n} signup{}", if n == 1 { "" } else { "s" })
}

pub(super) fn measures(now: &Measures, before: &Measures, currency: Currency) -> Vec<Measure> {
    let money = |cents: i64| Money::new(cents, currency).format();
    vec![
        Measure::new("clicks", "Clicks", now.clicks, before.clicks, now.clicks.to_string()),
        Measure::new(
            "unique-clicks",
            "Unique clicks",
            now.unique_clicks,
            before.unique_clicks,
            now.unique_clicks.to_string(),
        ),
        Measure::new("signups", "Signups", now.signups, before.signups, now.signups.to_string()),
        Measure::new("revenue", "Revenue", now.revenue_cents, before.revenue_cents, money(now.revenue_cents)),
        Measure::new(
            "commissions",
            "Commissions",
            now.commission_cents,
            before.commission_cents,
            money(now.commission_cents),
        ),
    ]
}

/// The change from `before` to `now` in words: "+25%", "−10%", "new", "no change".
pub fn change(now: i64, before: i64) -> String {
    match (now, before) {
        (n, b) if n == b => "no change".into(),
        (_, 0) => "new".into(),
        (n, b) => {
            let percent = ((n - b) as f64 / b as f64 * 100.0).round() as i64;
            if percent >= 0 { format!("+{percent}%") } else { format!("−{}%", percent.abs()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{change, every};
    use std::time::Duration;

    #[test]
    fn a_change_is_a_rounded_percentage_or_says_why_not() {
        assert_eq!(change(150, 100), "+50%");
        assert_eq!(change(90, 100), "−10%");
        assert_eq!(change(5, 0), "new");
        assert_eq!(change(0, 0), "no change");
        assert_eq!(change(0, 7), "−100%");
        assert_eq!(change(1, 3), "−67%");
    }

    #[test]
    fn the_ranking_interval_reads_in_the_largest_whole_unit() {
        assert_eq!(every(Duration::from_secs(60)), "minute");
        assert_eq!(every(Duration::from_secs(300)), "5 minutes");
        assert_eq!(every(Duration::from_secs(7200)), "2 hours");
        assert_eq!(every(Duration::from_secs(90)), "90 seconds");
        assert_eq!(every(Duration::from_secs(1)), "second");
    }
}
