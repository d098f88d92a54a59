//! The offer form.

use serde::Deserialize;

use super::queries::{CommissionFilter, Offer, OfferSpec};
use super::rules::Terms;
use crate::db::ids::CommissionId;
use crate::db::states::{CommissionStatus, OfferTrigger, RewardKind};
use crate::domain::money::parse_percent;
use crate::domain::{Currency, Money};
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    pub name: String,
    pub trigger: String,
    pub within_months: String,
    pub reward_kind: String,
    pub reward_amount: String,
    pub reward_percent: String,
    pub min_sale: String,
    pub product_key: String,
    pub max_per_customer: String,
    pub max_per_partner_month: String,
    pub hold_days: String,
    pub referral_percent: String,
}

fn optional<T>(raw: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if raw.trim().is_empty() { Ok(None) } else { parse(raw).map(Some) }
}

/// An amount above 0 in `currency`'s minor unit.
fn positive_amount(raw: &str, currency: Currency) -> Result<i64, String> {
    match Money::parse(raw, currency)?.cents {
        0 => Err("Enter an amount above 0.".into()),
        cents => Ok(cents),
    }
}

fn whole(raw: &str, min: i32, max: i32, what: &str) -> Result<i32, String> {
    match raw.trim().parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("Enter {what} from {min} to {max}.")),
    }
}

impl OfferForm {
    /// A new offer's form: every sale, 20%, a 30-day hold.
    pub fn blank() -> Self {
        OfferForm {
            trigger: OfferTrigger::EverySale.as_str().into(),
            reward_kind: RewardKind::Percent.as_str().into(),
            reward_percent: "20".into(),
            hold_days: "30".into(),
            within_months: "12".into(),
            ..Self::default()
        }
    }

    pub fn of(offer: &Offer, currency: Currency) -> Self {
        let terms = &offer.spec.terms;
        let money = |cents: Option<i64>| cents.map(|c| Money::new(c, currency).decimal()).unwrap_or_default();
        let percent = |points: Option<i32>| points.map(|p| (f64::from(p) / 100.0).to_string()).unwrap_or_default();
        OfferForm {
            name: offer.spec.name.clone(),
            trigger: terms.trigger.as_str().into(),
            within_months: terms.within_months.map(|m| m.to_string()).unwrap_or_else(|| "12".into()),
            reward_kind: terms.reward_kind.as_str().into(),
            reward_amount: money(terms.reward_cents),
            reward_percent: percent(terms.reward_basis_points),
            min_sale: money(terms.min_sale_cents),
            product_key: terms.product_key.clone().unwrap_or_default(),
            max_per_customer: money(terms.max_per_customer_cents),
            max_per_partner_month: money(terms.max_per_partner_month_cents),
            hold_days: terms.hold_days.to_string(),
            referral_percent: percent(terms.referral_basis_points),
        }
    }

    /// The offer, its amounts in the vendor's `currency`.
    pub fn parse(&self, currency: Currency) -> Result<OfferSpec, FormErrors> {
        let positive_cents = |raw: &str| positive_amount(raw, currency);
        let mut errors = FormErrors::new();
        let name = errors.check("name", text::required(&self.name, "a name for the offer", 100));
        let trigger = errors.check(
            "trigger",
            OfferTrigger::parse(&self.trigger).ok_or_else(|| "Choose what earns the reward.".to_string()),
        );
        let kind = errors.check(
            "reward_kind",
            RewardKind::parse(&self.reward_kind).ok_or_else(|| "Choose a fixed amount or a percentage.".to_string()),
        );
        let within = match trigger {
            Some(OfferTrigger::SalesWithin) => {
                errors.check("within_months", whole(&self.within_months, 1, 120, "a number of months")).map(Some)
            }
            _ => Some(None),
        };
        let (reward_cents, reward_points) = match kind {
            Some(RewardKind::Fixed) => {
                (errors.check("reward_amount", positive_cents(&self.reward_amount)).map(Some), Some(None))
            }
            Some(RewardKind::Percent) => {
                (Some(None), errors.check("reward_percent", parse_percent(&self.reward_percent)).map(Some))
            }
            None => (None, None),
        };
        let is_sale = trigger.is_some_and(|t| t != OfferTrigger::Signup);
        let min_sale =
            if is_sale { errors.check("min_sale", optional(&self.min_sale, positive_cents)) } else { Some(None) };
        let product = if is_sale {
            errors
                .check("product_key", text::optional(&self.product_key, 100))
                .map(|p| Some(p).filter(|p| !p.is_empty()))
        } else {
            Some(None)
        };
        let per_customer = errors.check("max_per_customer", optional(&self.max_per_customer, positive_cents));
        let per_month = errors.check("max_per_partner_month", optional(&self.max_per_partner_month, positive_cents));
        let hold = errors.check("hold_days", whole(&self.hold_days, 0, 365, "a number of days"));
        let referral = errors.check("referral_percent", optional(&self.referral_percent, parse_percent));
        errors.into_result(|| {
            Some(OfferSpec {
                name: name?,
                terms: Terms {
                    trigger: trigger?,
                    within_months: within?,
                    reward_kind: kind?,
                    reward_cents: reward_cents?,
                    reward_basis_points: reward_points?,
                    min_sale_cents: min_sale?,
                    product_key: product?,
                    max_per_customer_cents: per_customer?,
                    max_per_partner_month_cents: per_month?,
                    hold_days: hold?,
                    referral_basis_points: referral?,
                },
            })
        })
    }
}

