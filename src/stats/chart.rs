//! A clicks-over-time bar chart as plain SVG geometry, readable without
//! JavaScript.

use chrono::{Duration, NaiveDate};

pub const WIDTH: f64 = 720.0;
pub const HEIGHT: f64 = 180.0;
const TOP: f64 = 16.0;

/// One day's bar, in SVG units.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub bars: Vec<Bar>,
    /// The busiest day's value in words, e.g. "4 clicks".
    pub peak: String,
    pub first_day: String,
    pub last_day: String,
}

/// Bars for every day from `first` to `last`, zero where nothing happened.
pub fn chart(first: NaiveDate, last: NaiveDate, counts: &[(NaiveDate, i64)]) -> Chart {
    chart_of(first, last, counts, |clicks| format!("{clicks} click{}", if clicks == 1 { "" } else { "s" }))
}

/// The same, each bar's text alternative saying its value with `describe`.
pub fn chart_of(
    first: NaiveDate,
    last: NaiveDate,
    counts: &[(NaiveDate, i64)],
    describe: impl Fn(i64) -> String,
) -> Chart {
    let days = (last - first).num_days().max(0) + 1;
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let slot = WIDTH / days as f64;
    let bars = (0..days)
        .map(|offset| {
            let day = first + Duration::days(offset);
            let clicks = counts.iter().find(|(d, _)| *d == day).map_or(0, |(_, n)| *n);
            let height = if max == 0 { 0.0 } else { (HEIGHT - TOP) * clicks as f64 / max as f64 };
            Bar {
                x: round(slot * offset as f64 + slot * 0.1),
                y: round(HEIGHT - height),
                width: round((slot * 0.8).max(1.0)),
                height: round(height),
                label: format!("{}: {}", day.format("%b %-d"), describe(clicks)),
            }
        })
        .collect();
    Chart {
        bars,
        peak: describe(max),
        first_day: first.format("%b %-d").to_string(),
        last_day: last.format("%b %-d").to_string(),
    }
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{HEIGHT, chart};

    #[test]
    fn every_day_gets_a_bar_scaled_to_the_busiest_day() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let drawn = chart(day(1), day(3), &[(day(1), 4), (day(3), 2)]);

        assert_eq!(drawn.bars.len(), 3);
        assert_eq!(drawn.peak, "4 clicks");
        assert_eq!(drawn.bars[1].height, 0.0);
        assert_eq!(drawn.bars[0].y + drawn.bars[0].height, HEIGHT);
        assert!((drawn.bars[0].height - 2.0 * drawn.bars[2].height).abs() < 0.2);
        assert_eq!(drawn.bars[2].label, "Nov 3: 2 clicks");
    }
}
