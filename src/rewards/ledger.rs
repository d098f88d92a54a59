//! Writing the ledger as events arrive: every attributed signup or sale,
//! for each offer that was live at its time in the group the partner is
//! in, earns one commission (and the recruiter's override); a refund takes
//! back its share. Called inside the event's own transaction.

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use diesel::result::QueryResult;

use super::email;
use super::plan;
use super::queries::{self, Commission, NewCommission};
use super::rules::{Event, SaleFacts, Used};
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
    let recruiter = match earner.parent {
        Some(parent) => queries::earner(conn, parent)?.map(|_| parent),
        None => None,
    };
    let partner = plan::Partner { code: &earner.code, currency: earner.currency, recruiter_earns: recruiter.is_some() };
    let note = credit.note();
    let mut earned = Vec::new();
    // The offers live when the event happened, whenever it is reported.
    for offer in queries::live_at(conn, earner.group, at)? {
        let (by_customer, by_partner_this_month) = queries::used(conn, offer.id, customer.id, partnership, at)?;
        let used = Used { by_customer, by_partner_this_month };
        let Some(payment) = plan::pays(&offer.spec.terms, event, at, partner, used) else { continue };
        let new = NewCommission {
            vendor: customer.vendor_id,
            partnership,
            offer: &offer,
            customer: customer.id,
            sale: sale.map(|s| s.id),
            event_key: key,
            kind: CommissionKind::Commission,
            corrects: None,
            amount: payment.commission.amount,
            arithmetic: &payment.commission.arithmetic,
            note: &note,
            status: plan::status_at(payment.hold_until, Utc::now()),
            hold_until: payment.hold_until,
        };
        let Some(commission) = queries::insert(conn, &new)? else { continue };
        if let (Some(referral), Some(recruiter)) = (&payment.referral, recruiter) {
            let override_ = NewCommission {
                partnership: recruiter,
                kind: CommissionKind::ReferralOverride,
                amount: referral.amount,
                arithmetic: &referral.arithmetic,
                ..new
            };
            earned.extend(queries::insert(conn, &override_)?);
        }
        earned.push(commission);
    }
    Ok(earned)
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
        let taken_back = plan::taken_back(commission.earned_cents, refunded, amount);
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
