//! Customers, their sales and refunds. The Customers page's lines are in
//! `lines.rs`, the facts attribution decides on in `evidence.rs`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::attribution::Decision;
use crate::db::ids::{AdId, ClickId, CustomerId, LinkId, PartnershipId, TransactionId, VendorId};
use crate::db::schema::{clicks, customers, partnerships, refunds, transactions};
use crate::db::states::AttributionSource;
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
    pub email: Option<String>,
    pub name: Option<String>,
    pub attribution: AttributionSource,
    pub reason: String,
    pub self_referral: bool,
    /// The click the customer came through, when credited by a click.
    pub clicked_at: Option<DateTime<Utc>>,
    pub link_id: Option<LinkId>,
    pub ad_id: Option<AdId>,
}

impl Customer {
    /// Stored with no partner and nothing that decided against one: the
    /// first report carried no usable click id or partner code.
    pub fn awaits_evidence(&self) -> bool {
        self.partnership_id.is_none() && !self.self_referral && self.attribution == AttributionSource::None
    }
}

/// A sale the vendor reported for a customer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = transactions)]
pub struct Sale {
    pub id: TransactionId,
    pub vendor_id: VendorId,
    pub customer_id: CustomerId,
    pub partnership_id: Option<PartnershipId>,
    amount_cents: i64,
    currency: String,
    pub occurred_at: DateTime<Utc>,
    pub sale_key: String,
    pub product: Option<String>,
    refunded_cents: i64,
}

impl Sale {
    pub fn currency(&self) -> Currency {
        Currency::stored(&self.currency)
    }

    pub fn amount(&self) -> Money {
        Money::new(self.amount_cents, self.currency())
    }

    pub fn refunded(&self) -> Money {
        Money::new(self.refunded_cents, self.currency())
    }

    /// What is left to refund.
    pub fn refundable(&self) -> Money {
        Money::new(self.amount_cents - self.refunded_cents, self.currency())
    }
}

/// A refund of (part of) a sale.
#[derive(Debug, Clone, Queryable)]
pub struct Refund {
    pub sale_key: String,
    pub amount_cents: i64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
}

impl Refund {
    pub fn amount(&self) -> Money {
        Money::new(self.amount_cents, Currency::stored(&self.currency))
    }
}

/// A new customer as the API or Stripe reported it.
pub struct NewCustomer<'a> {
    pub vendor: VendorId,
    pub key: &'a str,
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub decision: &'a Decision,
}

/// Stores the customer unless the vendor already has one with this key:
/// `None` then, and the first record stands.
pub fn insert_customer(conn: &mut PgConnection, new: &NewCustomer) -> QueryResult<Option<Customer>> {
    diesel::insert_into(customers::table)
        .values((
            customers::vendor_id.eq(new.vendor),
            customers::external_id.eq(new.key),
            customers::email.eq(new.email),
            customers::name.eq(new.name),
            customers::signed_up_at.eq(new.at),
            customers::partnership_id.eq(new.decision.partnership),
            customers::click_id.eq(new.decision.click.map(|click| click.id)),
            customers::clicked_at.eq(new.decision.click.map(|click| click.at)),
            customers::link_id.eq(new.decision.click.map(|click| click.link)),
            customers::ad_id.eq(new.decision.click.and_then(|click| click.ad)),
            customers::attribution.eq(new.decision.source),
            customers::reason.eq(&new.decision.reason),
            customers::self_referral.eq(new.decision.self_referral),
        ))
        .on_conflict((customers::vendor_id, customers::external_id))
        .do_nothing()
        .returning(Customer::as_returning())
        .get_result(conn)
        .optional()
}

