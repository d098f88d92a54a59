//! The demo's commissions, by the rules the ledger applies as events
//! arrive (`rewards::plan`): each signup and sale earns what the offers of
//! its partner's group paid at its time, a recruiter their override, and a
//! refund takes back its share. Computed here for the whole volume at
//! once, then written in bulk with each commission's history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};

use super::program::Program;
use crate::db::ids::{GroupId, OfferId};
use crate::db::states::{CommissionKind, CommissionStatus};
use crate::domain::{Currency, Money};
use crate::rewards::plan::{self, Payment};
use crate::rewards::queries::Offer;
use crate::rewards::rules::{Earned, Event, SaleFacts, Used};

/// Rows per INSERT: each is a set of arrays, one per column.
const CHUNK: usize = 5_000;

#[derive(QueryableByName)]
struct PartnerRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    group_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    parent_id: Option<i64>,
    #[diesel(sql_type = Text)]
    code: String,
}

/// A signup or a sale of a credited customer, as the ledger would be told of it.
#[derive(QueryableByName)]
struct EventRow {
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = BigInt)]
    partnership_id: i64,
    #[diesel(sql_type = Timestamptz)]
    signed_up_at: DateTime<Utc>,
    /// A sale's row; `None` for the signup.
    #[diesel(sql_type = Nullable<BigInt>)]
    transaction_id: Option<i64>,
    #[diesel(sql_type = BigInt)]
    amount_cents: i64,
    #[diesel(sql_type = BigInt)]
    refunded_cents: i64,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Timestamptz)]
    at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    product: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    refunded_at: Option<DateTime<Utc>>,
    /// No earlier sale of the customer (ties go to the smaller sale key).
    #[diesel(sql_type = diesel::sql_types::Bool)]
    first: bool,
}

const EVENTS: &str = "
SELECT cu.id AS customer_id, cu.partnership_id, cu.signed_up_at, NULL::bigint AS transaction_id, 0::bigint AS amount_cents,
       0::bigint AS refunded_cents, $2 AS currency, cu.signed_up_at AS at, NULL::text AS product,
       NULL::timestamptz AS refunded_at, false AS first
FROM customers cu WHERE cu.vendor_id = $1 AND cu.partnership_id IS NOT NULL
UNION ALL
SELECT cu.id, t.partnership_id, cu.signed_up_at, t.id, t.amount_cents, t.refunded_cents, t.currency, t.occurred_at, t.product,
       (SELECT max(r.created_at) FROM refunds r WHERE r.transaction_id = t.id),
       NOT EXISTS (SELECT 1 FROM transactions e WHERE e.customer_id = t.customer_id AND e.id <> t.id
                   AND (e.occurred_at < t.occurred_at OR (e.occurred_at = t.occurred_at AND e.sale_key < t.sale_key)))
FROM transactions t JOIN customers cu ON cu.id = t.customer_id
WHERE t.vendor_id = $1 AND t.partnership_id IS NOT NULL
ORDER BY at, transaction_id NULLS FIRST";

/// One commission to write, with what its history says.
struct Row {
    partnership: i64,
    offer: i64,
    group: i64,
    customer: i64,
    transaction: Option<i64>,
    event_key: String,
    kind: CommissionKind,
    earned: Money,
    amount_cents: i64,
    arithmetic: String,
    status: CommissionStatus,
    first_status: CommissionStatus,
    hold_until: DateTime<Utc>,
    created_at: DateTime<Utc>,
    refund_note: String,
    refunded_at: Option<DateTime<Utc>>,
}

/// What the program's offers and partners are, for the whole run.
struct Books {
    /// Each offer with when it went live.
    offers: Vec<(Offer, DateTime<Utc>)>,
    partners: HashMap<i64, PartnerRow>,
    currency: Currency,
    used_by_customer: HashMap<(OfferId, i64), i64>,
    used_by_partner_month: HashMap<(OfferId, i64, (i32, u32)), i64>,
}

