//! Applying Stripe's events. Stripe neither orders nor deduplicates its
//! deliveries, so every event is written as a fact and the ledger follows
//! from the facts: whatever the order and however often an event comes,
//! the customers, their credit, sales, refunds and commissions end the
//! same.
//!
//! * a customer stored without evidence is credited by the first later
//!   event that brings it (`record::customer`);
//! * a sale is found under any of its ids, so the checkout and the invoice
//!   that report one payment record it once;
//! * each charge's refunded total is kept as reported, and a sale's
//!   refunds are brought up to what its charges report whenever the sale,
//!   a charge or a link between them arrives.

mod events;
pub mod queries;

use diesel::PgConnection;

pub use events::{Event, SUBSCRIBED, read};
use events::{Fact, StripeSale};

use super::record::{self, Patience, SaleConflict, Signup};
use crate::customers::attribution::{ClickFacts, Program};
use crate::customers::queries::Customer;
use crate::db::ids::VendorId;
use crate::db::states::StripeOutcome;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::web::AppError;

/// The vendor's side of a delivery.
#[derive(Debug, Clone, Copy)]
pub struct Connection {
    pub program: Program,
    /// Live mode, or test mode.
    pub livemode: bool,
}

/// What a delivery did.
#[derive(Debug, Clone)]
pub struct Handled {
    /// `false` for a repeated delivery, which changes nothing.
    pub first_delivery: bool,
    pub outcome: StripeOutcome,
    pub note: String,
}

/// Applies a verified event once, in one transaction.
pub async fn handle(pool: &DbPool, outbox: &Outbox, connection: Connection, event: Event) -> Result<Handled, AppError> {
    let click_id = match &event.fact {
        Fact::Checkout { signup, .. } | Fact::InvoicePaid { signup, .. } => signup.click_id.clone(),
        _ => None,
    };
    // A checkout is paid minutes after the landing: the click is stored by now.
    let click = record::find_click(pool, click_id.as_deref(), Patience::LookOnce).await?;
    let outbox = outbox.clone();
    db::transaction(pool, move |conn| {
        let vendor = connection.program.vendor;
        queries::lock_vendor(conn, vendor)?;
        if queries::handled_before(conn, vendor, &event.id)? {
            return Ok(Handled {
                first_delivery: false,
                outcome: StripeOutcome::Ignored,
                note: "Handled before.".into(),
            });
        }
        let (outcome, note) = if event.livemode != connection.livemode {
            (StripeOutcome::Ignored, other_mode(event.livemode))
        } else {
            apply(conn, &outbox, connection.program, &event.fact, click)?
        };
        queries::log(conn, vendor, &event, outcome, &note)?;
        Ok(Handled { first_delivery: true, outcome, note })
    })
    .await
}

fn other_mode(event_is_live: bool) -> String {
    if event_is_live {
        "A live-mode event, and Stripe is connected in test mode: not recorded.".into()
    } else {
        "A test-mode event, and Stripe is connected in live mode: not recorded.".into()
    }
}

