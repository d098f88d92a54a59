//! What a Stripe event says, read from the shapes Stripe sends in every
//! API version still in use: up to 2025-02-24 (2024-06-20 and earlier)
//! and since 2025-03-31 ("basil", then "clover" and "dahlia"), where an
//! invoice no longer names its payment intent, charge or subscription at
//! the top level and a charge no longer names its invoice.
//!
//! * `checkout.session.completed` and `…async_payment_succeeded`: a
//!   customer (the Stripe customer, or the session for a guest), credited
//!   by `metadata.pd_click`, `metadata.pd_partner` or a
//!   `client_reference_id` shaped like our click ids; in `payment` mode a
//!   sale of `amount_total` once `payment_status` is `paid` (a delayed
//!   method reports `unpaid` first);
//! * `checkout.session.async_payment_failed`: nothing;
//! * `invoice.paid`: a sale of `amount_paid` for the invoice's customer
//!   (renewals included), credited by the invoice's or its subscription's
//!   metadata (`subscription_details` before basil,
//!   `parent.subscription_details` since);
//! * `invoice_payment.paid` (basil and later): which payment intent or
//!   charge paid an invoice;
//! * `charge.refunded`: the charge's refunded total so far.
//!
//! A sale is keyed by its invoice when it has one, else by its payment
//! intent, else by its checkout session: the same key whichever event
//! reports it. Its other ids are kept as references, so a refund that
//! names only a charge or payment intent finds it.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::conversions::record::{SaleReport, Signup};
use crate::domain::{Currency, Money};

/// The events a vendor subscribes their endpoint to.
pub const SUBSCRIBED: [&str; 6] = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "invoice.paid",
    "invoice_payment.paid",
    "charge.refunded",
];

/// Longest text kept from an event (names, emails, products).
const TEXT_MAX: usize = 200;

/// An event, once read.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub livemode: bool,
    pub api_version: Option<String>,
    pub fact: Fact,
}

/// A sale as Stripe reports it: its key and its other ids.
#[derive(Debug, Clone)]
pub struct StripeSale {
    pub report: SaleReport,
    pub references: Vec<String>,
}

impl StripeSale {
    /// Every id the sale goes by.
    pub fn names(&self) -> Vec<String> {
        std::iter::once(self.report.key.clone()).chain(self.references.iter().cloned()).collect()
    }
}

/// A charge's refunded total, as Stripe keeps it.
#[derive(Debug, Clone)]
pub struct ChargeRefund {
    pub charge: String,
    pub payment_intent: Option<String>,
    /// Named on charges before API version 2025-03-31.
    pub invoice: Option<String>,
    pub refunded: Money,
}

#[derive(Debug, Clone)]
pub enum Fact {
    /// A customer (who signed up `at`), with the sale when the checkout is paid.
    Checkout {
        signup: Signup,
        sale: Option<StripeSale>,
        payment_status: String,
        at: DateTime<Utc>,
    },
    /// A paid invoice: a sale for its customer.
    InvoicePaid {
        signup: Signup,
        sale: StripeSale,
    },
    /// The invoice `invoice` was paid by the payment intent or charge `by`.
    InvoicePayment {
        invoice: String,
        by: Vec<String>,
    },
    ChargeRefunded(ChargeRefund),
    /// Nothing to record, and why.
    Ignored(String),
}

/// Reads an event; `None` when the body is not a Stripe event.
pub fn read(body: &[u8]) -> Option<Event> {
    let event: Value = serde_json::from_slice(body).ok()?;
    let id = text(&event, "/id")?;
    let kind = text(&event, "/type")?;
    let object = event.pointer("/data/object")?;
    let at = event.get("created").and_then(Value::as_i64).and_then(|t| DateTime::from_timestamp(t, 0));
    let at = at.unwrap_or_else(Utc::now);
    let fact = match kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => checkout(object, at),
        "checkout.session.async_payment_failed" => {
            Some(Fact::Ignored("The delayed payment failed: no sale is recorded.".into()))
        }
        "invoice.paid" => invoice_paid(object, at),
        "invoice_payment.paid" => invoice_payment(object),
        "charge.refunded" => charge_refunded(object),
        _ => Some(Fact::Ignored("Partnerdesk does not use this kind of event.".into())),
    }
    .unwrap_or_else(|| {
        Fact::Ignored("The event lacks what Partnerdesk needs (an id, an amount or a customer).".into())
    });
    Some(Event {
        id,
        kind,
        livemode: event.get("livemode").and_then(Value::as_bool).unwrap_or(true),
        api_version: text(&event, "/api_version"),
        fact,
    })
}

