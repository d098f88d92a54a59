//! Payouts: approved commissions batched per partner and currency, the
//! batches' summaries, and marking a batch paid.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use super::ledger::record;
use crate::db::ids::{CommissionId, PartnershipId, PayoutId, UserId, VendorId};
use crate::db::schema::commissions;
use crate::db::states::{CommissionStatus, PayoutStatus};
use crate::domain::{Currency, Money};

/// A payout with its partner, for lists and the CSV.
#[derive(Debug, Clone, Queryable)]
pub struct PayoutLine {
    pub id: PayoutId,
    pub batch: String,
    pub partnership_id: PartnershipId,
    amount_cents: i64,
    currency: String,
    pub status: PayoutStatus,
    pub reference: Option<String>,
    pub paid_on: Option<NaiveDate>,
    pub partner_name: String,
    pub partner_email: String,
    pub commissions: i64,
}

impl PayoutLine {
    pub fn amount(&self) -> Money {
        Money::new(self.amount_cents, Currency::stored(&self.currency))
    }
}

/// Puts approved commissions not yet in a payout (the chosen ones, or all)
/// into one payout per partner and currency, for partners owed at least
/// `minimum_cents` (adjustments included, so a refund is carried). Returns
/// how many commissions went into payouts.
pub fn create_payouts(
    conn: &mut PgConnection,
    vendor: VendorId,
    chosen: Option<&[CommissionId]>,
    minimum_cents: i64,
    batch: &str,
    actor: UserId,
) -> QueryResult<usize> {
    use diesel::sql_types::{Array, BigInt, Int8, Nullable, Text};
    let chosen: Option<Vec<i64>> = chosen.map(|ids| ids.iter().map(|id| id.0).collect());
    let made = diesel::sql_query(format!(
        "WITH due AS (
            SELECT id, partnership_id, currency, amount_cents FROM commissions
            WHERE vendor_id = $1 AND status = '{approved}' AND payout_id IS NULL
              AND ($2::bigint[] IS NULL OR id = ANY($2))
            FOR UPDATE
        ), owed AS (
            SELECT partnership_id, currency, sum(amount_cents)::bigint AS cents FROM due
            GROUP BY partnership_id, currency HAVING sum(amount_cents) >= greatest($3, 1)
        ), made AS (
            INSERT INTO payouts (vendor_id, partnership_id, batch, amount_cents, currency, created_by)
            SELECT $1, partnership_id, $4, cents, currency, $5 FROM owed
            RETURNING id, partnership_id, currency
        )
        UPDATE commissions c SET payout_id = made.id
        FROM due JOIN made ON made.partnership_id = due.partnership_id AND made.currency = due.currency
        WHERE c.id = due.id",
        approved = CommissionStatus::Approved.as_str()
    ))
    .bind::<Int8, _>(vendor)
    .bind::<Nullable<Array<BigInt>>, _>(chosen)
    .bind::<BigInt, _>(minimum_cents)
    .bind::<Text, _>(batch)
    .bind::<Nullable<Int8>, _>(Some(actor))
    .execute(conn)?;
    Ok(made)
}

/// Which payouts, and how many of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PayoutsOf<'a> {
    pub batch: Option<&'a str>,
    pub partnership: Option<PartnershipId>,
    pub limit: Option<i64>,
    pub offset: i64,
}

/// Payouts of the vendor (all, or one batch), or of one partnership;
/// newest first, then as made. The page's ids come first, from the
/// payouts alone, so rows skipped by the offset are never joined or counted.
pub fn payouts(conn: &mut PgConnection, vendor: VendorId, of: PayoutsOf) -> QueryResult<Vec<PayoutLine>> {
    use crate::db::schema::payouts;
    let mut query = payouts::table.filter(payouts::vendor_id.eq(vendor)).into_boxed();
    if of.batch.is_none() {
        query = query.order(payouts::created_at.desc());
    }
    if let Some(batch) = of.batch {
        query = query.filter(payouts::batch.eq(batch.to_string()));
    }
    if let Some(partnership) = of.partnership {
        query = query.filter(payouts::partnership_id.eq(partnership));
    }
    let ids: Vec<PayoutId> = query
        // Within a batch, as made: the batch index keeps that order.
        .then_order_by(payouts::id.asc())
        .select(payouts::id)
        .limit(of.limit.unwrap_or(i64::MAX))
        .offset(of.offset)
        .load(conn)?;
    let mut lines = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5_000) {
        lines.extend(payout_lines(conn, chunk)?);
    }
    Ok(lines)
}

