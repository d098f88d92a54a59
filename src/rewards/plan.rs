//! What one offer pays for one event — the partner's commission, until when
//! it is held, and the recruiter's override — and what a refund takes back,
//! decided from plain facts. The ledger writes these numbers as events
//! arrive; the demo writes the same numbers for its volume in bulk.

use chrono::{DateTime, Duration, Utc};

use super::rules::{self, Earned, Event, Terms, Used};
use crate::db::states::CommissionStatus;
use crate::domain::{Currency, Money};

/// The partner an event credits, as an offer sees them.
#[derive(Debug, Clone, Copy)]
pub struct Partner<'a> {
    pub code: &'a str,
    /// The program's currency.
    pub currency: Currency,
    /// A recruiter who is an active partner of the program.
    pub recruiter_earns: bool,
}

/// What an offer pays for an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub commission: Earned,
    pub hold_until: DateTime<Utc>,
    /// The recruiter's share, where the offer pays one.
    pub referral: Option<Earned>,
}

/// What `terms` pay `partner` for `event` at `at`; `None` when the offer
/// does not apply or its limits are used up.
pub fn pays(terms: &Terms, event: &Event, at: DateTime<Utc>, partner: Partner, used: Used) -> Option<Payment> {
    let commission = rules::earn(terms, event, partner.currency, used)?;
    let referral = match terms.referral_basis_points {
        Some(points) if partner.recruiter_earns => referral_override(points, commission.amount, partner.code),
        _ => None,
    };
    let hold_until = at + Duration::days(i64::from(terms.hold_days));
    Some(Payment { commission, hold_until, referral })
}

/// `points` of the partner `code`'s commission `child`, for their recruiter.
pub fn referral_override(points: i32, child: Money, code: &str) -> Option<Earned> {
    let amount = Money::new(rules::share(child.cents, points), child.currency);
    (amount.cents > 0).then(|| Earned {
        amount,
        arithmetic: format!("{} of {code}'s {child} commission = {amount}", rules::percent(points)),
    })
}

/// A hold already over (0 days, or an old event) is approved at once.
pub fn status_at(hold_until: DateTime<Utc>, now: DateTime<Utc>) -> CommissionStatus {
    if hold_until <= now { CommissionStatus::Approved } else { CommissionStatus::Pending }
}

/// What a refund of `refunded` out of a sale of `amount` takes back from a
/// commission of `earned`: the same share, to the nearest cent, halves up.
pub fn taken_back(earned: i64, refunded: i64, amount: i64) -> i64 {
    if amount == 0 {
        return earned;
    }
    let product = i128::from(earned) * i128::from(refunded);
    let divisor = i128::from(amount);
    i64::try_from((2 * product + divisor) / (2 * divisor)).unwrap_or(earned)
}

#[cfg(test)]
mod tests {
    use super::taken_back;

    #[test]
    fn a_refund_takes_back_the_same_share_of_the_commission() {
        assert_eq!(taken_back(980, 4900, 4900), 980, "all of it");
        assert_eq!(taken_back(980, 900, 4900), 180, "900/4900 of 9.80 is 1.8");
        assert_eq!(taken_back(100, 1, 3), 33);
        assert_eq!(taken_back(100, 0, 4900), 0);
        assert_eq!(taken_back(100, 0, 0), 100, "a sale of nothing gives everything back");
    }
}
