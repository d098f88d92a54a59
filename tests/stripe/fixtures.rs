//! Stripe events as Stripe sends them, written from its API reference for
//! two generations: 2024-06-20 (an invoice names its payment intent,
//! charge and subscription; a charge names its invoice; line items carry
//! `price`) and since 2025-03-31 basil, up to the current dahlia (an
//! invoice names its subscription under `parent.subscription_details`,
//! payments come as `invoice_payment` objects, a charge has no `invoice`,
//! line items carry `pricing.price_details`). Every event has the envelope
//! Stripe gives it: `object`, `api_version`, `created`, `livemode`,
//! `pending_webhooks`, `request`, `data.previous_attributes` where Stripe
//! sends it. Signed as Stripe signs: HMAC-SHA256 over `"{t}.{body}"`.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V2024_06_20,
    Basil,
    Dahlia,
}

impl Version {
    pub const ALL: [Version; 3] = [Version::V2024_06_20, Version::Basil, Version::Dahlia];

    pub fn api_version(self) -> &'static str {
        match self {
            Version::V2024_06_20 => "2024-06-20",
            Version::Basil => "2025-03-31.basil",
            Version::Dahlia => "2026-07-29.dahlia",
        }
    }

    /// An invoice without top-level payment ids; payments as their own objects.
    pub fn modern(self) -> bool {
        self != Version::V2024_06_20
    }
}

pub fn sign(body: &str, secret: &str, timestamp: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The envelope of every event.
pub fn event(version: Version, id: &str, kind: &str, object: Value, previous: Option<Value>, live: bool) -> Value {
    let mut data = json!({ "object": object });
    if let Some(previous) = previous {
        data["previous_attributes"] = previous;
    }
    json!({
        "id": id,
        "object": "event",
        "api_version": version.api_version(),
        "created": created(),
        "data": data,
        "livemode": live,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
    })
}

fn created() -> i64 {
    chrono::Utc::now().timestamp() - 60
}

/// A Checkout Session as `checkout.session.*` events carry it.
pub struct Checkout<'a> {
    pub id: &'a str,
    pub customer: Option<&'a str>,
    pub mode: &'a str,
    pub payment_status: &'a str,
    pub amount: i64,
    pub currency: &'a str,
    pub payment_intent: Option<&'a str>,
    pub subscription: Option<&'a str>,
    pub invoice: Option<&'a str>,
    pub client_reference_id: Option<&'a str>,
    pub metadata: Value,
    pub email: &'a str,
    pub live: bool,
}

impl<'a> Checkout<'a> {
    /// A live, paid checkout of $29.00 by `customer`, nothing else set.
    pub fn paid(id: &'a str, customer: &'a str, mode: &'a str) -> Self {
        Checkout {
            id,
            customer: Some(customer),
            mode,
            payment_status: "paid",
            amount: 2900,
            currency: "usd",
            payment_intent: None,
            subscription: None,
            invoice: None,
            client_reference_id: None,
            metadata: json!({}),
            email: "jo@shop.example",
            live: true,
        }
    }

