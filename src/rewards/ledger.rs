//! Writing the ledger as events arrive: every attributed signup or sale,
//! for each offer that was live at its time in the group the partner is
//! in, earns one commission (and the recruiter's override); a refund takes
//! back its share. Called inside the event's own transaction.

use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;
use diesel::result::QueryResult;

use super::email;
use super::queries::{self, Commission, Earner, NewCommission, Offer};
use super::rules::{self, Event, SaleFacts, Used};
use crate::customers::queries::{Customer, Sale};
use crate::db::states::{CommissionKind, CommissionStatus};
use crate::domain::Money;
use crate::email::Outbox;
use crate::web::AppError;

/// When a partner is credited: as the event happens, or later, when a
/// customer first reported without a partner is credited (evidence that
/// came with a later event, or a person's assignment). Either way the
/// event earns what the offers live at its own time give; a late credit's
/// history says why it came late.
#[derive(Debug, Clone, Copy)]
pub enum Credit<'a> {
    AsItHappens,
    Later(&'a str),
}

impl Credit<'_> {
    fn note(&self) -> String {
        match self {
            Credit::AsItHappens => "Earned".into(),
            Credit::Later(why) => format!("Earned later: {why}"),
        }
    }
}

pub fn on_signup(
    conn: &mut PgConnection,
    outbox: &Outbox,
    customer: &Customer,
    credit: Credit,
) -> Result<Vec<Commission>, AppError> {
    let key = format!("signup:{}", customer.id);
    let earned = earn_all(conn, customer, None, &Event::Signup, (&key, customer.signed_up_at), credit)?;
    email::queue_earned(conn, outbox, &earned)?;
    Ok(earned)
}

pub fn on_sale(
    conn: &mut PgConnection,
    outbox: &Outbox,
    customer: &Customer,
    sale: &Sale,
    credit: Credit,
) -> Result<Vec<Commission>, AppError> {
    let first = queries::is_first_sale(conn, customer.id, sale)?;
    if first {
        withdraw_other_first_sales(conn, sale)?;
    }
    let facts = SaleFacts {
        amount: sale.amount(),
        at: sale.occurred_at,
        product: sale.product.clone(),
        first,
        signed_up_at: customer.signed_up_at,
    };
    let key = format!("sale:{}", sale.id);
    let earned = earn_all(conn, customer, Some(sale), &Event::Sale(facts), (&key, sale.occurred_at), credit)?;
    email::queue_earned(conn, outbox, &earned)?;
    Ok(earned)
}

fn earn_all(
    conn: &mut PgConnection,
    customer: &Customer,
    sale: Option<&Sale>,
    event: &Event,
    (key, at): (&str, DateTime<Utc>),
    credit: Credit,
) -> QueryResult<Vec<Commission>> {
    let Some(partnership) = customer.partnership_id else { return Ok(Vec::new()) };
    let Some(earner) = queries::earner(conn, partnership)? else { return Ok(Vec::new()) };
    let note = credit.note();
    let mut earned = Vec::new();
    // The offers live when the event happened, whenever it is reported.
    for offer in queries::live_at(conn, earner.group, at)? {
        let (by_customer, by_partner_this_month) = queries::used(conn, offer.id, customer.id, partnership, at)?;
        let used = Used { by_customer, by_partner_this_month };
        let Some(reward) = rules::earn(&offer.spec.terms, event, earner.currency, used) else { continue };
        let hold_until = at + Duration::days(i64::from(offer.spec.terms.hold_days));
        let new = NewCommission {
            vendor: customer.vendor_id,
            partnership,
            offer: &offer,
            customer: customer.id,
            sale: sale.map(|s| s.id),
            event_key: key,
            kind: CommissionKind::Commission,
            corrects: None,
            amount: reward.amount,
            arithmetic: &reward.arithmetic,
            note: &note,
            status: status_for(hold_until),
            hold_until,
        };
        let Some(commission) = queries::insert(conn, &new)? else { continue };
        if let Some(override_) = referral_override(conn, &offer, &earner, &commission, key, &note)? {
            earned.push(override_);
        }
        earned.push(commission);
    }
    Ok(earned)
}

/// A hold already over (0 days, or an old sale) is approved at once.
fn status_for(hold_until: DateTime<Utc>) -> CommissionStatus {
    if hold_until <= Utc::now() { CommissionStatus::Approved } else { CommissionStatus::Pending }
}

