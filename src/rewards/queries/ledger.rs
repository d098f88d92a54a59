//! Writing the ledger: commissions as events earn them, their history,
//! what limits have used, refunds' reductions, and approvals at the end of
//! a hold.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;

use super::offers::Offer;
use crate::customers::queries::Sale;
use crate::db::ids::{CommissionId, CustomerId, GroupId, OfferId, PartnershipId, TransactionId, UserId, VendorId};
use crate::db::schema::{commission_history, commissions, offers};
use crate::db::states::{CommissionKind, CommissionStatus, PartnershipStatus};
use crate::domain::{Currency, Money};

/// One commission as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = commissions)]
pub struct Commission {
    pub id: CommissionId,
    pub vendor_id: VendorId,
    pub partnership_id: PartnershipId,
    pub offer_id: OfferId,
    pub customer_id: CustomerId,
    pub transaction_id: Option<TransactionId>,
    pub kind: CommissionKind,
    pub earned_cents: i64,
    pub amount_cents: i64,
    currency: String,
    pub arithmetic: String,
    pub status: CommissionStatus,
    pub hold_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl Commission {
    pub fn amount(&self) -> Money {
        Money::new(self.amount_cents, Currency::stored(&self.currency))
    }
}

/// A commission to write.
pub struct NewCommission<'a> {
    pub vendor: VendorId,
    pub partnership: PartnershipId,
    pub offer: &'a Offer,
    pub customer: CustomerId,
    pub sale: Option<TransactionId>,
    pub event_key: &'a str,
    pub kind: CommissionKind,
    pub corrects: Option<CommissionId>,
    pub amount: Money,
    pub arithmetic: &'a str,
    /// The first line of its history.
    pub note: &'a str,
    pub status: CommissionStatus,
    pub hold_until: DateTime<Utc>,
}

/// Writes the commission unless this event already earned it from this
/// offer (`None`): a replayed event adds nothing.
pub fn insert(conn: &mut PgConnection, new: &NewCommission) -> QueryResult<Option<Commission>> {
    let created: Option<Commission> = diesel::insert_into(commissions::table)
        .values((
            commissions::vendor_id.eq(new.vendor),
            commissions::partnership_id.eq(new.partnership),
            commissions::offer_id.eq(new.offer.id),
            commissions::group_id.eq(new.offer.group_id),
            commissions::customer_id.eq(new.customer),
            commissions::transaction_id.eq(new.sale),
            commissions::event_key.eq(new.event_key),
            commissions::kind.eq(new.kind),
            commissions::corrects_id.eq(new.corrects),
            commissions::earned_cents.eq(new.amount.cents),
            commissions::amount_cents.eq(new.amount.cents),
            commissions::currency.eq(new.amount.currency.code()),
            commissions::arithmetic.eq(new.arithmetic),
            commissions::status.eq(new.status),
            commissions::hold_until.eq(new.hold_until),
        ))
        .on_conflict((commissions::event_key, commissions::offer_id, commissions::kind))
        .do_nothing()
        .returning(Commission::as_returning())
        .get_result(conn)
        .optional()?;
    if let Some(commission) = &created {
        record(conn, &[commission.id], new.status, new.note, None)?;
    }
    Ok(created)
}

/// Adds a line to each commission's status history.
pub fn record(
    conn: &mut PgConnection,
    ids: &[CommissionId],
    status: CommissionStatus,
    note: &str,
    actor: Option<UserId>,
) -> QueryResult<()> {
    let rows: Vec<_> = ids
        .iter()
        .map(|id| {
            (
                commission_history::commission_id.eq(*id),
                commission_history::status.eq(status.as_str()),
                commission_history::note.eq(note),
                commission_history::actor_id.eq(actor),
            )
        })
        .collect();
    diesel::insert_into(commission_history::table).values(&rows).execute(conn)?;
    Ok(())
}

/// What an offer already paid this customer, and this partner in the
/// calendar month (UTC) of `at`, rejected commissions left out.
pub fn used(
    conn: &mut PgConnection,
    offer: OfferId,
    customer: CustomerId,
    partnership: PartnershipId,
    at: DateTime<Utc>,
) -> QueryResult<(i64, i64)> {
    let live = || {
        commissions::table
            .filter(commissions::offer_id.eq(offer))
            .filter(commissions::kind.eq(CommissionKind::Commission))
            .filter(commissions::status.ne(CommissionStatus::Rejected))
    };
    let by_customer = live().filter(commissions::customer_id.eq(customer)).select(total_cents()).first(conn)?;
    let by_partner = live()
        .filter(commissions::partnership_id.eq(partnership))
        .filter(commissions::created_at.ge(month_start(at)))
        .select(total_cents())
        .first(conn)?;
    Ok((by_customer, by_partner))
}

