//! Offers, the commission ledger and its history.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;

use super::rules::Terms;
use crate::customers::queries::Sale;
use crate::db::ids::{
    CommissionId, CustomerId, GroupId, OfferId, PartnershipId, PayoutId, TransactionId, UserId, VendorId,
};
use crate::db::schema::{commission_history, commissions, offers};
use crate::db::states::{CommissionKind, CommissionStatus, PartnershipStatus, PayoutStatus};
use crate::domain::{Currency, Money};
use crate::web::count::PAGED_ROWS;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = offers)]
pub struct Offer {
    pub id: OfferId,
    pub group_id: GroupId,
    #[diesel(embed)]
    pub spec: OfferSpec,
    pub archived_at: Option<DateTime<Utc>>,
}

/// What the vendor writes of an offer: its name and terms.
#[derive(Debug, Clone, Queryable, Selectable, AsChangeset, Insertable)]
#[diesel(table_name = offers)]
pub struct OfferSpec {
    pub name: String,
    #[diesel(embed)]
    pub terms: Terms,
}

/// The group's offers, live ones first, then archived.
pub fn of_group(conn: &mut PgConnection, vendor: VendorId, group: GroupId) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::vendor_id.eq(vendor))
        .filter(offers::group_id.eq(group))
        .order((offers::archived_at.is_not_null(), offers::created_at.asc()))
        .select(Offer::as_select())
        .load(conn)
}

/// The live offers of a group, for an event.
pub fn live(conn: &mut PgConnection, group: GroupId) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::group_id.eq(group))
        .filter(offers::archived_at.is_null())
        .order(offers::id.asc())
        .select(Offer::as_select())
        .load(conn)
}

/// The offers of a group that were live at `at`: made by then, and not
/// archived before it.
pub fn live_at(conn: &mut PgConnection, group: GroupId, at: DateTime<Utc>) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::group_id.eq(group))
        .filter(offers::created_at.le(at))
        .filter(offers::archived_at.is_null().or(offers::archived_at.gt(at)))
        .order(offers::id.asc())
        .select(Offer::as_select())
        .load(conn)
}

pub fn find(conn: &mut PgConnection, vendor: VendorId, group: GroupId, id: OfferId) -> QueryResult<Offer> {
    offers::table
        .filter(offers::vendor_id.eq(vendor))
        .filter(offers::group_id.eq(group))
        .filter(offers::id.eq(id))
        .select(Offer::as_select())
        .first(conn)
}

pub fn create(conn: &mut PgConnection, vendor: VendorId, group: GroupId, spec: &OfferSpec) -> QueryResult<OfferId> {
    diesel::insert_into(offers::table)
        .values((offers::vendor_id.eq(vendor), offers::group_id.eq(group), spec))
        .returning(offers::id)
        .get_result(conn)
}

/// Changes the terms for events from now on; commissions already earned keep theirs.
pub fn update(conn: &mut PgConnection, id: OfferId, spec: &OfferSpec) -> QueryResult<()> {
    diesel::update(offers::table.find(id)).set((spec, offers::updated_at.eq(diesel::dsl::now))).execute(conn)?;
    Ok(())
}

pub fn archive(conn: &mut PgConnection, id: OfferId) -> QueryResult<()> {
    diesel::update(offers::table.find(id)).set(offers::archived_at.eq(diesel::dsl::now)).execute(conn)?;
    Ok(())
}

