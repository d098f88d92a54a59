//! Won leads and deals become customers and sales: a lead or deal in a won
//! stage is a customer credited to the partner who brought it (as if their
//! partner code had been sent), and a won deal, when its pipeline says so,
//! records its amount as that customer's sale.

use chrono::Utc;
use diesel::PgConnection;

use super::record::{self, SaleReport, Signup};
use crate::customers::attribution::Program;
use crate::customers::queries as customers;
use crate::db::ids::UserId;
use crate::domain::{Currency, Money};
use crate::email::Outbox;
use crate::pipelines::queries::{self, Entry};
use crate::vendors::Vendor;
use crate::web::AppError;

/// The customer an entry becomes, credited to the entry's partner as if
/// the partner's code had been sent with the signup.
pub fn customer_for(
    conn: &mut PgConnection,
    outbox: &Outbox,
    vendor: &Vendor,
    entry: &Entry,
) -> Result<customers::Customer, AppError> {
    if let Some(existing) =
        entry.customer_id.map(|id| customers::customer_by_id(conn, vendor.id, id)).transpose()?.flatten()
    {
        return Ok(existing);
    }
    let signup = Signup {
        key: format!("{}-{}", entry.pipeline.noun(), entry.id),
        email: Some(entry.contact_email.clone()),
        name: Some(if entry.company.is_empty() { entry.contact_name.clone() } else { entry.company.clone() }),
        click_id: None,
        partner_code: customers::partner_code(conn, Some(entry.partnership_id))?,
    };
    let program = Program { vendor: vendor.id, window_days: vendor.attribution_window_days };
    let (customer, _) = record::customer(conn, outbox, program, &signup, None, Utc::now())?;
    Ok(customer)
}

pub fn record_sale(
    conn: &mut PgConnection,
    outbox: &Outbox,
    vendor: &Vendor,
    entry: &Entry,
    actor: UserId,
) -> Result<String, AppError> {
    let customer = customer_for(conn, outbox, vendor, entry)?;
    let currency = entry.currency.as_deref().map(Currency::stored).unwrap_or(vendor.currency());
    let amount = Money::new(entry.amount_cents.unwrap_or(0), currency);
    let report = SaleReport {
        key: format!("deal-{}", entry.id),
        amount,
        at: Utc::now(),
        product: Some(format!("Deal: {}", entry.company)),
    };
    let sale = match record::sale(conn, outbox, &customer, &report)? {
        Ok((sale, _)) => sale,
        Err(_) => return Ok("Its sale was recorded before.".into()),
    };
    queries::set_customer(conn, entry.id, customer.id, Some(sale.id))?;
    let what = format!("Sale of {} recorded for customer {}", amount.format(), customer.external_id);
    queries::record_event(conn, entry.id, Some(actor), &what)?;
    Ok(format!("{what}."))
}