pub fn write(conn: &mut PgConnection, program: &Program) -> anyhow::Result<usize> {
    let mut books = Books::load(conn, program)?;
    let events: Vec<EventRow> =
        diesel::sql_query(EVENTS).bind::<BigInt, _>(program.vendor).bind::<Text, _>(&program.currency).load(conn)?;
    let rows: Vec<Row> = events.iter().flat_map(|event| books.earn(event)).collect();
    for chunk in rows.chunks(CHUNK) {
        insert(conn, program, chunk)?;
    }
    Ok(rows.len())
}

impl Books {
    fn load(conn: &mut PgConnection, program: &Program) -> anyhow::Result<Books> {
        use crate::db::schema::offers;
        let offers = offers::table
            .filter(offers::vendor_id.eq(program.vendor))
            .order(offers::id.asc())
            .select((Offer::as_select(), offers::created_at))
            .load(conn)?;
        let partners: Vec<PartnerRow> = diesel::sql_query(
            "SELECT id, group_id, parent_id, code FROM partnerships WHERE vendor_id = $1 AND status = 'active'",
        )
        .bind::<BigInt, _>(program.vendor)
        .load(conn)?;
        Ok(Books {
            offers,
            partners: partners.into_iter().map(|p| (p.id, p)).collect(),
            currency: Currency::stored(&program.currency),
            used_by_customer: HashMap::new(),
            used_by_partner_month: HashMap::new(),
        })
    }

    /// What one event earns, as `rewards::ledger` writes it.
    fn earn(&mut self, event: &EventRow) -> Vec<Row> {
        let Some(partner) = self.partners.get(&event.partnership_id) else { return Vec::new() };
        let recruiter = partner.parent_id.filter(|parent| self.partners.contains_key(parent));
        let who = plan::Partner { code: &partner.code, currency: self.currency, recruiter_earns: recruiter.is_some() };
        let (kind, key) = match event.transaction_id {
            None => (Event::Signup, format!("signup:{}", event.customer_id)),
            Some(id) => (Event::Sale(self.sale(event)), format!("sale:{id}")),
        };
        let group = GroupId(partner.group_id);
        // The offers live when the event happened, as `rewards::queries::live_at` picks them.
        let live = self.offers.iter().filter(|(offer, since)| {
            offer.group_id == group
                && *since <= event.at
                && offer.archived_at.is_none_or(|archived| archived > event.at)
        });
        let mut rows = Vec::new();
        for (offer, _) in live {
            let month = (chrono::Datelike::year(&event.at), chrono::Datelike::month(&event.at));
            let used = Used {
                by_customer: *self.used_by_customer.get(&(offer.id, event.customer_id)).unwrap_or(&0),
                by_partner_this_month: *self
                    .used_by_partner_month
                    .get(&(offer.id, event.partnership_id, month))
                    .unwrap_or(&0),
            };
            let Some(payment) = plan::pays(&offer.spec.terms, &kind, event.at, who, used) else { continue };
            *self.used_by_customer.entry((offer.id, event.customer_id)).or_default() += payment.commission.amount.cents;
            *self.used_by_partner_month.entry((offer.id, event.partnership_id, month)).or_default() +=
                payment.commission.amount.cents;
            let place = Place { offer, key: &key, event };
            rows.push(place.row(event.partnership_id, CommissionKind::Commission, &payment.commission, &payment));
            if let (Some(referral), Some(recruiter)) = (&payment.referral, recruiter) {
                rows.push(place.row(recruiter, CommissionKind::ReferralOverride, referral, &payment));
            }
        }
        rows
    }

    fn sale(&self, event: &EventRow) -> SaleFacts {
        SaleFacts {
            amount: Money::new(event.amount_cents, Currency::stored(&event.currency)),
            at: event.at,
            product: event.product.clone(),
            first: event.first,
            signed_up_at: event.signed_up_at,
        }
    }
}

/// The offer and event a commission row comes from.
struct Place<'a> {
    offer: &'a Offer,
    key: &'a str,
    event: &'a EventRow,
}