/// Deletes an offer that never earned anything; `false` when it has commissions.
pub fn delete_unused(conn: &mut PgConnection, id: OfferId) -> QueryResult<bool> {
    let used: bool = diesel::select(diesel::dsl::exists(commissions::table.filter(commissions::offer_id.eq(id))))
        .get_result(conn)?;
    if used {
        return Ok(false);
    }
    diesel::delete(offers::table.find(id)).execute(conn)?;
    Ok(true)
}

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
fn total_cents() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
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
pub fn approve_due(conn: &mut PgConnection) -> QueryResult<usize> {
    let ids: Vec<CommissionId> = diesel::update(
        commissions::table
            .filter(commissions::status.eq(CommissionStatus::Pending))
            .filter(commissions::hold_until.le(diesel::dsl::now)),
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

pub fn offer_by_id(conn: &mut PgConnection, id: OfferId) -> QueryResult<Offer> {
    offers::table.find(id).select(Offer::as_select()).first(conn)
}

/// The commissions these sales earned, with their earners' partner codes,
/// in one query, for the API's answers.
pub fn of_sales(conn: &mut PgConnection, sales: &[TransactionId]) -> QueryResult<Vec<(Commission, String)>> {
    use crate::db::schema::partnerships;
    commissions::table
        .inner_join(partnerships::table)
        .filter(commissions::transaction_id.eq_any(sales))
        .order(commissions::id.asc())
        .select((Commission::as_select(), partnerships::code))
        .load(conn)
}

/// Commission totals of one status, in one currency.
#[derive(Debug, Clone, Queryable)]
pub struct StatusTotal {
    pub status: CommissionStatus,
    currency: String,
    pub cents: i64,
}

impl StatusTotal {
    pub fn amount(&self) -> Money {
        Money::new(self.cents, Currency::stored(&self.currency))
    }
}

/// A partnership's commission totals by status and currency; rejected ones left out.
pub fn totals_of(conn: &mut PgConnection, partnership: PartnershipId) -> QueryResult<Vec<StatusTotal>> {
    commissions::table
        .filter(commissions::partnership_id.eq(partnership))
        .filter(commissions::status.ne(CommissionStatus::Rejected))
        .group_by((commissions::status, commissions::currency))
        .select((commissions::status, commissions::currency, total_cents()))
        .order_by(commissions::currency)
        .load(conn)
}

/// A commission with what it was for, as lists show it.
#[derive(Debug, Clone, Queryable)]
pub struct CommissionLine {
    #[diesel(embed)]
    pub commission: Commission,
    pub offer_name: String,
}

/// A partnership's commissions, newest first.
pub fn of_partnership(
    conn: &mut PgConnection,
    partnership: PartnershipId,
    limit: i64,
) -> QueryResult<Vec<CommissionLine>> {
    commissions::table
        .inner_join(offers::table)
        .filter(commissions::partnership_id.eq(partnership))
        .order((commissions::created_at.desc(), commissions::id.desc()))
        .limit(limit)
        .select((Commission::as_select(), offers::name))
        .load(conn)
}

pub fn one_of_partnership(
    conn: &mut PgConnection,
    partnership: PartnershipId,
    id: CommissionId,
) -> QueryResult<Option<CommissionLine>> {
    commissions::table
        .inner_join(offers::table)
        .filter(commissions::partnership_id.eq(partnership))
        .filter(commissions::id.eq(id))
        .select((Commission::as_select(), offers::name))
        .first(conn)
        .optional()
}

/// One line of a commission's status history.
#[derive(Debug, Clone, Queryable)]
pub struct HistoryLine {
    pub status: CommissionStatus,
    pub note: String,
    pub at: DateTime<Utc>,
}

pub fn history(conn: &mut PgConnection, id: CommissionId) -> QueryResult<Vec<HistoryLine>> {
    commission_history::table
        .filter(commission_history::commission_id.eq(id))
        .order((commission_history::created_at.asc(), commission_history::id.asc()))
        .select((commission_history::status, commission_history::note, commission_history::created_at))
        .load(conn)
}

/// What the vendor's Commissions page filters by.
#[derive(Debug, Clone, Default)]
pub struct CommissionFilter {
    pub status: Option<CommissionStatus>,
    pub partner_code: String,
    pub group: Option<GroupId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A commission with its partner, for the vendor.
#[derive(Debug, Clone, Queryable)]
pub struct VendorLine {
    #[diesel(embed)]
    pub commission: Commission,
    pub offer_name: String,
    pub partner_name: String,
    pub partner_code: String,
    pub group_name: String,
}

/// The vendor's commissions matching `filter`, newest first, one page,
/// and how many match, counted up to one past [`PAGED_ROWS`]. The filters
/// read `commissions` alone; names are joined for the page's rows only.
pub fn of_vendor(
    conn: &mut PgConnection,
    vendor: VendorId,
    filter: &CommissionFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<VendorLine>, i64)> {
    let total =
        matching(vendor, filter).select(commissions::id).limit(PAGED_ROWS + 1).load::<CommissionId>(conn)?.len();
    let ids: Vec<CommissionId> = matching(vendor, filter)
        .order((commissions::created_at.desc(), commissions::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(commissions::id)
        .load(conn)?;
    let mut lines = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5_000) {
        lines.extend(lines_of(conn, chunk)?);
    }
    Ok((lines, total as i64))
}

fn matching<'a>(vendor: VendorId, filter: &CommissionFilter) -> commissions::BoxedQuery<'a, diesel::pg::Pg> {
    use crate::db::schema::partnerships;
    let mut query = commissions::table.filter(commissions::vendor_id.eq(vendor)).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(commissions::status.eq(status));
    }
    if !filter.partner_code.is_empty() {
        let partner = partnerships::table
            .filter(partnerships::vendor_id.eq(vendor))
            .filter(partnerships::code.eq(filter.partner_code.clone()))
            .select(partnerships::id);
        query = query.filter(commissions::partnership_id.eq_any(partner));
    }
    if let Some(group) = filter.group {
        query = query.filter(commissions::group_id.eq(group));
    }
    if let Some(from) = filter.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        query = query.filter(commissions::created_at.ge(Utc.from_utc_datetime(&from)));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()).and_then(|d| d.and_hms_opt(0, 0, 0)) {
        query = query.filter(commissions::created_at.lt(Utc.from_utc_datetime(&to)));
    }
    query
}

/// The lines of `ids`, newest first.
fn lines_of(conn: &mut PgConnection, ids: &[CommissionId]) -> QueryResult<Vec<VendorLine>> {
    use crate::db::schema::{partner_groups, partnerships, users};
    commissions::table
        .inner_join(offers::table)
        .inner_join(partnerships::table.inner_join(users::table))
        .inner_join(partner_groups::table.on(partner_groups::id.eq(commissions::group_id)))
        .filter(commissions::id.eq_any(ids))
        .order((commissions::created_at.desc(), commissions::id.desc()))
        .select((
            Commission::as_select(),
            offers::name,
            partnerships::partner_name,
            partnerships::code,
            partner_groups::name,
        ))
        .load(conn)
}

/// How many of `ids` are the vendor's.
pub fn count_of_vendor(conn: &mut PgConnection, vendor: VendorId, ids: &[CommissionId]) -> QueryResult<i64> {
    commissions::table
        .filter(commissions::vendor_id.eq(vendor))
        .filter(commissions::id.eq_any(ids))
        .count()
        .get_result(conn)
}

/// Approves the pending ones among `ids`; returns how many.
pub fn approve(conn: &mut PgConnection, vendor: VendorId, ids: &[CommissionId], actor: UserId) -> QueryResult<usize> {
    let approved: Vec<CommissionId> = diesel::update(
        commissions::table
            .filter(commissions::vendor_id.eq(vendor))
            .filter(commissions::id.eq_any(ids))
            .filter(commissions::status.eq(CommissionStatus::Pending)),
    )
    .set(commissions::status.eq(CommissionStatus::Approved))
    .returning(commissions::id)
    .get_results(conn)?;
    record(conn, &approved, CommissionStatus::Approved, "Approved by hand", Some(actor))?;
    Ok(approved.len())
}

/// Rejects the pending or approved ones among `ids` not yet in a payout.
pub fn reject(
    conn: &mut PgConnection,
    vendor: VendorId,
    ids: &[CommissionId],
    reason: &str,
    actor: UserId,
) -> QueryResult<usize> {
    let rejected: Vec<CommissionId> = diesel::update(
        commissions::table
            .filter(commissions::vendor_id.eq(vendor))
            .filter(commissions::id.eq_any(ids))
            .filter(commissions::status.eq_any([CommissionStatus::Pending, CommissionStatus::Approved]))
            .filter(commissions::payout_id.is_null()),
    )
    .set(commissions::status.eq(CommissionStatus::Rejected))
    .returning(commissions::id)
    .get_results(conn)?;
    record(conn, &rejected, CommissionStatus::Rejected, &format!("Rejected: {reason}"), Some(actor))?;
    Ok(rejected.len())
}

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
