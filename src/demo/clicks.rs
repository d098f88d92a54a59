//! Clicks over the last 90 days, busier in the afternoon, on weekdays and
//! lately, most of them through a few popular partners, sent with COPY.

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use indicatif::ProgressBar;
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::schema::clicks;

/// Where one partner's clicks go: their group's original link, their ad.
#[derive(Debug, Clone, QueryableByName)]
pub struct Target {
    #[diesel(sql_type = BigInt)]
    pub partnership: i64,
    #[diesel(sql_type = BigInt)]
    pub link: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub ad: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = clicks, treat_none_as_default_value = false)]
struct NewClick {
    link_id: i64,
    partnership_id: i64,
    ad_id: Option<i64>,
    clicked_at: DateTime<Utc>,
    visitor_hash: String,
    referer: Option<String>,
    user_agent: Option<String>,
    is_bot: bool,
    public_id: Option<String>,
    is_unique: bool,
}

const BATCH: u64 = 50_000;
/// How far back the clicks go.
const DAYS: i64 = 90;
/// Relative traffic by UTC hour.
const HOURS: [u32; 24] = [2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 10, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3];
const REFERERS: [&str; 4] = [
    "https://news.example/reviews",
    "https://blog.example/tools",
    "https://social.example/",
    "https://video.example/watch",
];
const AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

pub fn copy(conn: &mut PgConnection, targets: &[Target], count: u64, bar: &ProgressBar) -> anyhow::Result<()> {
    anyhow::ensure!(!targets.is_empty(), "no partner has a link to click");
    let mut rng = StdRng::seed_from_u64(2026);
    let hours = WeightedIndex::new(HOURS)?;
    let now = Utc::now();
    crate::tracking::partitions::ensure_months(conn, now - Duration::days(DAYS + 1), now)?;
    let mut left = count;
    while left > 0 {
        let size = left.min(BATCH);
        let batch: Vec<NewClick> = (0..size).map(|_| click(&mut rng, &hours, targets, now)).collect();
        diesel::copy_from(clicks::table).from_insertable(&batch).execute(conn)?;
        bar.inc(size);
        left -= size;
    }
    Ok(())
}

fn click(rng: &mut StdRng, hours: &WeightedIndex<u32>, targets: &[Target], now: DateTime<Utc>) -> NewClick {
    // A few partners bring most clicks.
    let target = &targets[((rng.r#gen::<f64>().powf(2.5)) * targets.len() as f64) as usize % targets.len()];
    let clicked_at = moment(rng, hours, now);
    let is_bot = rng.gen_bool(0.02);
    NewClick {
        link_id: target.link,
        partnership_id: target.partnership,
        ad_id: target.ad.filter(|_| rng.gen_bool(0.3)),
        clicked_at,
        visitor_hash: format!("{:016x}", rng.r#gen::<u64>()),
        referer: rng.gen_bool(0.6).then(|| REFERERS[rng.gen_range(0..REFERERS.len())].to_string()),
        user_agent: Some(if is_bot { "Googlebot/2.1".to_string() } else { AGENT.to_string() }),
        is_bot,
        public_id: Some(format!("{:016x}{:016x}", rng.r#gen::<u64>(), rng.r#gen::<u64>())),
        is_unique: rng.gen_bool(0.78),
    }
}

/// A time in the last 90 days: more lately, fewer on weekends, by the hour's rhythm.
fn moment(rng: &mut StdRng, hours: &WeightedIndex<u32>, now: DateTime<Utc>) -> DateTime<Utc> {
    loop {
        let days_ago = (DAYS as f64 * rng.r#gen::<f64>().powf(1.3)) as i64;
        let day = (now - Duration::days(days_ago)).date_naive();
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && rng.gen_bool(0.4) {
            continue;
        }
        let seconds = hours.sample(rng) as i64 * 3600 + rng.gen_range(0..3600);
        let Some(midnight) = day.and_hms_opt(0, 0, 0) else { continue };
        let at = Utc.from_utc_datetime(&midnight) + Duration::seconds(seconds);
        if at <= now {
            return at;
        }
    }
}