pub fn customer_by_key(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::external_id.eq(key))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer, locked until the transaction ends: reports of one
/// customer queue up, so a late credit is given once.
pub fn lock_customer(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::external_id.eq(key))
        .select(Customer::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// What a later report adds to a stored customer: a missing email or
/// name, and an earlier signup time.
pub fn fill_in(
    conn: &mut PgConnection,
    customer: &Customer,
    email: Option<&str>,
    name: Option<&str>,
    at: DateTime<Utc>,
) -> QueryResult<Customer> {
    let adds_something = (customer.email.is_none() && email.is_some())
        || (customer.name.is_none() && name.is_some())
        || at < customer.signed_up_at;
    if !adds_something {
        return Ok(customer.clone());
    }
    diesel::update(customers::table.find(customer.id))
        .set((
            customers::email.eq(customer.email.as_deref().or(email)),
            customers::name.eq(customer.name.as_deref().or(name)),
            customers::signed_up_at.eq(at.min(customer.signed_up_at)),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
}

pub fn customer_by_id(conn: &mut PgConnection, vendor: VendorId, id: CustomerId) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::id.eq(id))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The partner code of a partnership, for answers and pages.
pub fn partner_code(conn: &mut PgConnection, partnership: Option<PartnershipId>) -> QueryResult<Option<String>> {
    let Some(id) = partnership else { return Ok(None) };
    partnerships::table.find(id).select(partnerships::code).first(conn).optional()
}

/// The public id of a stored click.
pub fn click_public_id(conn: &mut PgConnection, click: Option<ClickId>) -> QueryResult<Option<String>> {
    let Some(id) = click else { return Ok(None) };
    Ok(clicks::table.find(id).select(clicks::public_id).first::<Option<String>>(conn).optional()?.flatten())
}

/// A sale as reported.
pub struct NewSale<'a> {
    pub customer: &'a Customer,
    pub key: &'a str,
    pub amount: Money,
    pub at: DateTime<Utc>,
    pub product: Option<&'a str>,
}

/// Stores the sale, credited to the customer's partner, unless the vendor
/// already has a sale with this key (`None`).
pub fn insert_sale(conn: &mut PgConnection, new: &NewSale) -> QueryResult<Option<Sale>> {
    diesel::insert_into(transactions::table)
        .values((
            transactions::vendor_id.eq(new.customer.vendor_id),
            transactions::customer_id.eq(new.customer.id),
            transactions::partnership_id.eq(new.customer.partnership_id),
            transactions::amount_cents.eq(new.amount.cents),
            transactions::currency.eq(new.amount.currency.code()),
            transactions::occurred_at.eq(new.at),
            transactions::sale_key.eq(new.key),
            transactions::product.eq(new.product),
        ))
        .on_conflict((transactions::vendor_id, transactions::sale_key))
        .do_nothing()
        .returning(Sale::as_returning())
        .get_result(conn)
        .optional()
}

pub fn sale_by_key(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Sale>> {
    transactions::table
        .filter(transactions::vendor_id.eq(vendor))
        .filter(transactions::sale_key.eq(key))
        .select(Sale::as_select())
        .first(conn)
        .optional()
}

pub fn sale_by_id(conn: &mut PgConnection, id: TransactionId) -> QueryResult<Sale> {
    transactions::table.find(id).select(Sale::as_select()).first(conn)
}

/// The sale, locked until the transaction ends: refunds of one sale queue up.
pub fn lock_sale(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Sale>> {
    transactions::table
        .filter(transactions::vendor_id.eq(vendor))
        .filter(transactions::sale_key.eq(key))
        .select(Sale::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Records a refund of `cents` of a locked sale. `None` when the refund key
/// was already used.
pub fn insert_refund(conn: &mut PgConnection, sale: &Sale, cents: i64, key: Option<&str>) -> QueryResult<Option<Sale>> {
    let inserted = diesel::insert_into(refunds::table)
        .values((
            refunds::vendor_id.eq(sale.vendor_id),
            refunds::transaction_id.eq(sale.id),
            refunds::amount_cents.eq(cents),
            refunds::refund_key.eq(key),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Ok(None);
    }
    diesel::update(transactions::table.find(sale.id))
        .set(transactions::refunded_cents.eq(transactions::refunded_cents + cents))
        .returning(Sale::as_returning())
        .get_result(conn)
        .map(Some)
}

pub fn refund_key_used(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        refunds::table.filter(refunds::vendor_id.eq(vendor)).filter(refunds::refund_key.eq(key)),
    ))
    .get_result(conn)
}

/// A customer's sales, oldest first.
pub fn sales_of(conn: &mut PgConnection, customer: CustomerId) -> QueryResult<Vec<Sale>> {
    transactions::table
        .filter(transactions::customer_id.eq(customer))
        .order((transactions::occurred_at.asc(), transactions::id.asc()))
        .select(Sale::as_select())
        .load(conn)
}

/// A customer's refunds, oldest first.
pub fn refunds_of(conn: &mut PgConnection, customer: CustomerId) -> QueryResult<Vec<Refund>> {
    refunds::table
        .inner_join(transactions::table)
        .filter(transactions::customer_id.eq(customer))
        .order((refunds::created_at.asc(), refunds::id.asc()))
        .select((transactions::sale_key, refunds::amount_cents, transactions::currency, refunds::created_at))
        .load(conn)
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

/// Credits a customer who has no partner, and their sales so far, as
/// `decision` says (or flags the self-referral it found); `None` when the
/// customer was credited meanwhile.
pub fn credit(conn: &mut PgConnection, customer: CustomerId, decision: &Decision) -> QueryResult<Option<Customer>> {
    let credited: Option<Customer> = diesel::update(customers::table.find(customer))
        .filter(customers::partnership_id.is_null())
        .set((
            customers::partnership_id.eq(decision.partnership),
            customers::click_id.eq(decision.click.map(|click| click.id)),
            customers::clicked_at.eq(decision.click.map(|click| click.at)),
            customers::link_id.eq(decision.click.map(|click| click.link)),
            customers::ad_id.eq(decision.click.and_then(|click| click.ad)),
            customers::attribution.eq(decision.source),
            customers::reason.eq(&decision.reason),
            customers::self_referral.eq(decision.self_referral),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
        .optional()?;
    if let Some(partnership) = credited.as_ref().and_then(|c| c.partnership_id) {
        diesel::update(transactions::table.filter(transactions::customer_id.eq(customer)))
            .set(transactions::partnership_id.eq(partnership))
            .execute(conn)?;
    }
    Ok(credited)
}

/// Where a click came in: its time, link and ad, for the customer's page.
#[derive(Debug, Clone, Queryable)]
pub struct ClickOrigin {
    pub clicked_at: DateTime<Utc>,
    pub link_title: String,
    pub ad_name: Option<String>,
}

/// Read from the customer's own copy of the click, which outlives the raw click.
pub fn click_origin(conn: &mut PgConnection, customer: &Customer) -> QueryResult<Option<ClickOrigin>> {
    use crate::db::schema::{ads, links};
    let (Some(clicked_at), Some(link)) = (customer.clicked_at, customer.link_id) else { return Ok(None) };
    let link_title = links::table.find(link).select(links::title).first(conn)?;
    let ad_name = match customer.ad_id {
        Some(ad) => ads::table.find(ad).select(ads::name).first(conn).optional()?,
        None => None,
    };
    Ok(Some(ClickOrigin { clicked_at, link_title, ad_name }))
}