/// A non-empty string at `pointer`, without control characters (a NUL
/// would be refused by the database on every retry), at most
/// [`TEXT_MAX`] characters.
fn text(object: &Value, pointer: &str) -> Option<String> {
    let raw = object.pointer(pointer)?.as_str()?;
    let clean: String = raw.chars().filter(|c| !c.is_control()).take(TEXT_MAX).collect();
    let clean = clean.trim().to_string();
    (!clean.is_empty()).then_some(clean)
}

fn first_text(object: &Value, pointers: &[&str]) -> Option<String> {
    pointers.iter().find_map(|pointer| text(object, pointer))
}

fn money(object: &Value, amount: &str) -> Option<Money> {
    let amount = stripe_amount(object.get(amount)?.as_i64()?, object.get("currency")?.as_str()?)?;
    (amount.cents > 0).then_some(amount)
}

/// Stripe's amount in ISO 4217's minor unit. Stripe writes amounts in
/// the ISO minor unit except for the Icelandic króna, which it keeps as a
/// two-decimal currency (100 is 1 króna) where ISO 4217 has none.
fn stripe_amount(amount: i64, code: &str) -> Option<Money> {
    let currency = Currency::parse(code).ok()?;
    let amount = if currency.code() == "ISK" { amount / 100 } else { amount };
    Some(Money::new(amount, currency))
}