/// The sum of the selected commissions' amounts in cents, 0 for none.
pub(super) fn total_cents() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql::<diesel::sql_types::BigInt>("coalesce(sum(commissions.amount_cents), 0)::bigint")
}

fn month_start(at: DateTime<Utc>) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(at.year(), at.month(), 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map_or(at, |start| Utc.from_utc_datetime(&start))
}

/// Commissions a sale earned (not adjustments), locked for a refund.
pub fn of_sale_for_update(conn: &mut PgConnection, sale: TransactionId) -> QueryResult<Vec<Commission>> {
    commissions::table
        .filter(commissions::transaction_id.eq(sale))
        .filter(commissions::kind.ne(CommissionKind::Adjustment))
        .order(commissions::id.asc())
        .select(Commission::as_select())
        .for_update()
        .load(conn)
}

/// What the customer's other sales earned from first-sale offers (not
/// adjustments, not rejected), locked.
pub fn first_sale_commissions_of_others(conn: &mut PgConnection, first: &Sale) -> QueryResult<Vec<Commission>> {
    commissions::table
        .inner_join(offers::table)
        .filter(commissions::customer_id.eq(first.customer_id))
        .filter(commissions::transaction_id.ne(first.id))
        .filter(commissions::kind.ne(CommissionKind::Adjustment))
        .filter(commissions::status.ne(CommissionStatus::Rejected))
        .filter(offers::trigger.eq(crate::db::states::OfferTrigger::FirstSale))
        .order(commissions::id.asc())
        .select(Commission::as_select())
        .for_update()
        .load(conn)
}

/// Sets what is left of a pending or approved commission after a refund.
/// Nothing left cancels it (rejected).
pub fn reduce(conn: &mut PgConnection, commission: &Commission, cents: i64, note: &str) -> QueryResult<()> {
    let status = if cents == 0 { CommissionStatus::Rejected } else { commission.status };
    diesel::update(commissions::table.find(commission.id))
        .set((commissions::amount_cents.eq(cents), commissions::status.eq(status)))
        .execute(conn)?;
    record(conn, &[commission.id], status, note, None)
}

/// What adjustments already took back from a paid commission.
pub fn adjusted(conn: &mut PgConnection, id: CommissionId) -> QueryResult<i64> {
    commissions::table.filter(commissions::corrects_id.eq(id)).select(total_cents()).first(conn)
}

/// Pending commissions whose hold has ended become approved; returns how many.
pub fn approve_due(conn: &mut PgConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    let ids: Vec<CommissionId> = diesel::update(
        commissions::table
            .filter(commissions::status.eq(CommissionStatus::Pending))
            .filter(commissions::hold_until.le(now)),
    )
    .set(commissions::status.eq(CommissionStatus::Approved))
    .returning(commissions::id)
    .get_results(conn)?;
    if !ids.is_empty() {
        record(conn, &ids, CommissionStatus::Approved, "Hold period ended", None)?;
    }
    Ok(ids.len())
}

/// The partner an event credits, as the ledger needs them: only active
/// partners earn.
pub struct Earner {
    pub group: GroupId,
    pub parent: Option<PartnershipId>,
    pub code: String,
    pub currency: Currency,
}

pub fn earner(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Option<Earner>> {
    use crate::db::schema::{partnerships, vendors};
    let row: Option<(GroupId, Option<PartnershipId>, String, String)> = partnerships::table
        .inner_join(vendors::table)
        .filter(partnerships::id.eq(partnership))
        .filter(partnerships::status.eq(PartnershipStatus::Active))
        .select((partnerships::group_id, partnerships::parent_id, partnerships::code, vendors::currency))
        .first(conn)
        .optional()?;
    Ok(row.map(|(group, parent, code, currency)| Earner { group, parent, code, currency: Currency::stored(&currency) }))
}

/// Whether no sale of the customer happened before this one, whatever
/// order they were reported in (a tie goes to the smaller sale key).
pub fn is_first_sale(conn: &mut PgConnection, customer: CustomerId, sale: &Sale) -> QueryResult<bool> {
    use crate::db::schema::transactions;
    let earlier: bool = diesel::select(diesel::dsl::exists(
        transactions::table.filter(transactions::customer_id.eq(customer)).filter(transactions::id.ne(sale.id)).filter(
            transactions::occurred_at
                .lt(sale.occurred_at)
                .or(transactions::occurred_at.eq(sale.occurred_at).and(transactions::sale_key.lt(&sale.sale_key))),
        ),
    ))
    .get_result(conn)?;
    Ok(!earlier)
}
