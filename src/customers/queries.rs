//! Customers, their sales and refunds.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int8, Nullable, Text, Timestamptz};

use super::attribution::{ClickFacts, Decision, PartnerFacts};
use crate::db::ids::{AdId, ClickId, CustomerId, LinkId, PartnershipId, TransactionId, VendorId};
use crate::db::prepared::prepared;
use crate::db::schema::{clicks, customers, partnerships, refunds, transactions, users};
use crate::db::states::{AttributionSource, PartnershipStatus};
use crate::domain::{Currency, Money};
use crate::web::count::{Count, SEARCHED_ROWS};
use crate::web::search::like_pattern;

/// A customer the vendor reported, attributed to a partner when known.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: CustomerId,
    pub vendor_id: VendorId,
    pub partnership_id: Option<PartnershipId>,
    pub click_id: Option<ClickId>,
    /// The vendor's own id for the customer.
    pub external_id: String,
    pub signed_up_at: DateTime<Utc>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub attribution: AttributionSource,
    pub reason: String,
    pub self_referral: bool,
    /// The click the customer came through, when credited by a click.
    pub clicked_at: Option<DateTime<Utc>>,
    pub link_id: Option<LinkId>,
    pub ad_id: Option<AdId>,
}

impl Customer {
    /// Stored with no partner and nothing that decided against one: the
    /// first report carried no usable click id or partner code.
    pub fn awaits_evidence(&self) -> bool {
        self.partnership_id.is_none() && !self.self_referral && self.attribution == AttributionSource::None
    }
}

/// A sale the vendor reported for a customer.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = transactions)]
pub struct Sale {
    pub id: TransactionId,
    pub vendor_id: VendorId,
    pub customer_id: CustomerId,
    pub partnership_id: Option<PartnershipId>,
    amount_cents: i64,
    currency: String,
    pub occurred_at: DateTime<Utc>,
    pub sale_key: String,
    pub product: Option<String>,
    refunded_cents: i64,
}

impl Sale {
    pub fn currency(&self) -> Currency {
        Currency::stored(&self.currency)
    }

    pub fn amount(&self) -> Money {
        Money::new(self.amount_cents, self.currency())
    }

    pub fn refunded(&self) -> Money {
        Money::new(self.refunded_cents, self.currency())
    }

    /// What is left to refund.
    pub fn refundable(&self) -> Money {
        Money::new(self.amount_cents - self.refunded_cents, self.currency())
    }
}

/// A refund of (part of) a sale.
#[derive(Debug, Clone, Queryable)]
pub struct Refund {
    pub sale_key: String,
    pub amount_cents: i64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
}

impl Refund {
    pub fn amount(&self) -> Money {
        Money::new(self.amount_cents, Currency::stored(&self.currency))
    }
}

#[derive(Queryable)]
struct ClickRow {
    id: ClickId,
    public_id: Option<String>,
    clicked_at: DateTime<Utc>,
    link: LinkId,
    ad: Option<AdId>,
    partnership: PartnershipId,
    vendor: VendorId,
    code: String,
    status: PartnershipStatus,
    email: String,
}

/// A click id as the landing URL carried it, with its partner.
pub fn click_facts(conn: &mut PgConnection, public_id: &str) -> QueryResult<Option<ClickFacts>> {
    let row: Option<ClickRow> = clicks::table
        .inner_join(partnerships::table.on(partnerships::id.eq(clicks::partnership_id)))
        .inner_join(users::table.on(users::id.eq(partnerships::user_id)))
        .filter(clicks::public_id.eq(public_id))
        .select((
            clicks::id,
            clicks::public_id,
            clicks::clicked_at,
            clicks::link_id,
            clicks::ad_id,
            partnerships::id,
            partnerships::vendor_id,
            partnerships::code,
            partnerships::status,
            users::email,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|row| ClickFacts {
        id: row.id,
        public_id: row.public_id.unwrap_or_default(),
        clicked_at: row.clicked_at,
        link: row.link,
        ad: row.ad,
        partner: PartnerFacts {
            partnership: row.partnership,
            vendor: row.vendor,
            code: row.code,
            active: row.status == PartnershipStatus::Active,
            email: row.email,
        },
    }))
}

/// How a partner is named: by the code in their links, or by id.
#[derive(Debug, Clone, Copy)]
pub enum PartnerRef<'a> {
    Code(&'a str),
    Id(PartnershipId),
}

