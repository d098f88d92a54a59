//! Recording signups, sales and refunds, whoever reports them (the API,
//! Stripe, won leads and deals): each step idempotent by the vendor's own
//! keys, so a repeated or concurrent report changes nothing. Each new
//! event goes to the commission ledger in the same transaction.
//!
//! The first evidence wins: a customer stored without a partner is
//! credited when a later report of the same customer brings a click id or
//! partner code that the rules accept, and the sales already recorded for
//! it then earn what they would have earned.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use diesel::result::QueryResult;

use crate::customers::attribution::{self, ClickFacts, Decision, Evidence, Program};
use crate::customers::evidence::{self, PartnerRef};
use crate::customers::queries::{self, Customer, NewCustomer, NewSale, Sale};
use crate::db::{self, DbPool};
use crate::domain::Money;
use crate::email::Outbox;
use crate::rewards::ledger::{self, Credit};
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

/// How long to look for a click id that is not stored yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patience {
    /// A signup reported the moment the visitor lands: the click may still
    /// be on its way to the database.
    WaitForTheClick,
    /// A report minutes after the landing (a paid checkout): the click is
    /// stored if it exists.
    LookOnce,
}

/// The stored click behind a click id: `None` when the id was not sent,
/// `Some(None)` when no such click exists.
pub async fn find_click(
    pool: &DbPool,
    click_id: Option<&str>,
    patience: Patience,
) -> Result<Option<Option<ClickFacts>>, AppError> {
    let Some(click_id) = click_id else { return Ok(None) };
    if !looks_like_click_id(click_id) {
        return Ok(Some(None));
    }
    let started = std::time::Instant::now();
    loop {
        let id = click_id.to_string();
        let found = db::run(pool, move |conn| Ok(evidence::click_facts(conn, &id)?)).await?;
        if found.is_some() || patience == Patience::LookOnce || started.elapsed() >= CLICK_PATIENCE {
            return Ok(Some(found));
        }
        tokio::time::sleep(CLICK_POLL).await;
    }
}

fn looks_like_click_id(id: &str) -> bool {
    (1..=CLICK_ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The customer with `signup.key`, stored now with its attribution unless
/// it already was. A stored customer keeps its first attribution, unless
/// it had no partner and this report brings evidence the rules accept;
/// its missing email or name is filled in, and it signed up at the
/// earliest time any report gives.
pub fn customer(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    signup: &Signup,
    click: Option<Option<ClickFacts>>,
    at: DateTime<Utc>,
) -> Result<(Customer, Outcome), AppError> {
    if let Some(existing) = queries::lock_customer(conn, program.vendor, &signup.key)? {
        let existing = queries::fill_in(conn, &existing, signup.email.as_deref(), signup.name.as_deref(), at)?;
        let customer = credit_if_evidence_came_later(conn, outbox, program, existing, signup, click)?;
        return Ok((customer, Outcome::Existing));
    }
    let evidence = evidence(conn, program, signup, click)?;
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
            ledger::on_signup(conn, outbox, &created, Credit::AsItHappens)?;
            Ok((created, Outcome::Created))
        }
        // Another request stored it between the look and the insert: its
        // row is locked now, so go again and take the path of a stored one.
        None => {
            let existing = queries::lock_customer(conn, program.vendor, &signup.key)?.ok_or(AppError::NotFound)?;
            let customer = credit_if_evidence_came_later(conn, outbox, program, existing, signup, None)?;
            Ok((customer, Outcome::Existing))
        }
    }
}

fn evidence(
    conn: &mut PgConnection,
    program: Program,
    signup: &Signup,
    click: Option<Option<ClickFacts>>,
) -> QueryResult<Evidence> {
    let partner_code = match &signup.partner_code {
        Some(code) => Some((code.clone(), evidence::partner_facts(conn, program.vendor, PartnerRef::Code(code))?)),
        None => None,
    };
    Ok(Evidence { click, partner_code })
}

/// "First evidence wins": a stored customer with no partner and no
/// self-referral is decided again with this report's evidence, at the
/// time it signed up.
fn credit_if_evidence_came_later(
    conn: &mut PgConnection,
    outbox: &Outbox,
    program: Program,
    customer: Customer,
    signup: &Signup,
    click: Option<Option<ClickFacts>>,
) -> Result<Customer, AppError> {
    if !customer.awaits_evidence() || !signup.claims_a_partner() {
        return Ok(customer);
    }
    let evidence = evidence(conn, program, signup, click)?;
    let decision = attribution::decide(program, customer.email.as_deref(), customer.signed_up_at, &evidence);
    if decision.partnership.is_none() && !decision.self_referral {
        return Ok(customer);
    }
    let why = format!(
        "the customer was first reported without a click id or partner code; a later report brought it. {}",
        decision.reason
    );
    credit_later(conn, outbox, &customer, &Decision { reason: format!("Credited later: {why}"), ..decision }, &why)
}

/// Credits a customer who had no partner (evidence that came later, or a
/// person's assignment) and lets the signup and every sale recorded so
/// far earn what the offers live at their time give, in this transaction.
/// A customer credited meanwhile is returned as it is.
pub fn credit_later(
    conn: &mut PgConnection,
    outbox: &Outbox,
    customer: &Customer,
    decision: &Decision,
    why: &str,
) -> Result<Customer, AppError> {
    let Some(credited) = queries::credit(conn, customer.id, decision)? else {
        return queries::customer_by_id(conn, customer.vendor_id, customer.id)?.ok_or(AppError::NotFound);
    };
    if credited.partnership_id.is_some() {
        ledger::on_signup(conn, outbox, &credited, Credit::Later(why))?;
        for sale in queries::sales_of(conn, credited.id)? {
            ledger::on_sale(conn, outbox, &credited, &sale, Credit::Later(why))?;
            if sale.refunded().cents > 0 {
                ledger::on_refund(conn, &sale)?;
            }
        }
    }
    Ok(credited)
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
        ledger::on_sale(conn, outbox, customer, &created, Credit::AsItHappens)?;
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
