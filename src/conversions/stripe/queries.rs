//! The Stripe bookkeeping beside the customer rows: which events were
//! handled and what each did, the other ids of each sale, and each
//! charge's refunded total.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int8, Text};

use super::events::{ChargeRefund, Event};
use crate::customers::queries::Sale;
use crate::db::ids::VendorId;
use crate::db::schema::{sale_references, stripe_charge_refunds, stripe_events, transactions};
use crate::db::states::StripeOutcome;

/// Events of one vendor are applied one at a time: a sale and the events
/// that name it by another id never pass each other.
pub fn lock_vendor(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('stripe-events', $1))")
        .bind::<Int8, _>(vendor)
        .execute(conn)?;
    Ok(())
}

pub fn handled_before(conn: &mut PgConnection, vendor: VendorId, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        stripe_events::table.filter(stripe_events::vendor_id.eq(vendor)).filter(stripe_events::event_id.eq(id)),
    ))
    .get_result(conn)
}

/// Keeps the event and what it did.
pub fn log(
    conn: &mut PgConnection,
    vendor: VendorId,
    event: &Event,
    outcome: StripeOutcome,
    note: &str,
) -> QueryResult<()> {
    diesel::insert_into(stripe_events::table)
        .values((
            stripe_events::vendor_id.eq(vendor),
            stripe_events::event_id.eq(&event.id),
            stripe_events::kind.eq(&event.kind),
            stripe_events::livemode.eq(event.livemode),
            stripe_events::api_version.eq(&event.api_version),
            stripe_events::outcome.eq(outcome.as_str()),
            stripe_events::note.eq(note),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(())
}

/// One line of the Integration page's list of received events.
#[derive(Debug, Clone, Queryable)]
pub struct LoggedEvent {
    pub event_id: String,
    pub kind: String,
    pub received_at: DateTime<Utc>,
    pub livemode: Option<bool>,
    pub api_version: Option<String>,
    pub outcome: String,
    pub note: String,
}

/// The vendor's latest events, newest first.
pub fn recent(conn: &mut PgConnection, vendor: VendorId, limit: i64) -> QueryResult<Vec<LoggedEvent>> {
    stripe_events::table
        .filter(stripe_events::vendor_id.eq(vendor))
        .order(stripe_events::received_at.desc())
        .limit(limit)
        .select((
            stripe_events::event_id,
            stripe_events::kind,
            stripe_events::received_at,
            stripe_events::livemode,
            stripe_events::api_version,
            stripe_events::outcome,
            stripe_events::note,
        ))
        .load(conn)
}

/// Notes that `references` are other ids of the sale keyed `sale_key`,
/// whether that sale is stored yet or not; an id already linked stays
/// with its first sale.
pub fn add_references(
    conn: &mut PgConnection,
    vendor: VendorId,
    sale_key: &str,
    references: &[String],
) -> QueryResult<()> {
    let rows: Vec<_> = references
        .iter()
        .filter(|reference| reference.as_str() != sale_key)
        .map(|reference| {
            (
                sale_references::vendor_id.eq(vendor),
                sale_references::reference.eq(reference),
                sale_references::sale_key.eq(sale_key),
            )
        })
        .collect();
    if !rows.is_empty() {
        diesel::insert_into(sale_references::table).values(&rows).on_conflict_do_nothing().execute(conn)?;
    }
    Ok(())
}

/// The stored sale that any of `names` is the key or another id of.
pub fn sale_named(conn: &mut PgConnection, vendor: VendorId, names: &[String]) -> QueryResult<Option<Sale>> {
    let keys: Vec<String> = sale_references::table
        .filter(sale_references::vendor_id.eq(vendor))
        .filter(sale_references::reference.eq_any(names))
        .select(sale_references::sale_key)
        .load(conn)?;
    transactions::table
        .filter(transactions::vendor_id.eq(vendor))
        .filter(transactions::sale_key.eq_any(names).or(transactions::sale_key.eq_any(keys)))
        .order(transactions::id.asc())
        .select(Sale::as_select())
        .first(conn)
        .optional()
}

/// The sale's key and every other id it goes by.
pub fn names_of(conn: &mut PgConnection, vendor: VendorId, sale_key: &str) -> QueryResult<Vec<String>> {
    let mut names: Vec<String> = sale_references::table
        .filter(sale_references::vendor_id.eq(vendor))
        .filter(sale_references::sale_key.eq(sale_key))
        .select(sale_references::reference)
        .load(conn)?;
    names.push(sale_key.to_string());
    Ok(names)
}

/// Keeps a charge's refunded total; a smaller total than one already
/// kept (an older event delivered late) changes nothing.
pub fn keep_charge_refund(conn: &mut PgConnection, vendor: VendorId, refund: &ChargeRefund) -> QueryResult<()> {
    use diesel::upsert::excluded;
    diesel::insert_into(stripe_charge_refunds::table)
        .values((
            stripe_charge_refunds::vendor_id.eq(vendor),
            stripe_charge_refunds::charge_id.eq(&refund.charge),
            stripe_charge_refunds::payment_intent.eq(&refund.payment_intent),
            stripe_charge_refunds::invoice.eq(&refund.invoice),
            stripe_charge_refunds::refunded_cents.eq(refund.refunded.cents),
            stripe_charge_refunds::currency.eq(refund.refunded.currency.code()),
        ))
        .on_conflict((stripe_charge_refunds::vendor_id, stripe_charge_refunds::charge_id))
        .do_update()
        .set((
            stripe_charge_refunds::refunded_cents.eq(diesel::dsl::sql::<BigInt>(
                "greatest(stripe_charge_refunds.refunded_cents, excluded.refunded_cents)",
            )),
            stripe_charge_refunds::payment_intent
                .eq(diesel::dsl::sql("coalesce(stripe_charge_refunds.payment_intent, excluded.payment_intent)")),
            stripe_charge_refunds::invoice
                .eq(diesel::dsl::sql("coalesce(stripe_charge_refunds.invoice, excluded.invoice)")),
            stripe_charge_refunds::updated_at.eq(excluded(stripe_charge_refunds::updated_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// What the charges named by any of `names` report refunded, in `currency`.
pub fn refunded_by_charges(
    conn: &mut PgConnection,
    vendor: VendorId,
    names: &[String],
    currency: &str,
) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Total {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let total: Total = diesel::sql_query(
        "SELECT coalesce(sum(refunded_cents), 0)::bigint AS total FROM stripe_charge_refunds
         WHERE vendor_id = $1 AND currency = $3
           AND (charge_id = ANY($2) OR payment_intent = ANY($2) OR invoice = ANY($2))",
    )
    .bind::<Int8, _>(vendor)
    .bind::<Array<Text>, _>(names)
    .bind::<Text, _>(currency)
    .get_result(conn)?;
    Ok(total.total)
}

/// How many charges with refunds any of `names` names.
pub fn charges_named(conn: &mut PgConnection, vendor: VendorId, names: &[String]) -> QueryResult<i64> {
    stripe_charge_refunds::table
        .filter(stripe_charge_refunds::vendor_id.eq(vendor))
        .filter(stripe_charge_refunds::refunded_cents.gt(0))
        .filter(
            stripe_charge_refunds::charge_id
                .eq_any(names)
                .or(stripe_charge_refunds::payment_intent.eq_any(names))
                .or(stripe_charge_refunds::invoice.eq_any(names)),
        )
        .count()
        .get_result(conn)
}

/// Charges whose refunds wait for a sale that is not here.
pub fn waiting_refunds(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Total {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let total: Total = diesel::sql_query(
        "SELECT count(*) AS total FROM stripe_charge_refunds c
         WHERE c.vendor_id = $1 AND c.refunded_cents > 0 AND NOT EXISTS (
           SELECT 1 FROM transactions t WHERE t.vendor_id = $1 AND t.sale_key IN (
             SELECT name FROM (VALUES (c.charge_id), (c.payment_intent), (c.invoice)) AS n (name)
             UNION SELECT r.sale_key FROM sale_references r
                   WHERE r.vendor_id = $1 AND r.reference IN (c.charge_id, c.payment_intent, c.invoice)))",
    )
    .bind::<Int8, _>(vendor)
    .get_result(conn)?;
    Ok(total.total)
}