/// Our click ids are 16 characters of URL-safe base64; a shop's own
/// reference (a user id, an order number) is not looked up.
fn could_be_click_id(reference: &str) -> bool {
    reference.len() == 16 && reference.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn checkout(session: &Value, at: DateTime<Utc>) -> Option<Fact> {
    let session_id = text(session, "/id")?;
    let reference = text(session, "/client_reference_id").filter(|r| could_be_click_id(r));
    let signup = Signup {
        key: first_text(session, &["/customer", "/customer_account"]).unwrap_or_else(|| session_id.clone()),
        email: first_text(session, &["/customer_details/email", "/customer_email"]),
        name: text(session, "/customer_details/name"),
        click_id: text(session, "/metadata/pd_click").or(reference),
        partner_code: text(session, "/metadata/pd_partner"),
    };
    let payment_status = text(session, "/payment_status").unwrap_or_default();
    let paid = payment_status == "paid";
    let sale = match (text(session, "/mode").as_deref(), paid) {
        (Some("payment"), true) => money(session, "amount_total").map(|amount| {
            let (invoice, intent) = (text(session, "/invoice"), text(session, "/payment_intent"));
            let key = invoice.clone().or(intent.clone()).unwrap_or_else(|| session_id.clone());
            sale_of(key, [invoice, intent, Some(session_id)], amount, (at, None))
        }),
        _ => None,
    };
    Some(Fact::Checkout { signup, sale, payment_status, at })
}

/// A sale keyed by `key`, known also by the other `ids`.
fn sale_of(
    key: String,
    ids: impl IntoIterator<Item = Option<String>>,
    amount: Money,
    (at, product): (DateTime<Utc>, Option<String>),
) -> StripeSale {
    let mut references: Vec<String> = Vec::new();
    for id in ids.into_iter().flatten() {
        if id != key && !references.contains(&id) {
            references.push(id);
        }
    }
    StripeSale { report: SaleReport { key, amount, at, product }, references }
}

/// Where the subscription's metadata is: under `parent` since basil,
/// at the top level before.
const SUBSCRIPTION_METADATA: [&str; 2] = ["/parent/subscription_details/metadata", "/subscription_details/metadata"];

fn invoice_paid(invoice: &Value, at: DateTime<Utc>) -> Option<Fact> {
    let invoice_id = text(invoice, "/id")?;
    let amount = money(invoice, "amount_paid")?;
    let paid_at = invoice.pointer("/status_transitions/paid_at").and_then(Value::as_i64);
    let metadata = |key: &str| {
        let pointers: Vec<String> = std::iter::once("/metadata".to_string())
            .chain(SUBSCRIPTION_METADATA.iter().map(|p| p.to_string()))
            .map(|p| format!("{p}/{key}"))
            .collect();
        pointers.iter().find_map(|pointer| text(invoice, pointer))
    };
    let signup = Signup {
        key: first_text(invoice, &["/customer", "/customer_account"])?,
        email: text(invoice, "/customer_email"),
        name: text(invoice, "/customer_name"),
        click_id: metadata("pd_click"),
        partner_code: metadata("pd_partner"),
    };
    let product = first_text(invoice, &["/lines/data/0/pricing/price_details/product", "/lines/data/0/price/product"]);
    let mut ids = vec![text(invoice, "/payment_intent"), text(invoice, "/charge")];
    ids.extend(payments_of(invoice).into_iter().map(Some));
    let at = paid_at.and_then(|t| DateTime::from_timestamp(t, 0)).unwrap_or(at);
    Some(Fact::InvoicePaid { signup, sale: sale_of(invoice_id, ids, amount, (at, product)) })
}

/// The payment intents and charges of an invoice's `payments`, when the
/// event carries them (an expanded list, basil and later).
fn payments_of(invoice: &Value) -> Vec<String> {
    let Some(payments) = invoice.pointer("/payments/data").and_then(Value::as_array) else { return Vec::new() };
    payments
        .iter()
        .flat_map(|payment| [text(payment, "/payment/payment_intent"), text(payment, "/payment/charge")])
        .flatten()
        .collect()
}

fn invoice_payment(payment: &Value) -> Option<Fact> {
    let invoice = text(payment, "/invoice")?;
    let by: Vec<String> =
        [text(payment, "/payment/payment_intent"), text(payment, "/payment/charge")].into_iter().flatten().collect();
    if by.is_empty() {
        return Some(Fact::Ignored("The invoice was paid outside Stripe's payments: nothing to link.".into()));
    }
    Some(Fact::InvoicePayment { invoice, by })
}

fn charge_refunded(charge: &Value) -> Option<Fact> {
    let cents = charge.get("amount_refunded")?.as_i64().filter(|cents| *cents >= 0)?;
    Some(Fact::ChargeRefunded(ChargeRefund {
        charge: text(charge, "/id")?,
        payment_intent: text(charge, "/payment_intent"),
        invoice: text(charge, "/invoice"),
        refunded: stripe_amount(cents, charge.get("currency")?.as_str()?)?,
    }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Fact, read};

    fn fact(event: serde_json::Value) -> Fact {
        read(event.to_string().as_bytes()).map(|event| event.fact).unwrap_or(Fact::Ignored("unreadable".into()))
    }

    #[test]
    fn a_paid_checkout_is_a_customer_with_its_click_and_a_sale_keyed_by_its_payment_intent() {
        let Fact::Checkout { signup, sale: Some(sale), .. } = fact(json!({"id": "evt_1",
            "type": "checkout.session.completed", "created": 1_700_000_000, "livemode": true,
            "data": {"object": {"id": "cs_1", "mode": "payment", "payment_status": "paid", "customer": "cus_1",
            "amount_total": 4900, "currency": "usd", "payment_intent": "pi_1", "client_reference_id": "AbCdEfGhIjKlMnOp",
            "customer_details": {"email": "b@shop.example", "name": "B"}}}}))
        else {
            panic!()
        };
        assert_eq!((signup.key.as_str(), signup.click_id.as_deref()), ("cus_1", Some("AbCdEfGhIjKlMnOp")));
        assert_eq!((sale.report.key.as_str(), sale.report.amount.cents), ("pi_1", 4900));
        assert_eq!(sale.references, ["cs_1"]);
    }

    #[test]
    fn an_unpaid_checkout_is_a_customer_without_a_sale_and_a_shops_own_reference_is_no_click_id() {
        let Fact::Checkout { signup, sale, payment_status, .. } = fact(json!({"id": "evt_2",
            "type": "checkout.session.completed", "data": {"object": {"id": "cs_2", "mode": "payment",
            "payment_status": "unpaid", "customer": "cus_2", "amount_total": 900, "currency": "eur",
            "client_reference_id": "user_123"}}}))
        else {
            panic!()
        };
        assert!(sale.is_none());
        assert_eq!((payment_status.as_str(), signup.click_id), ("unpaid", None));
    }

    #[test]
    fn a_basil_invoice_is_keyed_by_itself_and_credited_by_its_subscriptions_metadata() {
        let Fact::InvoicePaid { signup, sale } = fact(json!({"id": "evt_3", "type": "invoice.paid",
            "api_version": "2025-03-31.basil", "data": {"object": {"id": "in_1", "customer": "cus_3",
            "amount_paid": 2900, "currency": "usd",
            "parent": {"type": "subscription_details", "subscription_details": {"subscription": "sub_1",
                "metadata": {"pd_partner": "pat"}}},
            "lines": {"data": [{"pricing": {"price_details": {"price": "price_1", "product": "prod_1"}}}]}}}}))
        else {
            panic!()
        };
        assert_eq!((sale.report.key.as_str(), sale.references.len()), ("in_1", 0));
        assert_eq!((signup.partner_code.as_deref(), sale.report.product.as_deref()), (Some("pat"), Some("prod_1")));
    }

    #[test]
    fn an_older_invoice_names_its_payment_intent_and_charge_as_references() {
        let Fact::InvoicePaid { sale, signup } = fact(json!({"id": "evt_4", "type": "invoice.paid",
            "data": {"object": {"id": "in_2", "customer": "cus_4", "amount_paid": 2900, "currency": "usd",
            "payment_intent": "pi_2", "charge": "ch_2", "subscription": "sub_2",
            "subscription_details": {"metadata": {"pd_click": "clickFromSub1234"}}}}}))
        else {
            panic!()
        };
        assert_eq!(sale.names(), ["in_2", "pi_2", "ch_2"]);
        assert_eq!(signup.click_id.as_deref(), Some("clickFromSub1234"));
    }

    #[test]
    fn amounts_keep_stripes_minor_units_but_the_krona_which_stripe_writes_with_two_decimals() {
        let paid = |currency: &str, amount: i64| match fact(json!({"id": "evt_7", "type": "invoice.paid",
            "data": {"object": {"id": "in_7", "customer": "cus_7", "amount_paid": amount, "currency": currency}}}))
        {
            Fact::InvoicePaid { sale, .. } => {
                (sale.report.amount.cents, sale.report.amount.currency.code().to_string())
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(paid("jpy", 1000), (1000, "JPY".into()));
        assert_eq!(paid("kwd", 2468), (2468, "KWD".into()));
        assert_eq!(paid("isk", 500_000), (5000, "ISK".into()));
        assert!(matches!(
            fact(json!({"id": "evt_8", "type": "invoice.paid",
            "data": {"object": {"id": "in_8", "customer": "cus_8", "amount_paid": 100, "currency": "abc"}}})),
            Fact::Ignored(_)
        ));
    }

    #[test]
    fn control_characters_are_dropped_and_other_events_are_ignored() {
        let Fact::Checkout { signup, .. } = fact(json!({"id": "evt_5", "type": "checkout.session.completed",
            "data": {"object": {"id": "cs_5", "mode": "subscription", "customer": "cus_5",
            "customer_details": {"name": "Nul\u{0}Name"}}}}))
        else {
            panic!()
        };
        assert_eq!(signup.name.as_deref(), Some("NulName"));
        assert!(matches!(
            fact(json!({"id": "evt_6", "type": "customer.created", "data": {"object": {}}})),
            Fact::Ignored(_)
        ));
        assert!(read(b"not json").is_none());
    }
}