fn apply(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    fact: &Fact,
    click: Option<Option<ClickFacts>>,
) -> Result<(StripeOutcome, String), AppError> {
    let recorded = |note: String| Ok((StripeOutcome::Recorded, note));
    match fact {
        Fact::Checkout { signup, sale, payment_status, at } => {
            let customer = customer(conn, outbox, program, signup, click, *at)?;
            match sale {
                Some(sale) => recorded(format!("{} {}", who(&customer), record_sale(conn, outbox, &customer, sale)?)),
                None if payment_status == "unpaid" => recorded(format!(
                    "{} The payment is not complete yet (a delayed method): its sale waits for \
                     checkout.session.async_payment_succeeded.",
                    who(&customer)
                )),
                None if payment_status == "no_payment_required" => {
                    recorded(format!("{} Nothing was paid (no payment required): no sale.", who(&customer)))
                }
                None => recorded(format!("{} No sale in this checkout: its invoices bring them.", who(&customer))),
            }
        }
        Fact::InvoicePaid { signup, sale } => {
            let customer = customer(conn, outbox, program, signup, click, sale.report.at)?;
            recorded(format!("{} {}", who(&customer), record_sale(conn, outbox, &customer, sale)?))
        }
        Fact::InvoicePayment { invoice, by } => {
            queries::add_references(conn, program.vendor, invoice, by)?;
            let names: Vec<String> = std::iter::once(invoice.clone()).chain(by.iter().cloned()).collect();
            recorded(format!(
                "Invoice {invoice} was paid by {}. {}",
                by.join(", "),
                settle(conn, program.vendor, &names)?
            ))
        }
        Fact::ChargeRefunded(refund) => {
            queries::keep_charge_refund(conn, program.vendor, refund)?;
            let names: Vec<String> =
                [Some(refund.charge.clone()), refund.payment_intent.clone(), refund.invoice.clone()]
                    .into_iter()
                    .flatten()
                    .collect();
            if let Some(invoice) = &refund.invoice {
                queries::add_references(conn, program.vendor, invoice, &names)?;
            }
            let settled = settle(conn, program.vendor, &names)?;
            recorded(format!("Charge {} refunded {} in all. {settled}", refund.charge, refund.refunded))
        }
        Fact::Ignored(why) => Ok((StripeOutcome::Ignored, why.clone())),
    }
}

fn customer(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    signup: &Signup,
    click: Option<Option<ClickFacts>>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Customer, AppError> {
    Ok(record::customer(conn, outbox, program, signup, click, at)?.0)
}

fn who(customer: &Customer) -> String {
    let credit = if customer.partnership_id.is_some() { "credited" } else { "not credited" };
    format!("Customer {} ({credit}).", customer.external_id)
}

/// Records the sale unless it is stored under another of its ids, links
/// its ids, and applies the refunds its charges reported before it came.
fn record_sale(
    conn: &mut PgConnection,
    outbox: &Outbox,
    customer: &Customer,
    sale: &StripeSale,
) -> Result<String, AppError> {
    let vendor = customer.vendor_id;
    let names = sale.names();
    let note = match queries::sale_named(conn, vendor, &names)? {
        Some(stored) => {
            queries::add_references(conn, vendor, &stored.sale_key, &names)?;
            format!("Sale {} was recorded before.", stored.sale_key)
        }
        None => {
            let note = match record::sale(conn, outbox, customer, &sale.report)? {
                Ok(_) => format!("Sale {} of {} recorded.", sale.report.key, sale.report.amount),
                Err(SaleConflict::KeyReused) => format!("Sale {} is stored for another customer.", sale.report.key),
            };
            queries::add_references(conn, vendor, &sale.report.key, &sale.references)?;
            note
        }
    };
    Ok(format!("{note} {}", settle(conn, vendor, &names)?))
}

/// Brings the refunds of the sale named by any of `names` up to what
/// its charges report; says what it did.
fn settle(conn: &mut PgConnection, vendor: VendorId, names: &[String]) -> Result<String, AppError> {
    let Some(sale) = queries::sale_named(conn, vendor, names)? else {
        let waiting = queries::charges_named(conn, vendor, names)? > 0;
        return Ok(if waiting { "Its sale is not here yet: the refund waits for it.".into() } else { String::new() });
    };
    let all_names = queries::names_of(conn, vendor, &sale.sale_key)?;
    let reported = queries::refunded_by_charges(conn, vendor, &all_names, sale.currency().code())?;
    let new = reported.min(sale.amount().cents) - sale.refunded().cents;
    if new <= 0 {
        return Ok(String::new());
    }
    let refunded = crate::domain::Money::new(new, sale.currency());
    record::refund(conn, vendor, &sale.sale_key, Some(new), None)?
        .map_err(|problem| AppError::Internal(anyhow::anyhow!("a settled refund was refused: {problem:?}")))?;
    Ok(format!("{refunded} of sale {} refunded.", sale.sale_key))
}
