//! Recording signups, sales and refunds, whoever reports them (the API,
//! Stripe): each step idempotent by the vendor's own keys, so a repeated
//! or concurrent report changes nothing. Each new event goes to the
//! commission ledger in the same transaction.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use diesel::result::QueryResult;

use super::attribution::{self, ClickFacts, Evidence, Program};
use super::queries::{self, Customer, NewCustomer, NewSale, PartnerRef, Sale};
use crate::db::{self, DbPool};
use crate::domain::Money;
use crate::email::Outbox;
use crate::rewards::ledger;
use crate::web::AppError;

/// A click reaches PostgreSQL within a flush or two of its redirect; a
/// signup posted right after the landing waits this long for it.
const CLICK_PATIENCE: Duration = Duration::from_millis(1_500);
const CLICK_POLL: Duration = Duration::from_millis(100);
const CLICK_ID_MAX: usize = 64;

/// Whether a row was written now or was there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Existing,
}

/// Who the customer is and what the vendor sent to credit them.
#[derive(Debug, Clone, Default)]
pub struct Signup {
    pub key: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub click_id: Option<String>,
    pub partner_code: Option<String>,
}

impl Signup {
    pub fn claims_a_partner(&self) -> bool {
        self.click_id.is_some() || self.partner_code.is_some()
    }
}

/// The stored click behind a click id: `None` when the id was not sent,
/// `Some(None)` when no such click exists. A click only just redirected
/// may still be on its way to the database, so a missing one is waited for.
pub async fn find_click(pool: &DbPool, click_id: Option<&str>) -> Result<Option<Option<ClickFacts>>, AppError> {
    let Some(click_id) = click_id else { return Ok(None) };
    if !looks_like_click_id(click_id) {
        return Ok(Some(None));
    }
    let started = std::time::Instant::now();
    loop {
        let id = click_id.to_string();
        let found = db::run(pool, move |conn| Ok(queries::click_facts(conn, &id)?)).await?;
        if found.is_some() || started.elapsed() >= CLICK_PATIENCE {
            return Ok(Some(found));
        }
        tokio::time::sleep(CLICK_POLL).await;
    }
}

fn looks_like_click_id(id: &str) -> bool {
    (1..=CLICK_ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The customer with `signup.key`, stored now with its attribution unless
/// it already was: the first attribution stands.
pub fn customer(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    signup: &Signup,
    click: Option<Option<ClickFacts>>,
    at: DateTime<Utc>,
) -> Result<(Customer, Outcome), AppError> {
    if let Some(existing) = queries::customer_by_key(conn, program.vendor, &signup.key)? {
        return Ok((existing, Outcome::Existing));
    }
    let partner_code = match &signup.partner_code {
        Some(code) => Some((code.clone(), queries::partner_facts(conn, program.vendor, PartnerRef::Code(code))?)),
        None => None,
    };
    let evidence = Evidence { click, partner_code };
    let decision = attribution::decide(program, signup.email.as_deref(), at, &evidence);
    let new = NewCustomer {
        vendor: program.vendor,
        key: &signup.key,
        email: signup.email.as_deref(),
        name: signup.name.as_deref(),
        at,
        decision: &decision,
    };
    match queries::insert_customer(conn, &new)? {
        Some(created) => {
            ledger::on_signup(conn, outbox, &created)?;
            Ok((created, Outcome::Created))
        }
        // Another request stored it between the look and the insert.
        None => queries::customer_by_key(conn, program.vendor, &signup.key)?
            .map(|existing| (existing, Outcome::Existing))
            .ok_or(AppError::NotFound),
    }
}

/// A sale as reported.
#[derive(Debug, Clone)]
pub struct SaleReport {
    pub key: String,
    pub amount: Money,
    pub at: DateTime<Utc>,
    pub product: Option<String>,
}

/// Why a reported sale was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaleConflict {
    /// The sale key is taken by a different sale.
    KeyReused,
}

/// Stores the sale for the customer (credited to the customer's partner),
/// unless its key is already stored: then the stored sale, if it is the same.
pub fn sale(
    conn: &mut PgConnection,
    outbox: &Outbox,
    customer: &Customer,
    report: &SaleReport,
) -> Result<Result<(Sale, Outcome), SaleConflict>, AppError> {
    let new = NewSale {
        customer,
        key: &report.key,
        amount: report.amount,
        at: report.at,
        product: report.product.as_deref(),
    };
    if let Some(created) = queries::insert_sale(conn, &new)? {
        ledger::on_sale(conn, outbox, customer, &created)?;
        return Ok(Ok((created, Outcome::Created)));
    }
    let stored = queries::sale_by_key(conn, customer.vendor_id, &report.key)?.ok_or(AppError::NotFound)?;
    if stored.customer_id != customer.id || stored.amount() != report.amount {
        return Ok(Err(SaleConflict::KeyReused));
    }
    Ok(Ok((stored, Outcome::Existing)))
}

/// Why a refund was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundProblem {
    NoSuchSale,
    /// More than is left of the sale; carries what is left.
    TooMuch(Money),
    NotPositive,
}

/// Refunds `cents` of the sale (all that is left when `None`). A repeated
/// refund key returns the sale as it is.
pub fn refund(
    conn: &mut PgConnection,
    vendor: crate::db::ids::VendorId,
    sale_key: &str,
    cents: Option<i64>,
    refund_key: Option<&str>,
) -> QueryResult<Result<(Sale, Outcome), RefundProblem>> {
    let Some(sale) = queries::lock_sale(conn, vendor, sale_key)? else { return Ok(Err(RefundProblem::NoSuchSale)) };
    if let Some(key) = refund_key
        && queries::refund_key_used(conn, vendor, key)?
    {
        return Ok(Ok((sale, Outcome::Existing)));
    }
    let left = sale.refundable();
    let cents = cents.unwrap_or(left.cents);
    if cents <= 0 {
        return Ok(Err(if left.cents == 0 { RefundProblem::TooMuch(left) } else { RefundProblem::NotPositive }));
    }
    if cents > left.cents {
        return Ok(Err(RefundProblem::TooMuch(left)));
    }
    match queries::insert_refund(conn, &sale, cents, refund_key)? {
        Some(refunded) => {
            ledger::on_refund(conn, &refunded)?;
            Ok(Ok((refunded, Outcome::Created)))
        }
        None => Ok(Ok((sale, Outcome::Existing))),
    }
}
