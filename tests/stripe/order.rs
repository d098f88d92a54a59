//! Stripe neither orders nor deduplicates deliveries. For generated
//! stories (a checkout, paid at once or by a delayed method; or a
//! subscription with one to three invoices; partial and full refunds),
//! every order and repetition of the story's events must end in the same
//! ledger as the story told in order: the customers and who they are
//! credited to, the sales and their refunds, and what each earned.

use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use super::fixtures::{Charge, Checkout, Invoice, Version, event, invoice_payment};
use super::{acme_on_stripe, offered_since_yesterday, send};
use crate::helpers::TestApp;
use crate::rewards::create_offer;

#[derive(Debug, Clone)]
enum Purchase {
    /// One payment; `delayed` pays by a method that settles later.
    Payment { delayed: bool },
    /// A subscription billed `invoices` times.
    Subscription { invoices: usize },
}

#[derive(Debug, Clone)]
struct Story {
    version: Version,
    purchase: Purchase,
    /// (which sale, the charge's running refunded totals): each total is
    /// a `charge.refunded` event.
    refunds: Vec<(usize, Vec<i64>)>,
}

const PRICE: i64 = 2900;

impl Story {
    fn sales(&self) -> usize {
        match self.purchase {
            Purchase::Payment { .. } => 1,
            Purchase::Subscription { invoices } => invoices,
        }
    }

    /// The story's events in the order they happened; ids carry `run`.
    fn events(&self, run: &str, click_id: &str) -> Vec<Value> {
        let version = self.version;
        let id = |base: &str| format!("{base}~{run}");
        let customer = id("cus");
        let now = chrono::Utc::now().timestamp();
        let mut events = Vec::new();
        let completed = |checkout: &Checkout| {
            event(version, &id("evt_cs"), "checkout.session.completed", checkout.object(version), None, true)
        };
        match self.purchase {
            Purchase::Payment { delayed } => {
                let (session, intent) = (id("cs"), id("pi_0"));
                let mut checkout = Checkout {
                    payment_status: if delayed { "unpaid" } else { "paid" },
                    amount: PRICE,
                    payment_intent: Some(&intent),
                    metadata: json!({ "pd_click": click_id }),
                    ..Checkout::paid(&session, &customer, "payment")
                };
                events.push(completed(&checkout));
                if delayed {
                    checkout.payment_status = "paid";
                    let previous = json!({"payment_status": "unpaid"});
                    let kind = "checkout.session.async_payment_succeeded";
                    events.push(event(version, &id("evt_async"), kind, checkout.object(version), Some(previous), true));
                }
            }
            Purchase::Subscription { invoices } => {
                let (session, subscription, first) = (id("cs"), id("sub"), id("in_0"));
                let checkout = Checkout {
                    amount: PRICE,
                    subscription: Some(&subscription),
                    invoice: Some(&first),
                    metadata: json!({ "pd_click": click_id }),
                    ..Checkout::paid(&session, &customer, "subscription")
                };
                events.push(completed(&checkout));
                for n in 0..invoices {
                    let (invoice, intent, charge) =
                        (id(&format!("in_{n}")), id(&format!("pi_{n}")), id(&format!("ch_{n}")));
                    let paid = Invoice {
                        id: &invoice,
                        customer: &customer,
                        amount_paid: PRICE,
                        currency: "usd",
                        subscription: &subscription,
                        payment_intent: &intent,
                        charge: &charge,
                        subscription_metadata: json!({}),
                        billing_reason: if n == 0 { "subscription_create" } else { "subscription_cycle" },
                        product: "prod_pro",
                        paid_at: now - 3_000 + 600 * n as i64,
                        live: true,
                    };
                    let kind = "invoice.paid";
                    events.push(event(
                        version,
                        &id(&format!("evt_in_{n}")),
                        kind,
                        paid.object(version),
                        Some(Invoice::previous()),
                        true,
                    ));
                    if version.modern() {
                        let payment =
                            invoice_payment(&id(&format!("inpay_{n}")), &invoice, &intent, PRICE, "usd", true);
                        events.push(event(
                            version,
                            &id(&format!("evt_ip_{n}")),
                            "invoice_payment.paid",
                            payment,
                            None,
                            true,
                        ));
                    }
                }
            }
        }
        for (sale, totals) in &self.refunds {
            let (intent, charge) = (id(&format!("pi_{sale}")), id(&format!("ch_{sale}")));
            let invoice = matches!(self.purchase, Purchase::Subscription { .. }).then(|| id(&format!("in_{sale}")));
            let mut before = 0;
            for (n, total) in totals.iter().enumerate() {
                let refunded = Charge {
                    id: &charge,
                    payment_intent: &intent,
                    invoice: invoice.as_deref(),
                    customer: Some(&customer),
                    amount: PRICE,
                    amount_refunded: *total,
                    currency: "usd",
                    live: true,
                };
                let kind = "charge.refunded";
                let event_id = id(&format!("evt_ch_{sale}_{n}"));
                events.push(event(
                    version,
                    &event_id,
                    kind,
                    refunded.object(version),
                    Some(Charge::previous(before)),
                    true,
                ));
                before = *total;
            }
        }
        events
    }
}