/// The vendor's partner, with what attribution needs to know.
pub fn partner_facts(conn: &mut PgConnection, vendor: VendorId, by: PartnerRef) -> QueryResult<Option<PartnerFacts>> {
    let query = partnerships::table
        .inner_join(users::table.on(users::id.eq(partnerships::user_id)))
        .filter(partnerships::vendor_id.eq(vendor))
        .select((partnerships::id, partnerships::code, partnerships::status, users::email))
        .into_boxed();
    let query = match by {
        PartnerRef::Code(code) => query.filter(partnerships::code.eq(code)),
        PartnerRef::Id(id) => query.filter(partnerships::id.eq(id)),
    };
    let row: Option<(PartnershipId, String, PartnershipStatus, String)> = query.first(conn).optional()?;
    Ok(row.map(|(partnership, code, status, email)| PartnerFacts {
        partnership,
        vendor,
        code,
        active: status == PartnershipStatus::Active,
        email,
    }))
}

/// A new customer as the API or Stripe reported it.
pub struct NewCustomer<'a> {
    pub vendor: VendorId,
    pub key: &'a str,
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub decision: &'a Decision,
}

/// Stores the customer unless the vendor already has one with this key:
/// `None` then, and the first record stands.
pub fn insert_customer(conn: &mut PgConnection, new: &NewCustomer) -> QueryResult<Option<Customer>> {
    diesel::insert_into(customers::table)
        .values((
            customers::vendor_id.eq(new.vendor),
            customers::external_id.eq(new.key),
            customers::email.eq(new.email),
            customers::name.eq(new.name),
            customers::signed_up_at.eq(new.at),
            customers::partnership_id.eq(new.decision.partnership),
            customers::click_id.eq(new.decision.click.map(|click| click.id)),
            customers::clicked_at.eq(new.decision.click.map(|click| click.at)),
            customers::link_id.eq(new.decision.click.map(|click| click.link)),
            customers::ad_id.eq(new.decision.click.and_then(|click| click.ad)),
            customers::attribution.eq(new.decision.source),
            customers::reason.eq(&new.decision.reason),
            customers::self_referral.eq(new.decision.self_referral),
        ))
        .on_conflict((customers::vendor_id, customers::external_id))
        .do_nothing()
        .returning(Customer::as_returning())
        .get_result(conn)
        .optional()
}

