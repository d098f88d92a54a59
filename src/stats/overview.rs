//! A partner's overview of one program: clicks, unique clicks, signups,
//! revenue and commissions for a chosen period beside the period before, a
//! chart per day, their best links and their latest commissions.

use diesel::PgConnection;

use super::chart::{self, Chart};
use super::pages::Measure;
use super::queries;
use super::vendor_overview::{PERIODS, Span, measures, signups_in_words, with_other_revenue};
use super::vendor_queries::TopLink;
use crate::db::ids::PartnershipId;
use crate::domain::Money;
use crate::rewards::queries::{self as rewards, CommissionLine};

/// Links and commissions the overview lists.
const LISTED: usize = 5;

pub struct Overview {
    /// The chosen period's key: "7", "30" or "90".
    pub period: &'static str,
    /// The charts' width and height in SVG units.
    pub width: f64,
    pub height: f64,
    pub measures: Vec<Measure>,
    pub clicks: Chart,
    pub signups: Chart,
    pub revenue: Chart,
    /// The partner's links with the most clicks in the period.
    pub top_links: Vec<TopLink>,
    pub latest_commissions: Vec<CommissionLine>,
    /// The program's currency, which revenue is summed in.
    pub currency: crate::domain::Currency,
}

impl Overview {
    pub fn periods(&self) -> &'static [(&'static str, &'static str, i64)] {
        &PERIODS
    }
}

/// The period `asked` for ("7", "30", "90"; anything else is 30 days).
pub fn for_period(conn: &mut PgConnection, me: PartnershipId, asked: &str) -> diesel::QueryResult<Overview> {
    let Span { key: period, first, today, from, to, before } = Span::of(asked);
    let now = queries::partner_measures(conn, me, from, to)?;
    let currency = now.currency();
    let earlier = queries::partner_measures(conn, me, before, from)?;
    let clicks: Vec<_> = queries::daily(conn, me, from)?.into_iter().map(|d| (d.day, d.clicks)).collect();
    let signups: Vec<_> = queries::daily_signups(conn, me, from)?.into_iter().map(|d| (d.day, d.value)).collect();
    let revenue: Vec<_> = queries::daily_revenue(conn, me, from)?.into_iter().map(|d| (d.day, d.value)).collect();
    let measures = with_other_revenue(measures(&now.measures, &earlier.measures, currency), &now.other_revenue());
    Ok(Overview {
        period,
        width: chart::WIDTH,
        height: chart::HEIGHT,
        measures,
        clicks: chart::chart(first, today, &clicks),
        signups: chart::chart_of(first, today, &signups, signups_in_words),
        revenue: chart::chart_of(first, today, &revenue, |cents| Money::new(cents, currency).format()),
        top_links: queries::partner_top_links(conn, me, from, LISTED as i64)?,
        latest_commissions: rewards::of_partnership(conn, me, LISTED as i64)?,
        currency,
    })
}