fn story() -> impl Strategy<Value = Story> {
    let version = prop_oneof![Just(Version::V2024_06_20), Just(Version::Basil), Just(Version::Dahlia)];
    let purchase = prop_oneof![
        any::<bool>().prop_map(|delayed| Purchase::Payment { delayed }),
        (1usize..=3).prop_map(|invoices| Purchase::Subscription { invoices }),
    ];
    (version, purchase).prop_flat_map(|(version, purchase)| {
        let sales = match purchase {
            Purchase::Payment { .. } => 1,
            Purchase::Subscription { invoices } => invoices,
        };
        // One or two refund events for a sale: a partial one, then perhaps the rest.
        let refund = (0..sales, 1..PRICE, any::<bool>())
            .prop_map(|(sale, part, full)| (sale, if full { vec![part, PRICE] } else { vec![part] }));
        proptest::collection::vec(refund, 0..=2).prop_map(move |mut refunds| {
            refunds.sort_by_key(|(sale, _)| *sale);
            refunds.dedup_by_key(|(sale, _)| *sale);
            Story { version, purchase: purchase.clone(), refunds }
        })
    })
}

/// A story, and an order to deliver its events in: a shuffle of all of
/// them, then some delivered again.
fn story_and_order() -> impl Strategy<Value = (Story, Vec<usize>)> {
    story().prop_flat_map(|story| {
        let count = story.events("x", "x").len();
        let shuffled = Just((0..count).collect::<Vec<_>>()).prop_shuffle();
        let repeated = proptest::collection::vec(0..count, 0..=3);
        (Just(story), shuffled, repeated).prop_map(|(story, mut order, repeated)| {
            for (n, again) in repeated.into_iter().enumerate() {
                let at = (n * 3) % (order.len() + 1);
                order.insert(at, again);
            }
            (story, order)
        })
    })
}

/// What the run `run` left: every customer, sale and the amount each
/// earned from each offer, with the run's mark taken off the ids.
fn ledger(app: &TestApp, run: &str) -> String {
    let mark = format!("~{run}");
    app.text_for(&format!(
        "SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') AS value FROM (
           SELECT 'customer ' || replace(c.external_id, '{mark}', '') || ' ' || coalesce(p.code, '-') || ' '
                  || c.attribution || ' ' || c.email AS line
           FROM customers c LEFT JOIN partnerships p ON p.id = c.partnership_id
           WHERE c.external_id LIKE '%{mark}'
           UNION ALL
           SELECT 'sale ' || replace(t.sale_key, '{mark}', '') || ' ' || t.amount_cents || ' refunded '
                  || t.refunded_cents || ' credited ' || (t.partnership_id IS NOT NULL)
           FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE c.external_id LIKE '%{mark}'
           UNION ALL
           SELECT 'earned ' || coalesce(replace(t.sale_key, '{mark}', ''), 'signup') || ' ' || o.name || ' '
                  || sum(m.amount_cents)
           FROM commissions m JOIN customers c ON c.id = m.customer_id JOIN offers o ON o.id = m.offer_id
           LEFT JOIN transactions t ON t.id = m.transaction_id
           WHERE c.external_id LIKE '%{mark}' AND m.status <> 'rejected'
           GROUP BY t.sale_key, o.name HAVING sum(m.amount_cents) <> 0
         ) lines"
    ))
}

async fn tell(app: &TestApp, events: &[Value], order: &[usize]) {
    for index in order {
        send(app, &events[*index]).await;
    }
}

#[test]
fn every_order_and_repetition_of_a_storys_deliveries_ends_in_the_same_ledger() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let app = runtime.block_on(TestApp::spawn());
    let click_id = runtime.block_on(async {
        let click_id = acme_on_stripe(&app).await;
        let welcome = [("name", "Welcome"), ("trigger", "signup"), ("reward_kind", "fixed"), ("reward_amount", "1")];
        create_offer(&app, "Default", &welcome).await;
        let first = [("name", "First"), ("trigger", "first_sale"), ("reward_kind", "fixed"), ("reward_amount", "5")];
        create_offer(&app, "Default", &first).await;
        offered_since_yesterday(&app);
        click_id
    });
    let runs = Cell::new(0);
    let mut runner = TestRunner::new(Config { cases: 40, failure_persistence: None, ..Config::default() });
    let outcome = runner.run(&story_and_order(), |(story, order)| {
        let n = runs.get();
        runs.set(n + 1);
        let (told, shuffled) = (format!("told{n}"), format!("shuffled{n}"));
        let in_order: Vec<usize> = (0..story.events("x", "x").len()).collect();
        runtime.block_on(tell(&app, &story.events(&told, &click_id), &in_order));
        runtime.block_on(tell(&app, &story.events(&shuffled, &click_id), &order));
        let expected = ledger(&app, &told);
        prop_assert!(expected.contains(&format!("sale in_0 {PRICE}")) || expected.contains("sale pi_0"), "{expected}");
        prop_assert_eq!(
            expected.lines().filter(|line| line.starts_with("sale")).count(),
            story.sales(),
            "{}",
            expected
        );
        prop_assert_eq!(expected, ledger(&app, &shuffled), "delivered in the order {:?}", order);
        Ok(())
    });
    runtime.block_on(async { drop(app) });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
