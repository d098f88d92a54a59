//! Reading the ledger: a partner's and a vendor's commissions, totals,
//! history lines, and the vendor's approvals and rejections.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;

use super::ledger::{Commission, record, total_cents};
use crate::db::ids::{CommissionId, GroupId, PartnershipId, TransactionId, UserId, VendorId};
use crate::db::schema::{commission_history, commissions, offers};
use crate::db::states::CommissionStatus;
use crate::domain::{Currency, Money};
use crate::web::count::PAGED_ROWS;

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
