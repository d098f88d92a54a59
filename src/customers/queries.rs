//! Customers and their transactions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::ids::{ClickId, CustomerId, PartnershipId, TransactionId, VendorId};
use crate::db::schema::{customers, transactions};
use crate::domain::{Currency, Money};

/// A customer the vendor reported, attributed to a partner when known.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: CustomerId,
    pub vendor_id: VendorId,
    pub partnership_id: Option<PartnershipId>,
    pub click_id: Option<ClickId>,
    /// The vendor's own id for the customer.
    pub external_id: String,
    pub signed_up_at: DateTime<Utc>,
}

/// Revenue the vendor reported for a customer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = transactions)]
pub struct Transaction {
    pub id: TransactionId,
    pub vendor_id: VendorId,
    pub customer_id: CustomerId,
    pub partnership_id: Option<PartnershipId>,
    amount_cents: i64,
    currency: String,
    pub occurred_at: DateTime<Utc>,
}

impl Transaction {
    /// `None` only if the stored currency is not a three-letter code,
    /// which the table's `CHECK` rules out.
    pub fn amount(&self) -> Option<Money> {
        Currency::parse(&self.currency).ok().map(|currency| Money::new(self.amount_cents, currency))
    }
}

/// The vendor's customers attributed to one partnership, newest first.
pub fn of_partnership(
    conn: &mut PgConnection,
    vendor: VendorId,
    partnership: PartnershipId,
) -> QueryResult<Vec<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::partnership_id.eq(partnership))
        .order(customers::signed_up_at.desc())
        .select(Customer::as_select())
        .load(conn)
}

/// A customer's transactions, oldest first.
pub fn transactions_of(conn: &mut PgConnection, customer: CustomerId) -> QueryResult<Vec<Transaction>> {
    transactions::table
        .filter(transactions::customer_id.eq(customer))
        .order(transactions::occurred_at.asc())
        .select(Transaction::as_select())
        .load(conn)
}