impl Place<'_> {
    fn row(&self, partnership: i64, kind: CommissionKind, earned: &Earned, payment: &Payment) -> Row {
        let event = self.event;
        let status = plan::status_at(payment.hold_until, Utc::now());
        let mut row = Row {
            partnership,
            offer: self.offer.id.0,
            group: self.offer.group_id.0,
            customer: event.customer_id,
            transaction: event.transaction_id,
            event_key: self.key.to_string(),
            kind,
            earned: earned.amount,
            amount_cents: earned.amount.cents,
            arithmetic: earned.arithmetic.clone(),
            status,
            first_status: status,
            hold_until: payment.hold_until,
            created_at: event.at,
            refund_note: String::new(),
            refunded_at: None,
        };
        if event.refunded_cents > 0 {
            // As `ledger::on_refund` reduces it (cancelled at zero).
            let taken = plan::taken_back(row.earned.cents, event.refunded_cents, event.amount_cents);
            row.amount_cents = row.earned.cents - taken;
            if row.amount_cents == 0 {
                row.status = CommissionStatus::Rejected;
            }
            let currency = Currency::stored(&event.currency);
            row.refund_note = format!(
                "Sale refunded: {} of {}",
                Money::new(event.refunded_cents, currency),
                Money::new(event.amount_cents, currency)
            );
            row.refunded_at = event.refunded_at;
        }
        row
    }
}

const INSERT: &str = "
WITH r AS (
  SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[],
                       $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[],
                       $15::timestamptz[], $16::timestamptz[], $17::text[], $18::timestamptz[])
    AS r(partnership_id, offer_id, group_id, customer_id, transaction_id, event_key, kind, earned_cents, amount_cents,
         currency, arithmetic, status, first_status, hold_until, created_at, refund_note, refunded_at)
), made AS (
  INSERT INTO commissions (vendor_id, partnership_id, offer_id, group_id, customer_id, transaction_id, event_key, kind,
                           earned_cents, amount_cents, currency, arithmetic, status, hold_until, created_at)
  SELECT $1, partnership_id, offer_id, group_id, customer_id, transaction_id, event_key, kind, earned_cents, amount_cents,
         currency, arithmetic, status, hold_until, created_at FROM r
  RETURNING id, event_key, offer_id, kind
)
INSERT INTO commission_history (commission_id, status, note, created_at)
SELECT made.id, r.first_status, 'Earned', r.created_at FROM made JOIN r USING (event_key, offer_id, kind)
UNION ALL
SELECT made.id, r.status, r.refund_note, coalesce(r.refunded_at, r.created_at)
FROM made JOIN r USING (event_key, offer_id, kind) WHERE r.refund_note <> ''";

fn insert(conn: &mut PgConnection, program: &Program, rows: &[Row]) -> QueryResult<usize> {
    let ids = |f: fn(&Row) -> i64| rows.iter().map(f).collect::<Vec<_>>();
    let texts = |f: fn(&Row) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let times = |f: fn(&Row) -> DateTime<Utc>| rows.iter().map(f).collect::<Vec<_>>();
    diesel::sql_query(INSERT)
        .bind::<BigInt, _>(program.vendor)
        .bind::<Array<BigInt>, _>(ids(|r| r.partnership))
        .bind::<Array<BigInt>, _>(ids(|r| r.offer))
        .bind::<Array<BigInt>, _>(ids(|r| r.group))
        .bind::<Array<BigInt>, _>(ids(|r| r.customer))
        .bind::<Array<Nullable<BigInt>>, _>(rows.iter().map(|r| r.transaction).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(texts(|r| r.event_key.clone()))
        .bind::<Array<Text>, _>(texts(|r| r.kind.as_str().to_string()))
        .bind::<Array<BigInt>, _>(ids(|r| r.earned.cents))
        .bind::<Array<BigInt>, _>(ids(|r| r.amount_cents))
        .bind::<Array<Text>, _>(texts(|r| r.earned.currency.code().to_string()))
        .bind::<Array<Text>, _>(texts(|r| r.arithmetic.clone()))
        .bind::<Array<Text>, _>(texts(|r| r.status.as_str().to_string()))
        .bind::<Array<Text>, _>(texts(|r| r.first_status.as_str().to_string()))
        .bind::<Array<Timestamptz>, _>(times(|r| r.hold_until))
        .bind::<Array<Timestamptz>, _>(times(|r| r.created_at))
        .bind::<Array<Text>, _>(texts(|r| r.refund_note.clone()))
        .bind::<Array<Nullable<Timestamptz>>, _>(rows.iter().map(|r| r.refunded_at).collect::<Vec<_>>())
        .execute(conn)
}