pub fn customer_by_key(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::external_id.eq(key))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer, locked until the transaction ends: reports of one
/// customer queue up, so a late credit is given once.
pub fn lock_customer(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::external_id.eq(key))
        .select(Customer::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// What a later report adds to a stored customer: a missing email or
/// name, and an earlier signup time.
pub fn fill_in(
    conn: &mut PgConnection,
    customer: &Customer,
    email: Option<&str>,
    name: Option<&str>,
    at: DateTime<Utc>,
) -> QueryResult<Customer> {
    let adds_something = (customer.email.is_none() && email.is_some())
        || (customer.name.is_none() && name.is_some())
        || at < customer.signed_up_at;
    if !adds_something {
        return Ok(customer.clone());
    }
    diesel::update(customers::table.find(customer.id))
        .set((
            customers::email.eq(customer.email.as_deref().or(email)),
            customers::name.eq(customer.name.as_deref().or(name)),
            customers::signed_up_at.eq(at.min(customer.signed_up_at)),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
}

pub fn customer_by_id(conn: &mut PgConnection, vendor: VendorId, id: CustomerId) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::id.eq(id))
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The partner code of a partnership, for answers and pages.
pub fn partner_code(conn: &mut PgConnection, partnership: Option<PartnershipId>) -> QueryResult<Option<String>> {
    let Some(id) = partnership else { return Ok(None) };
    partnerships::table.find(id).select(partnerships::code).first(conn).optional()
}

/// The public id of a stored click.
pub fn click_public_id(conn: &mut PgConnection, click: Option<ClickId>) -> QueryResult<Option<String>> {
    let Some(id) = click else { return Ok(None) };
    Ok(clicks::table.find(id).select(clicks::public_id).first::<Option<String>>(conn).optional()?.flatten())
}

/// A sale as reported.
pub struct NewSale<'a> {
    pub customer: &'a Customer,
    pub key: &'a str,
    pub amount: Money,
    pub at: DateTime<Utc>,
    pub product: Option<&'a str>,
}

/// Stores the sale, credited to the customer's partner, unless the vendor
/// already has a sale with this key (`None`).
pub fn insert_sale(conn: &mut PgConnection, new: &NewSale) -> QueryResult<Option<Sale>> {
    diesel::insert_into(transactions::table)
        .values((
            transactions::vendor_id.eq(new.customer.vendor_id),
            transactions::customer_id.eq(new.customer.id),
            transactions::partnership_id.eq(new.customer.partnership_id),
            transactions::amount_cents.eq(new.amount.cents),
            transactions::currency.eq(new.amount.currency.code()),
            transactions::occurred_at.eq(new.at),
            transactions::sale_key.eq(new.key),
            transactions::product.eq(new.product),
        ))
        .on_conflict((transactions::vendor_id, transactions::sale_key))
        .do_nothing()
        .returning(Sale::as_returning())
        .get_result(conn)
        .optional()
}

pub fn sale_by_key(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Sale>> {
    transactions::table
        .filter(transactions::vendor_id.eq(vendor))
        .filter(transactions::sale_key.eq(key))
        .select(Sale::as_select())
        .first(conn)
        .optional()
}

pub fn sale_by_id(conn: &mut PgConnection, id: TransactionId) -> QueryResult<Sale> {
    transactions::table.find(id).select(Sale::as_select()).first(conn)
}

/// The sale, locked until the transaction ends: refunds of one sale queue up.
pub fn lock_sale(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<Option<Sale>> {
    transactions::table
        .filter(transactions::vendor_id.eq(vendor))
        .filter(transactions::sale_key.eq(key))
        .select(Sale::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Records a refund of `cents` of a locked sale. `None` when the refund key
/// was already used.
pub fn insert_refund(conn: &mut PgConnection, sale: &Sale, cents: i64, key: Option<&str>) -> QueryResult<Option<Sale>> {
    let inserted = diesel::insert_into(refunds::table)
        .values((
            refunds::vendor_id.eq(sale.vendor_id),
            refunds::transaction_id.eq(sale.id),
            refunds::amount_cents.eq(cents),
            refunds::refund_key.eq(key),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Ok(None);
    }
    diesel::update(transactions::table.find(sale.id))
        .set(transactions::refunded_cents.eq(transactions::refunded_cents + cents))
        .returning(Sale::as_returning())
        .get_result(conn)
        .map(Some)
}

pub fn refund_key_used(conn: &mut PgConnection, vendor: VendorId, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        refunds::table.filter(refunds::vendor_id.eq(vendor)).filter(refunds::refund_key.eq(key)),
    ))
    .get_result(conn)
}

/// A customer's sales, oldest first.
pub fn sales_of(conn: &mut PgConnection, customer: CustomerId) -> QueryResult<Vec<Sale>> {
    transactions::table
        .filter(transactions::customer_id.eq(customer))
        .order((transactions::occurred_at.asc(), transactions::id.asc()))
        .select(Sale::as_select())
        .load(conn)
}

/// A customer's refunds, oldest first.
pub fn refunds_of(conn: &mut PgConnection, customer: CustomerId) -> QueryResult<Vec<Refund>> {
    refunds::table
        .inner_join(transactions::table)
        .filter(transactions::customer_id.eq(customer))
        .order((refunds::created_at.asc(), refunds::id.asc()))
        .select((transactions::sale_key, refunds::amount_cents, transactions::currency, refunds::created_at))
        .load(conn)
}

/// The vendor's customers attributed to one partnership, newest first.
pub fn of_partnership(
    conn: &mut PgConnection,
    vendor: VendorId,
    partnership: PartnershipId,
) -> QueryResult<Vec<Customer>> {
    customers::table
        .filter(customers::vendor_id.eq(vendor))
        .filter(customers::partnership_id.eq(partnership))
        .order(customers::signed_up_at.desc())
        .select(Customer::as_select())
        .load(conn)
}

/// Credits a customer who has no partner, and their sales so far, as
/// `decision` says (or flags the self-referral it found); `None` when the
/// customer was credited meanwhile.
pub fn credit(conn: &mut PgConnection, customer: CustomerId, decision: &Decision) -> QueryResult<Option<Customer>> {
    let credited: Option<Customer> = diesel::update(customers::table.find(customer))
        .filter(customers::partnership_id.is_null())
        .set((
            customers::partnership_id.eq(decision.partnership),
            customers::click_id.eq(decision.click.map(|click| click.id)),
            customers::clicked_at.eq(decision.click.map(|click| click.at)),
            customers::link_id.eq(decision.click.map(|click| click.link)),
            customers::ad_id.eq(decision.click.and_then(|click| click.ad)),
            customers::attribution.eq(decision.source),
            customers::reason.eq(&decision.reason),
            customers::self_referral.eq(decision.self_referral),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
        .optional()?;
    if let Some(partnership) = credited.as_ref().and_then(|c| c.partnership_id) {
        diesel::update(transactions::table.filter(transactions::customer_id.eq(customer)))
            .set(transactions::partnership_id.eq(partnership))
            .execute(conn)?;
    }
    Ok(credited)
}

/// One line of the Customers page.
#[derive(Debug, Clone, QueryableByName)]
pub struct CustomerLine {
    #[diesel(sql_type = Int8)]
    pub id: CustomerId,
    #[diesel(sql_type = Text)]
    pub external_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub name: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub signed_up_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub attribution: AttributionSource,
    #[diesel(sql_type = Text)]
    pub reason: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub self_referral: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub partner_code: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub sales: i64,
    #[diesel(sql_type = BigInt)]
    net_cents: i64,
    #[diesel(sql_type = Nullable<Text>)]
    other_net: Option<String>,
}

impl CustomerLine {
    /// Net revenue in the vendor's currency.
    pub fn net(&self, currency: Currency) -> Money {
        Money::new(self.net_cents, currency)
    }

    /// Net revenue in each other currency.
    pub fn other_net(&self) -> Vec<Money> {
        self.other_net.as_deref().map(Money::parse_list).unwrap_or_default()
    }
}

/// The customers the page's search and filter match, newest first: `$1`
/// the vendor, then, with search text, `$2` its pattern and `$3` the text
/// itself. Text matches the customer's key, email or name, kept in
/// `search_text` (the planner walks the newest customers, whose index
/// entries carry it, when most match, or looks them up by its trigram index
/// when few do), or is the code of the partner credited.
fn matching_sql(search: &CustomerSearch) -> String {
    let mut sql = String::from("SELECT c.id FROM customers c WHERE c.vendor_id = $1");
    if like_pattern(search.text).is_some() {
        sql.push_str(
            " AND (c.search_text LIKE lower($2) \
             OR c.partnership_id = (SELECT id FROM partnerships WHERE vendor_id = $1 AND code = lower($3)))",
        );
    }
    match search.attributed {
        "attributed" => sql.push_str(" AND c.partnership_id IS NOT NULL"),
        "unattributed" => sql.push_str(" AND c.partnership_id IS NULL"),
        _ => {}
    }
    sql.push_str(" ORDER BY c.signed_up_at DESC, c.id DESC");
    sql
}

/// The lines of `$1`'s customers, in that order: each customer's sales
/// are read once, a row per currency, for the count and both sums.
const CUSTOMER_LINES: &str = "
SELECT c.id, c.external_id, c.email, c.name, c.signed_up_at, c.attribution, c.reason, c.self_referral,
       p.partner_name AS partner_name, p.code AS partner_code,
       coalesce(s.sales, 0)::bigint AS sales, coalesce(s.net_cents, 0)::bigint AS net_cents, s.other_net
FROM unnest($1::bigint[]) WITH ORDINALITY AS page(id, position)
JOIN customers c ON c.id = page.id
LEFT JOIN partnerships p ON p.id = c.partnership_id
LEFT JOIN LATERAL (
  SELECT sum(x.sales) AS sales, sum(x.cents) FILTER (WHERE x.currency = $2) AS net_cents,
         string_agg(x.currency || ' ' || x.cents, ',' ORDER BY x.currency) FILTER (WHERE x.currency <> $2) AS other_net
  FROM (SELECT t.currency, count(*) AS sales, sum(t.amount_cents - t.refunded_cents) AS cents
        FROM transactions t WHERE t.customer_id = c.id GROUP BY t.currency) x
) s ON true
ORDER BY page.position";

/// What the Customers page asks for.
pub struct CustomerSearch<'a> {
    pub text: &'a str,
    /// "", "attributed" or "unattributed".
    pub attributed: &'a str,
    pub currency: Currency,
    pub limit: i64,
    pub offset: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Int8)]
    id: CustomerId,
}

/// The ids of the matching customers from `offset`, at most `limit`.
fn matching_ids(
    conn: &mut PgConnection,
    vendor: VendorId,
    search: &CustomerSearch,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<CustomerId>> {
    let sql = format!("{} LIMIT {} OFFSET {}", matching_sql(search), limit.max(0), offset.max(0));
    let mut query = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>().bind::<Int8, _>(vendor);
    if let Some(pattern) = like_pattern(search.text) {
        query = query.bind::<Text, _>(pattern).bind::<Text, _>(search.text.trim().to_string());
    }
    Ok(query.load::<Id>(conn)?.into_iter().map(|row| row.id).collect())
}

/// The lines of `ids`, in their order.
fn lines(conn: &mut PgConnection, ids: &[CustomerId], currency: Currency) -> QueryResult<Vec<CustomerLine>> {
    let mut lines = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5_000) {
        let chunk: Vec<i64> = chunk.iter().map(|id| id.0).collect();
        lines.extend(
            prepared(
                diesel::sql_query(CUSTOMER_LINES)
                    .bind::<diesel::sql_types::Array<Int8>, _>(chunk)
                    .bind::<Text, _>(currency.code()),
            )
            .load::<CustomerLine>(conn)?,
        );
    }
    Ok(lines)
}

/// The matching customers from the search's offset, newest first.
pub fn search(conn: &mut PgConnection, vendor: VendorId, search: &CustomerSearch) -> QueryResult<Vec<CustomerLine>> {
    let ids = matching_ids(conn, vendor, search, search.limit, search.offset)?;
    lines(conn, &ids, search.currency)
}

/// One page of the matching customers and how many match. A search reads
/// its matching ids once, up to one past [`SEARCHED_ROWS`], for both; the
/// whole list is counted exactly from the daily signup rollups.
pub fn page(
    conn: &mut PgConnection,
    vendor: VendorId,
    search: &CustomerSearch,
) -> QueryResult<(Vec<CustomerLine>, Count)> {
    if like_pattern(search.text).is_none() {
        let page = self::search(conn, vendor, search)?;
        return Ok((page, Count::exact(signups(conn, vendor, search.attributed)?)));
    }
    let matching = matching_ids(conn, vendor, search, SEARCHED_ROWS + 1, 0)?;
    let on_page: Vec<CustomerId> = matching
        .iter()
        .skip(usize::try_from(search.offset).unwrap_or(0))
        .take(usize::try_from(search.limit).unwrap_or(0))
        .copied()
        .collect();
    Ok((lines(conn, &on_page, search.currency)?, Count::up_to(matching.len() as i64, SEARCHED_ROWS)))
}

/// Every signup of the vendor's customers (attributed, unattributed or both).
fn signups(conn: &mut PgConnection, vendor: VendorId, attributed: &str) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Total {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let who = match attributed {
        "attributed" => "0",
        "unattributed" => "-1",
        _ => "0, -1",
    };
    // One of three texts, each prepared once.
    let total: Total = prepared(
        diesel::sql_query(format!(
            "SELECT coalesce(sum(signups), 0)::bigint AS total FROM conversion_rollups
             WHERE vendor_id = $1 AND partnership_id IN ({who}) AND currency = ''"
        ))
        .bind::<Int8, _>(vendor),
    )
    .get_result(conn)?;
    Ok(total.total)
}

/// Where a click came in: its time, link and ad, for the customer's page.
#[derive(Debug, Clone, Queryable)]
pub struct ClickOrigin {
    pub clicked_at: DateTime<Utc>,
    pub link_title: String,
    pub ad_name: Option<String>,
}

/// Read from the customer's own copy of the click, which outlives the raw click.
pub fn click_origin(conn: &mut PgConnection, customer: &Customer) -> QueryResult<Option<ClickOrigin>> {
    use crate::db::schema::{ads, links};
    let (Some(clicked_at), Some(link)) = (customer.clicked_at, customer.link_id) else { return Ok(None) };
    let link_title = links::table.find(link).select(links::title).first(conn)?;
    let ad_name = match customer.ad_id {
        Some(ad) => ads::table.find(ad).select(ads::name).first(conn).optional()?,
        None => None,
    };
    Ok(Some(ClickOrigin { clicked_at, link_title, ad_name }))
}