/// The lines of `ids`, in the order given.
fn payout_lines(conn: &mut PgConnection, ids: &[PayoutId]) -> QueryResult<Vec<PayoutLine>> {
    use crate::db::schema::{partnerships, payouts, users};
    let mut lines: Vec<PayoutLine> = payouts::table
        .inner_join(partnerships::table.inner_join(users::table))
        .filter(payouts::id.eq_any(ids))
        .select((
            payouts::id,
            payouts::batch,
            payouts::partnership_id,
            payouts::amount_cents,
            payouts::currency,
            payouts::status,
            payouts::reference,
            payouts::paid_on,
            partnerships::partner_name,
            users::email,
            diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT count(*) FROM commissions c WHERE c.payout_id = payouts.id)",
            ),
        ))
        .load(conn)?;
    let position: std::collections::HashMap<PayoutId, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    lines.sort_by_key(|line| position.get(&line.id).copied().unwrap_or(usize::MAX));
    Ok(lines)
}

/// One batch at a glance: how many payouts, how much, how many unpaid.
#[derive(Debug, Clone)]
pub struct BatchSummary {
    pub batch: String,
    pub made_at: DateTime<Utc>,
    pub payouts: i64,
    pub unpaid: i64,
    pub totals: Vec<Money>,
}

#[derive(QueryableByName)]
struct BatchCurrency {
    #[diesel(sql_type = diesel::sql_types::Text)]
    batch: String,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    made_at: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    currency: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    payouts: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    unpaid: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    cents: i64,
}

/// The vendor's latest batches (or the one named), newest first.
pub fn batch_summaries(
    conn: &mut PgConnection,
    vendor: VendorId,
    only: Option<&str>,
    most: i64,
) -> QueryResult<Vec<BatchSummary>> {
    // A row per batch and currency, kept by trigger; a vendor makes a batch a month or so.
    let rows: Vec<BatchCurrency> = diesel::sql_query(
        "SELECT batch, made_at, currency, payouts, unpaid, amount_cents AS cents
         FROM payout_batches WHERE vendor_id = $1 AND ($2::text IS NULL OR batch = $2)
         ORDER BY batch, currency",
    )
    .bind::<diesel::sql_types::Int8, _>(vendor)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Text>, _>(only)
    .load(conn)?;
    let mut batches: Vec<BatchSummary> = Vec::new();
    for row in rows {
        let money = Money::new(row.cents, Currency::stored(&row.currency));
        match batches.last_mut().filter(|last| last.batch == row.batch) {
            Some(last) => {
                last.made_at = last.made_at.min(row.made_at);
                last.payouts += row.payouts;
                last.unpaid += row.unpaid;
                last.totals.push(money);
            }
            None => batches.push(BatchSummary {
                batch: row.batch,
                made_at: row.made_at,
                payouts: row.payouts,
                unpaid: row.unpaid,
                totals: vec![money],
            }),
        }
    }
    batches.sort_by(|a, b| b.made_at.cmp(&a.made_at).then_with(|| a.batch.cmp(&b.batch)));
    batches.truncate(usize::try_from(most).unwrap_or(usize::MAX));
    Ok(batches)
}

/// Marks a batch paid, with its commissions; returns the payouts marked.
pub fn mark_paid(
    conn: &mut PgConnection,
    vendor: VendorId,
    batch: &str,
    reference: &str,
    paid_on: NaiveDate,
    actor: UserId,
) -> QueryResult<Vec<PayoutId>> {
    use crate::db::schema::payouts;
    let paid: Vec<PayoutId> = diesel::update(
        payouts::table
            .filter(payouts::vendor_id.eq(vendor))
            .filter(payouts::batch.eq(batch))
            .filter(payouts::status.eq(PayoutStatus::Created)),
    )
    .set((payouts::status.eq(PayoutStatus::Paid), payouts::reference.eq(reference), payouts::paid_on.eq(paid_on)))
    .returning(payouts::id)
    .get_results(conn)?;
    let commissions: Vec<CommissionId> =
        diesel::update(commissions::table.filter(commissions::payout_id.eq_any(&paid)))
            .set(commissions::status.eq(CommissionStatus::Paid))
            .returning(commissions::id)
            .get_results(conn)?;
    record(conn, &commissions, CommissionStatus::Paid, &format!("Paid: {reference}"), Some(actor))?;
    Ok(paid)
}
