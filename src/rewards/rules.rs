//! What an offer pays for an event, decided from plain facts so every
//! trigger, reward, condition and limit is tested on its own.
//!
//! Percentages are basis points (2000 = 20%). A percentage of a sale is
//! rounded to the nearest cent, halves up: 20% of $0.99 is $0.20 (19.8¢),
//! 10% of $0.05 is $0.01 (0.5¢). Limits are in the vendor's currency and
//! apply to commissions in it.

use chrono::{DateTime, Months, Utc};

use crate::db::states::{OfferTrigger, RewardKind};
use crate::domain::{Currency, Money};

/// An offer's terms, as its row holds them.
#[derive(Debug, Clone, diesel::Queryable, diesel::Selectable, diesel::AsChangeset, diesel::Insertable)]
#[diesel(table_name = crate::db::schema::offers, treat_none_as_null = true)]
pub struct Terms {
    pub trigger: OfferTrigger,
    pub within_months: Option<i32>,
    pub reward_kind: RewardKind,
    pub reward_cents: Option<i64>,
    pub reward_basis_points: Option<i32>,
    pub min_sale_cents: Option<i64>,
    pub product_key: Option<String>,
    pub max_per_customer_cents: Option<i64>,
    pub max_per_partner_month_cents: Option<i64>,
    pub hold_days: i32,
    pub referral_basis_points: Option<i32>,
}