/// The Commissions page's filters, as the query string carries them.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CommissionsQuery {
    pub status: String,
    pub partner: String,
    pub group: String,
    pub from: String,
    pub to: String,
    pub page: String,
}

impl CommissionsQuery {
    /// Anything unreadable is left out of the filter.
    pub fn parse(&self) -> (CommissionFilter, i64) {
        let date = |raw: &str| chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
        let filter = CommissionFilter {
            status: CommissionStatus::parse(&self.status),
            partner_code: self.partner.trim().chars().take(100).collect(),
            group: self.group.parse().ok().map(crate::db::ids::GroupId),
            from: date(&self.from),
            to: date(&self.to),
        };
        (filter, crate::web::plain_input::page_number(&self.page))
    }
}

/// A decision on selected commissions: which ones, and why when rejecting.
pub struct Decision {
    pub ids: Vec<CommissionId>,
    pub reason: String,
}

/// Reads `ids` (repeated) and `reason` from a form body; the ids must be numbers.
pub fn decision(body: &[u8]) -> Result<Decision, String> {
    let mut ids = Vec::new();
    let mut reason = String::new();
    for (key, value) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "ids" => {
                ids.push(CommissionId(value.parse().map_err(|_| "Choose commissions from the list.".to_string())?))
            }
            "reason" => reason = value.trim().chars().take(300).collect(),
            _ => {}
        }
    }
    if ids.is_empty() {
        return Err("Choose at least one commission.".into());
    }
    Ok(Decision { ids, reason })
}

/// Create payout: the minimum a partner must be owed, and the chosen
/// commissions when the vendor picked some.
pub struct PayoutRequest {
    pub minimum_cents: i64,
    pub chosen: Option<Vec<CommissionId>>,
}

pub fn payout_request(body: &[u8], currency: Currency) -> Result<PayoutRequest, String> {
    let mut minimum = String::new();
    let mut chosen = Vec::new();
    for (key, value) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "minimum" => minimum = value.into_owned(),
            "ids" => {
                chosen.push(CommissionId(value.parse().map_err(|_| "Choose commissions from the list.".to_string())?))
            }
            _ => {}
        }
    }
    let minimum_cents = optional(&minimum, |raw| Money::parse(raw, currency).map(|m| m.cents))?.unwrap_or(0);
    Ok(PayoutRequest { minimum_cents, chosen: (!chosen.is_empty()).then_some(chosen) })
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct MarkPaidForm {
    pub reference: String,
    pub paid_on: String,
}

impl MarkPaidForm {
    pub fn parse(&self) -> Result<(String, chrono::NaiveDate), String> {
        let reference = self.reference.trim();
        if reference.is_empty() || reference.chars().count() > 200 {
            return Err("Enter the payment's reference (at most 200 characters), e.g. the transfer id.".into());
        }
        let paid_on = chrono::NaiveDate::parse_from_str(self.paid_on.trim(), "%Y-%m-%d")
            .map_err(|_| "Enter the date it was paid, like 2026-11-21.".to_string())?;
        Ok((reference.to_string(), paid_on))
    }
}

/// `?page=` of one payout batch.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct BatchQuery {
    #[serde(default)]
    pub page: String,
}