    pub fn object(&self, version: Version) -> Value {
        let mut session = json!({
            "id": self.id,
            "object": "checkout.session",
            "adaptive_pricing": {"enabled": false},
            "after_expiration": null,
            "allow_promotion_codes": null,
            "amount_subtotal": self.amount,
            "amount_total": self.amount,
            "automatic_tax": {"enabled": false, "liability": null, "status": null},
            "billing_address_collection": null,
            "cancel_url": "https://shop.example/cancel",
            "client_reference_id": self.client_reference_id,
            "client_secret": null,
            "consent": null,
            "consent_collection": null,
            "created": created() - 120,
            "currency": self.currency,
            "custom_fields": [],
            "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
            "customer": self.customer,
            "customer_creation": if self.customer.is_some() { "always" } else { "if_required" },
            "customer_details": {"address": {"city": null, "country": "DE", "line1": null, "line2": null,
                "postal_code": null, "state": null}, "email": self.email, "name": "Jo Buyer", "phone": null,
                "tax_exempt": "none", "tax_ids": []},
            "customer_email": null,
            "expires_at": created() + 86_000,
            "invoice": self.invoice,
            "invoice_creation": if self.mode == "payment" { json!({"enabled": self.invoice.is_some(), "invoice_data": {}}) } else { Value::Null },
            "livemode": self.live,
            "locale": null,
            "metadata": self.metadata,
            "mode": self.mode,
            "payment_intent": self.payment_intent,
            "payment_link": null,
            "payment_method_collection": "if_required",
            "payment_method_types": ["card", "sepa_debit"],
            "payment_status": self.payment_status,
            "phone_number_collection": {"enabled": false},
            "recovered_from": null,
            "setup_intent": null,
            "shipping_address_collection": null,
            "shipping_cost": null,
            "shipping_options": [],
            "status": "complete",
            "submit_type": null,
            "subscription": self.subscription,
            "success_url": "https://shop.example/thanks",
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "ui_mode": "hosted",
            "url": null,
        });
        if version == Version::V2024_06_20 {
            session["shipping_details"] = Value::Null;
        } else {
            session["collected_information"] = json!({"shipping_details": null});
            session["customer_account"] = Value::Null;
        }
        session
    }
}

/// An Invoice as `invoice.paid` carries it.
pub struct Invoice<'a> {
    pub id: &'a str,
    pub customer: &'a str,
    pub amount_paid: i64,
    pub currency: &'a str,
    pub subscription: &'a str,
    /// The payment intent and charge that paid it (named on the invoice
    /// before basil only).
    pub payment_intent: &'a str,
    pub charge: &'a str,
    pub subscription_metadata: Value,
    pub billing_reason: &'a str,
    pub product: &'a str,
    pub paid_at: i64,
    pub live: bool,
}

impl Invoice<'_> {
    pub fn object(&self, version: Version) -> Value {
        let line_price = if version.modern() {
            json!({"pricing": {"price_details": {"price": "price_monthly", "product": self.product},
                   "type": "price_details", "unit_amount_decimal": self.amount_paid.to_string()},
                   "parent": {"type": "subscription_item_details", "subscription_item_details": {
                       "subscription": self.subscription, "subscription_item": "si_1", "proration": false,
                       "invoice_item": null, "proration_details": {"credited_items": null}}}})
        } else {
            json!({"price": {"id": "price_monthly", "object": "price", "active": true, "currency": self.currency,
                   "product": self.product, "recurring": {"interval": "month", "interval_count": 1},
                   "type": "recurring", "unit_amount": self.amount_paid}, "subscription": self.subscription,
                   "proration": false, "type": "subscription"})
        };
        let mut line = json!({"id": "il_1", "object": "line_item", "amount": self.amount_paid,
            "currency": self.currency, "description": "1 × Pro (at $29.00 / month)", "discountable": true,
            "discounts": [], "invoice": self.id, "livemode": self.live, "metadata": {},
            "period": {"end": self.paid_at + 2_592_000, "start": self.paid_at}, "quantity": 1});
        if let (Some(line), Some(price)) = (line.as_object_mut(), line_price.as_object()) {
            line.extend(price.clone());
        }
        let mut invoice = json!({
            "id": self.id,
            "object": "invoice",
            "account_country": "DE",
            "account_name": "Acme",
            "amount_due": self.amount_paid,
            "amount_overpaid": 0,
            "amount_paid": self.amount_paid,
            "amount_remaining": 0,
            "amount_shipping": 0,
            "attempt_count": 1,
            "attempted": true,
            "auto_advance": false,
            "billing_reason": self.billing_reason,
            "collection_method": "charge_automatically",
            "created": self.paid_at - 5,
            "currency": self.currency,
            "customer": self.customer,
            "customer_email": "jo@shop.example",
            "customer_name": "Jo Buyer",
            "description": null,
            "discounts": [],
            "hosted_invoice_url": "https://invoice.stripe.com/i/acct_1/test",
            "lines": {"object": "list", "data": [line], "has_more": false, "total_count": 1,
                      "url": format!("/v1/invoices/{}/lines", self.id)},
            "livemode": self.live,
            "metadata": {},
            "number": "ABCD-0001",
            "period_end": self.paid_at,
            "period_start": self.paid_at,
            "status": "paid",
            "status_transitions": {"finalized_at": self.paid_at - 4, "marked_uncollectible_at": null,
                                   "paid_at": self.paid_at, "voided_at": null},
            "subtotal": self.amount_paid,
            "total": self.amount_paid,
        });
        let object = invoice.as_object_mut().unwrap();
        if version.modern() {
            object.insert(
                "parent".into(),
                json!({"type": "subscription_details", "quote_details": null,
                "subscription_details": {"metadata": self.subscription_metadata, "subscription": self.subscription}}),
            );
            object.insert("total_taxes".into(), json!([]));
            object.insert("customer_account".into(), Value::Null);
        } else {
            object.insert("charge".into(), json!(self.charge));
            object.insert("payment_intent".into(), json!(self.payment_intent));
            object.insert("subscription".into(), json!(self.subscription));
            object.insert("subscription_details".into(), json!({"metadata": self.subscription_metadata}));
            object.insert("paid".into(), json!(true));
            object.insert("tax".into(), Value::Null);
        }
        invoice
    }

    /// `invoice.paid` says what changed: it was open.
    pub fn previous() -> Value {
        json!({"amount_paid": 0, "amount_remaining": 2900, "attempted": false, "status": "open",
               "status_transitions": {"paid_at": null}})
    }
}