/// A sale, as the offer sees it.
#[derive(Debug, Clone)]
pub struct SaleFacts {
    pub amount: Money,
    pub at: DateTime<Utc>,
    pub product: Option<String>,
    /// No earlier sale of the customer.
    pub first: bool,
    pub signed_up_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub enum Event {
    Signup,
    Sale(SaleFacts),
}

/// How much of an offer's limits is already used by this customer, and by
/// this partner this month.
#[derive(Debug, Clone, Copy, Default)]
pub struct Used {
    pub by_customer: i64,
    pub by_partner_this_month: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earned {
    pub amount: Money,
    pub arithmetic: String,
}

/// What `terms` pay for `event` in a program whose currency is `currency`;
/// `None` when the offer does not apply or its limits are used up.
pub fn earn(terms: &Terms, event: &Event, currency: Currency, used: Used) -> Option<Earned> {
    let (amount, arithmetic) = match (terms.trigger, event) {
        (OfferTrigger::Signup, Event::Signup) => {
            let amount = Money::new(terms.reward_cents?, currency);
            (amount, format!("{amount} for a signup"))
        }
        (OfferTrigger::Signup, Event::Sale(_)) | (_, Event::Signup) => return None,
        (trigger, Event::Sale(sale)) => {
            if !sale_qualifies(terms, trigger, sale, currency) {
                return None;
            }
            reward_for_sale(terms, sale, currency)?
        }
    };
    capped(terms, amount, arithmetic, currency, used)
}

fn sale_qualifies(terms: &Terms, trigger: OfferTrigger, sale: &SaleFacts, currency: Currency) -> bool {
    let in_time = match trigger {
        OfferTrigger::FirstSale => sale.first,
        OfferTrigger::SalesWithin => terms
            .within_months
            .and_then(|months| u32::try_from(months).ok())
            .and_then(|months| sale.signed_up_at.checked_add_months(Months::new(months)))
            .is_some_and(|end| sale.at <= end),
        OfferTrigger::EverySale | OfferTrigger::Signup => true,
    };
    // A minimum in the vendor's currency cannot judge a sale in another one.
    let big_enough =
        terms.min_sale_cents.is_none_or(|min| sale.amount.currency == currency && sale.amount.cents >= min);
    let product = terms.product_key.as_deref().is_none_or(|key| sale.product.as_deref() == Some(key));
    in_time && big_enough && product
}

fn reward_for_sale(terms: &Terms, sale: &SaleFacts, currency: Currency) -> Option<(Money, String)> {
    match terms.reward_kind {
        RewardKind::Fixed => {
            let amount = Money::new(terms.reward_cents?, currency);
            Some((amount, format!("{amount} for a sale of {}", sale.amount)))
        }
        RewardKind::Percent => {
            let points = terms.reward_basis_points?;
            let amount = Money::new(share(sale.amount.cents, points), sale.amount.currency);
            Some((amount, format!("{} of {} = {amount}", percent(points), sale.amount)))
        }
    }
}

fn capped(terms: &Terms, amount: Money, arithmetic: String, currency: Currency, used: Used) -> Option<Earned> {
    let mut cents = amount.cents;
    let mut arithmetic = arithmetic;
    if amount.currency == currency {
        let limits = [
            (terms.max_per_customer_cents, used.by_customer, "per customer"),
            (terms.max_per_partner_month_cents, used.by_partner_this_month, "per partner a month"),
        ];
        for (max, used, what) in limits {
            let Some(max) = max else { continue };
            let left = (max - used).max(0);
            if cents > left {
                cents = left;
                arithmetic = format!("{arithmetic}, capped by the {} limit {what}", Money::new(max, currency));
            }
        }
    }
    (cents > 0).then(|| Earned { amount: Money::new(cents, amount.currency), arithmetic })
}

/// `points` basis points of `cents`, to the nearest cent, halves up.
pub fn share(cents: i64, points: i32) -> i64 {
    let product = i128::from(cents) * i128::from(points);
    let rounded = (product.abs() + 5_000) / 10_000;
    let signed = if product < 0 { -rounded } else { rounded };
    i64::try_from(signed).unwrap_or(i64::MAX)
}

/// "20%", "12.5%".
pub fn percent(points: i32) -> String {
    let whole = points / 100;
    match points % 100 {
        0 => format!("{whole}%"),
        part if part % 10 == 0 => format!("{whole}.{}%", part / 10),
        part => format!("{whole}.{part:02}%"),
    }
}

/// The terms in plain words, as partners read them.
pub fn describe(terms: &Terms, currency: Currency) -> String {
    let reward = match terms.reward_kind {
        RewardKind::Fixed => Money::new(terms.reward_cents.unwrap_or(0), currency).to_string(),
        RewardKind::Percent => percent(terms.reward_basis_points.unwrap_or(0)),
    };
    let of = if terms.reward_kind == RewardKind::Percent { " of" } else { " for" };
    let mut words = match terms.trigger {
        OfferTrigger::Signup => format!("{reward} when a customer you refer signs up"),
        OfferTrigger::EverySale => format!("{reward}{of} every sale"),
        OfferTrigger::FirstSale => format!("{reward}{of} the first sale of each customer"),
        OfferTrigger::SalesWithin => {
            format!("{reward}{of} every sale for {} months after the signup", terms.within_months.unwrap_or(0))
        }
    };
    if let Some(min) = terms.min_sale_cents {
        words.push_str(&format!(" of at least {}", Money::new(min, currency)));
    }
    if let Some(product) = &terms.product_key {
        words.push_str(&format!(" of product \u{201c}{product}\u{201d}"));
    }
    if let Some(max) = terms.max_per_customer_cents {
        words.push_str(&format!("; up to {} per customer", Money::new(max, currency)));
    }
    if let Some(max) = terms.max_per_partner_month_cents {
        words.push_str(&format!("; up to {} a month", Money::new(max, currency)));
    }
    let event = if terms.trigger == OfferTrigger::Signup { "signup" } else { "sale" };
    words.push_str(&match terms.hold_days {
        0 => format!("; approved at the {event}"),
        1 => format!("; approved 1 day after the {event}"),
        days => format!("; approved {days} days after the {event}"),
    });
    if let Some(points) = terms.referral_basis_points {
        words.push_str(&format!("; the partner who recruited you earns {} of it", percent(points)));
    }
    words
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::*;

    const USD: Currency = Currency::USD;

    fn terms(trigger: OfferTrigger, kind: RewardKind) -> Terms {
        Terms {
            trigger,
            within_months: (trigger == OfferTrigger::SalesWithin).then_some(12),
            reward_kind: kind,
            reward_cents: (kind == RewardKind::Fixed).then_some(100),
            reward_basis_points: (kind == RewardKind::Percent).then_some(2000),
            min_sale_cents: None,
            product_key: None,
            max_per_customer_cents: None,
            max_per_partner_month_cents: None,
            hold_days: 30,
            referral_basis_points: None,
        }
    }

    fn sale(cents: i64, first: bool, months_after_signup: u32) -> Event {
        let signed_up_at = Utc::now() - Duration::days(400);
        Event::Sale(SaleFacts {
            amount: Money::new(cents, USD),
            at: signed_up_at.checked_add_months(Months::new(months_after_signup)).unwrap() + Duration::hours(1),
            product: Some("pro".into()),
            first,
            signed_up_at,
        })
    }

    fn cents(earned: Option<Earned>) -> Option<i64> {
        earned.map(|e| e.amount.cents)
    }

    #[test]
    fn a_signup_offer_pays_its_fixed_amount_for_signups_only() {
        let offer = terms(OfferTrigger::Signup, RewardKind::Fixed);
        let earned = earn(&offer, &Event::Signup, USD, Used::default()).unwrap();
        assert_eq!((earned.amount.cents, earned.arithmetic.as_str()), (100, "$1.00 for a signup"));
        assert_eq!(cents(earn(&offer, &sale(5000, true, 0), USD, Used::default())), None);
    }

    #[test]
    fn sale_triggers_every_first_and_within_months() {
        let every = terms(OfferTrigger::EverySale, RewardKind::Percent);
        assert_eq!(cents(earn(&every, &sale(4900, false, 0), USD, Used::default())), Some(980));
        assert_eq!(cents(earn(&every, &Event::Signup, USD, Used::default())), None);

        let first = terms(OfferTrigger::FirstSale, RewardKind::Fixed);
        assert_eq!(cents(earn(&first, &sale(4900, true, 0), USD, Used::default())), Some(100));
        assert_eq!(cents(earn(&first, &sale(4900, false, 0), USD, Used::default())), None);

        let within = terms(OfferTrigger::SalesWithin, RewardKind::Percent);
        assert_eq!(cents(earn(&within, &sale(1000, false, 11), USD, Used::default())), Some(200));
        assert_eq!(cents(earn(&within, &sale(1000, false, 12), USD, Used::default())), None, "just past 12 months");
    }

    #[test]
    fn conditions_minimum_sale_and_product() {
        let mut offer = terms(OfferTrigger::EverySale, RewardKind::Percent);
        offer.min_sale_cents = Some(1000);
        assert_eq!(cents(earn(&offer, &sale(999, false, 0), USD, Used::default())), None);
        assert_eq!(cents(earn(&offer, &sale(1000, false, 0), USD, Used::default())), Some(200));
        offer.product_key = Some("enterprise".into());
        assert_eq!(cents(earn(&offer, &sale(5000, false, 0), USD, Used::default())), None, "sale of pro");
    }

    #[test]
    fn limits_per_customer_and_per_partner_month_cap_the_amount_and_say_so() {
        let mut offer = terms(OfferTrigger::EverySale, RewardKind::Percent);
        offer.max_per_customer_cents = Some(1500);
        let capped = earn(&offer, &sale(10_000, false, 0), USD, Used { by_customer: 1000, by_partner_this_month: 0 });
        assert_eq!(capped.as_ref().map(|e| e.amount.cents), Some(500));
        assert!(capped.unwrap().arithmetic.contains("capped by the $15.00 limit per customer"));
        let spent = Used { by_customer: 1500, by_partner_this_month: 0 };
        assert_eq!(cents(earn(&offer, &sale(10_000, false, 0), USD, spent)), None);

        offer.max_per_customer_cents = None;
        offer.max_per_partner_month_cents = Some(2500);
        let month = Used { by_customer: 0, by_partner_this_month: 2000 };
        assert_eq!(cents(earn(&offer, &sale(10_000, false, 0), USD, month)), Some(500));
    }

    #[test]
    fn percentages_round_to_the_nearest_cent_halves_up() {
        assert_eq!(share(99, 2000), 20, "19.8 cents");
        assert_eq!(share(5, 1000), 1, "0.5 cent");
        assert_eq!(share(4, 1000), 0, "0.4 cent");
        assert_eq!(share(-5, 1000), -1, "a negative half goes away from zero");
        assert_eq!(percent(1250), "12.5%");
        assert_eq!(percent(2000), "20%");
        assert_eq!(percent(1), "0.01%");
    }

    #[test]
    fn offers_read_in_plain_words() {
        let mut offer = terms(OfferTrigger::SalesWithin, RewardKind::Percent);
        offer.referral_basis_points = Some(1000);
        assert_eq!(
            describe(&offer, USD),
            "20% of every sale for 12 months after the signup; approved 30 days after the sale; \
             the partner who recruited you earns 10% of it"
        );
        let signup = terms(OfferTrigger::Signup, RewardKind::Fixed);
        assert_eq!(
            describe(&signup, USD),
            "$1.00 when a customer you refer signs up; approved 30 days after the signup"
        );
    }
}
