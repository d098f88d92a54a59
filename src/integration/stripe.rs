//! What a Stripe event means for the program, read from Stripe's
//! documented event shapes:
//!
//! * `checkout.session.completed`: a signup (the Stripe customer, or the
//!   session when there is none), attributed by `metadata.pd_click` or
//!   `client_reference_id`; in `payment` mode also a sale of `amount_total`
//!   (in `subscription` mode the first invoice's `invoice.paid` brings it);
//! * `invoice.paid`: a sale of `amount_paid` for the invoice's customer, so
//!   renewals count;
//! * `charge.refunded`: a refund up to the charge's `amount_refunded`.
//!
//! A sale is keyed by its PaymentIntent when Stripe gives one (a refund's
//! charge names it), else by the invoice or session id.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::customers::record::{SaleReport, Signup};
use crate::domain::{Currency, Money};

/// An event, once read.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub action: Action,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// A new customer, perhaps with a first sale.
    Checkout { signup: Signup, sale: Option<SaleReport> },
    /// A sale for a customer who may be new.
    InvoicePaid { signup: Signup, sale: SaleReport },
    /// The sale keyed by any of `sale_keys` is refunded up to `refunded_cents` in all.
    Refund { sale_keys: Vec<String>, refunded_cents: i64 },
    /// Nothing to record.
    Ignored,
}

/// Reads an event; `None` when the body is not a Stripe event.
pub fn read(body: &[u8]) -> Option<Event> {
    let event: Value = serde_json::from_slice(body).ok()?;
    let id = event.get("id")?.as_str()?.to_string();
    let kind = event.get("type")?.as_str()?.to_string();
    let object = event.pointer("/data/object")?;
    let created = event.get("created").and_then(Value::as_i64).and_then(|t| DateTime::from_timestamp(t, 0));
    let at = created.unwrap_or_else(Utc::now);
    let action = match kind.as_str() {
        "checkout.session.completed" => checkout(object, at),
        "invoice.paid" => invoice_paid(object, at),
        "charge.refunded" => refund(object),
        _ => Some(Action::Ignored),
    }
    .unwrap_or(Action::Ignored);
    Some(Event { id, kind, action })
}

fn text(object: &Value, pointer: &str) -> Option<String> {
    object.pointer(pointer).and_then(Value::as_str).map(str::to_string).filter(|s| !s.is_empty())
}

fn money(object: &Value, amount: &str) -> Option<Money> {
    let cents = object.get(amount)?.as_i64().filter(|cents| *cents > 0)?;
    let currency = Currency::parse(object.get("currency")?.as_str()?).ok()?;
    Some(Money::new(cents, currency))
}

fn checkout(session: &Value, at: DateTime<Utc>) -> Option<Action> {
    let session_id = text(session, "/id")?;
    let signup = Signup {
        key: text(session, "/customer").unwrap_or_else(|| session_id.clone()),
        email: text(session, "/customer_details/email"),
        name: text(session, "/customer_details/name"),
        click_id: text(session, "/metadata/pd_click").or_else(|| text(session, "/client_reference_id")),
        partner_code: text(session, "/metadata/pd_partner"),
    };
    let sale = match text(session, "/mode").as_deref() {
        Some("payment") => money(session, "amount_total").map(|amount| SaleReport {
            key: text(session, "/payment_intent").unwrap_or(session_id),
            amount,
            at,
            product: None,
        }),
        _ => None,
    };
    Some(Action::Checkout { signup, sale })
}

fn invoice_paid(invoice: &Value, at: DateTime<Utc>) -> Option<Action> {
    let invoice_id = text(invoice, "/id")?;
    let amount = money(invoice, "amount_paid")?;
    let paid_at = invoice.pointer("/status_transitions/paid_at").and_then(Value::as_i64);
    let signup = Signup {
        key: text(invoice, "/customer")?,
        email: text(invoice, "/customer_email"),
        name: text(invoice, "/customer_name"),
        click_id: text(invoice, "/metadata/pd_click"),
        partner_code: None,
    };
    let sale = SaleReport {
        key: text(invoice, "/payment_intent").unwrap_or(invoice_id),
        amount,
        at: paid_at.and_then(|t| DateTime::from_timestamp(t, 0)).unwrap_or(at),
        product: text(invoice, "/lines/data/0/price/product"),
    };
    Some(Action::InvoicePaid { signup, sale })
}

fn refund(charge: &Value) -> Option<Action> {
    let sale_keys: Vec<String> =
        ["/payment_intent", "/invoice", "/id"].iter().filter_map(|pointer| text(charge, pointer)).collect();
    let refunded_cents = charge.get("amount_refunded")?.as_i64()?;
    Some(Action::Refund { sale_keys, refunded_cents })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Action, read};

    #[test]
    fn a_paid_checkout_is_a_signup_with_its_click_and_a_sale_keyed_by_its_payment_intent() {
        let body = json!({"id": "evt_1", "type": "checkout.session.completed", "created": 1_700_000_000,
            "data": {"object": {"id": "cs_1", "mode": "payment", "customer": "cus_1", "amount_total": 4900,
            "currency": "usd", "payment_intent": "pi_1", "client_reference_id": "click123",
            "customer_details": {"email": "b@shop.example", "name": "B"}}}});
        let event = read(body.to_string().as_bytes()).unwrap();
        let Action::Checkout { signup, sale: Some(sale) } = event.action else { panic!("{event:?}") };
        assert_eq!((signup.key.as_str(), signup.click_id.as_deref()), ("cus_1", Some("click123")));
        assert_eq!((sale.key.as_str(), sale.amount.cents, sale.amount.currency.code()), ("pi_1", 4900, "USD"));
    }

    #[test]
    fn a_subscription_checkout_leaves_the_sale_to_its_invoice_and_other_events_are_ignored() {
        let body = json!({"id": "evt_2", "type": "checkout.session.completed",
            "data": {"object": {"id": "cs_2", "mode": "subscription", "customer": "cus_2", "amount_total": 900, "currency": "eur"}}});
        assert!(matches!(read(body.to_string().as_bytes()).unwrap().action, Action::Checkout { sale: None, .. }));
        let tagged = json!({"id": "evt_4", "type": "checkout.session.completed",
            "data": {"object": {"id": "cs_4", "mode": "payment", "metadata": {"pd_click": "fromMetadata"}}}});
        let Action::Checkout { signup, sale } = read(tagged.to_string().as_bytes()).unwrap().action else { panic!() };
        assert_eq!(
            (signup.key.as_str(), signup.click_id.as_deref()),
            ("cs_4", Some("fromMetadata")),
            "no customer: the session"
        );
        assert!(sale.is_none(), "no amount, no sale");
        let other = json!({"id": "evt_3", "type": "customer.created", "data": {"object": {}}});
        assert!(matches!(read(other.to_string().as_bytes()).unwrap().action, Action::Ignored));
        assert!(read(b"not json").is_none());
    }
}