/// An InvoicePayment as `invoice_payment.paid` carries it (basil and later).
pub fn invoice_payment(
    id: &str,
    invoice: &str,
    payment_intent: &str,
    amount: i64,
    currency: &str,
    live: bool,
) -> Value {
    json!({
        "id": id,
        "object": "invoice_payment",
        "amount_paid": amount,
        "amount_requested": amount,
        "created": created(),
        "currency": currency,
        "invoice": invoice,
        "is_default": true,
        "livemode": live,
        "payment": {"type": "payment_intent", "payment_intent": payment_intent},
        "status": "paid",
        "status_transitions": {"canceled_at": null, "paid_at": created()},
    })
}

/// A Charge as `charge.refunded` carries it.
pub struct Charge<'a> {
    pub id: &'a str,
    pub payment_intent: &'a str,
    /// Named on the charge before basil only.
    pub invoice: Option<&'a str>,
    pub customer: Option<&'a str>,
    pub amount: i64,
    pub amount_refunded: i64,
    pub currency: &'a str,
    pub live: bool,
}

impl Charge<'_> {
    pub fn object(&self, version: Version) -> Value {
        let mut charge = json!({
            "id": self.id,
            "object": "charge",
            "amount": self.amount,
            "amount_captured": self.amount,
            "amount_refunded": self.amount_refunded,
            "balance_transaction": "txn_1",
            "billing_details": {"email": "jo@shop.example", "name": "Jo Buyer"},
            "captured": true,
            "created": created() - 300,
            "currency": self.currency,
            "customer": self.customer,
            "description": null,
            "disputed": false,
            "livemode": self.live,
            "metadata": {},
            "outcome": {"network_status": "approved_by_network", "risk_level": "normal", "seller_message": "Payment complete.", "type": "authorized"},
            "paid": true,
            "payment_intent": self.payment_intent,
            "payment_method": "pm_1",
            "receipt_email": null,
            "refunded": self.amount_refunded == self.amount,
            "status": "succeeded",
        });
        if version == Version::V2024_06_20 {
            charge["invoice"] = json!(self.invoice);
        }
        charge
    }

    /// `charge.refunded` says what the refunded total was before.
    pub fn previous(refunded_before: i64) -> Value {
        json!({"amount_refunded": refunded_before, "refunded": false})
    }
}