fn referral_override(
    conn: &mut PgConnection,
    offer: &Offer,
    earner: &Earner,
    commission: &Commission,
    key: &str,
    note: &str,
) -> QueryResult<Option<Commission>> {
    let (Some(points), Some(parent)) = (offer.spec.terms.referral_basis_points, earner.parent) else { return Ok(None) };
    if queries::earner(conn, parent)?.is_none() {
        return Ok(None);
    }
    let child = commission.amount();
    let amount = Money::new(rules::share(child.cents, points), child.currency);
    if amount.cents <= 0 {
        return Ok(None);
    }
    let arithmetic = format!("{} of {}'s {child} commission = {amount}", rules::percent(points), earner.code);
    let new = NewCommission {
        vendor: commission.vendor_id,
        partnership: parent,
        offer,
        customer: commission.customer_id,
        sale: commission.transaction_id,
        event_key: key,
        kind: CommissionKind::ReferralOverride,
        corrects: None,
        amount,
        arithmetic: &arithmetic,
        note,
        status: commission.status,
        hold_until: commission.hold_until,
    };
    queries::insert(conn, &new)
}

/// A sale reported after a later one of the same customer is the first
/// sale: what the later one earned as "first sale" is taken back, so the
/// ledger ends the same whatever order the sales arrived in.
fn withdraw_other_first_sales(conn: &mut PgConnection, first: &Sale) -> QueryResult<()> {
    let note = format!("Not the first sale: sale {} came before it and was reported later", first.sale_key);
    for commission in queries::first_sale_commissions_of_others(conn, first)? {
        match commission.status {
            CommissionStatus::Pending | CommissionStatus::Approved => queries::reduce(conn, &commission, 0, &note)?,
            CommissionStatus::Paid => adjust_paid(conn, &commission, commission.earned_cents, "first", &note)?,
            CommissionStatus::Rejected => {}
        }
    }
    Ok(())
}

/// After (part of) `sale` was refunded: each of its commissions keeps the
/// share of what is left of the sale. A pending or approved one is reduced
/// (cancelled at zero); a paid one gets a negative adjustment, approved,
/// for the next payout.
pub fn on_refund(conn: &mut PgConnection, sale: &Sale) -> QueryResult<()> {
    let amount = sale.amount().cents;
    let refunded = sale.refunded().cents;
    for commission in queries::of_sale_for_update(conn, sale.id)? {
        let taken_back =
            if amount == 0 { commission.earned_cents } else { proportion(commission.earned_cents, refunded, amount) };
        let note = format!("Sale refunded: {} of {}", sale.refunded(), sale.amount());
        match commission.status {
            CommissionStatus::Pending | CommissionStatus::Approved => {
                queries::reduce(conn, &commission, commission.earned_cents - taken_back, &note)?;
            }
            CommissionStatus::Paid => adjust_paid(conn, &commission, taken_back, &refunded.to_string(), &note)?,
            CommissionStatus::Rejected => {}
        }
    }
    Ok(())
}

fn adjust_paid(
    conn: &mut PgConnection,
    paid: &Commission,
    taken_back: i64,
    occasion: &str,
    note: &str,
) -> QueryResult<()> {
    let already = queries::adjusted(conn, paid.id)?;
    let delta = -taken_back - already;
    if delta >= 0 {
        return Ok(());
    }
    let offer = queries::offer_by_id(conn, paid.offer_id)?;
    let key = format!("adjust:{}:{occasion}", paid.id);
    let new = NewCommission {
        vendor: paid.vendor_id,
        partnership: paid.partnership_id,
        offer: &offer,
        customer: paid.customer_id,
        sale: paid.transaction_id,
        event_key: &key,
        kind: CommissionKind::Adjustment,
        corrects: Some(paid.id),
        amount: Money::new(delta, paid.amount().currency),
        arithmetic: note,
        note: "Earned",
        status: CommissionStatus::Approved,
        hold_until: Utc::now(),
    };
    queries::insert(conn, &new)?;
    Ok(())
}

/// `earned × refunded / amount`, to the nearest cent, halves up.
fn proportion(earned: i64, refunded: i64, amount: i64) -> i64 {
    let product = i128::from(earned) * i128::from(refunded);
    let divisor = i128::from(amount);
    i64::try_from((2 * product + divisor) / (2 * divisor)).unwrap_or(earned)
}

#[cfg(test)]
mod tests {
    use super::proportion;

    #[test]
    fn a_refund_takes_back_the_same_share_of_the_commission() {
        assert_eq!(proportion(980, 4900, 4900), 980, "all of it");
        assert_eq!(proportion(980, 900, 4900), 180, "900/4900 of 9.80 is 1.8");
        assert_eq!(proportion(100, 1, 3), 33);
        assert_eq!(proportion(100, 0, 4900), 0);
    }
}
