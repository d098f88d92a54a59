//! `/api/v1/signups`, `/sales`, `/refunds` and `/customers/{key}`: the
//! vendor's site reports customers and money; partners are credited.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use diesel::PgConnection;
use serde::Serialize;
use serde_json::json;

use super::fields::Fields;
use super::{ApiError, ApiVendor};
use crate::conversions::record::{self, Outcome, Patience, RefundProblem, SaleConflict, SaleReport, Signup};
use crate::customers::attribution::Program;
use crate::customers::queries::{self as customers, Customer, Sale};
use crate::db::ids::VendorId;
use crate::db::states::CommissionStatus;
use crate::db::{self, DbPool};
use crate::domain::{Currency, EmailAddress, Money};
use crate::email::Outbox;
use crate::rewards::queries::{self as rewards, Commission, CommissionFilter};
use crate::vendors::queries as vendors;

/// Clocks differ: a sale this far ahead of ours is still "now".
const CLOCK_SKEW: Duration = Duration::minutes(5);

#[derive(Debug, Serialize)]
pub struct CustomerJson {
    customer_key: String,
    email: Option<String>,
    name: Option<String>,
    signed_up_at: DateTime<Utc>,
    attributed: bool,
    partner_code: Option<String>,
    click_id: Option<String>,
    attribution: &'static str,
    reason: String,
    self_referral: bool,
}

#[derive(Debug, Serialize)]
pub struct SaleJson {
    sale_key: String,
    customer_key: String,
    amount_cents: i64,
    currency: String,
    refunded_cents: i64,
    occurred_at: DateTime<Utc>,
    product: Option<String>,
    partner_code: Option<String>,
    /// What the sale earned, as the ledger holds it now.
    commissions: Vec<CommissionJson>,
}

#[derive(Debug, Serialize)]
pub struct CommissionJson {
    id: i64,
    partner_code: String,
    kind: &'static str,
    amount_cents: i64,
    currency: String,
    status: &'static str,
    arithmetic: String,
}

#[derive(Debug, Serialize)]
struct RefundJson {
    sale_key: String,
    amount_cents: i64,
    currency: String,
    refunded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
struct CustomerDetailJson {
    #[serde(flatten)]
    customer: CustomerJson,
    sales: Vec<SaleJson>,
    refunds: Vec<RefundJson>,
}

fn customer_json(conn: &mut PgConnection, customer: &Customer) -> diesel::QueryResult<CustomerJson> {
    Ok(CustomerJson {
        customer_key: customer.external_id.clone(),
        email: customer.email.clone(),
        name: customer.name.clone(),
        signed_up_at: customer.signed_up_at,
        attributed: customer.partnership_id.is_some(),
        partner_code: customers::partner_code(conn, customer.partnership_id)?,
        click_id: customers::click_public_id(conn, customer.click_id)?,
        attribution: customer.attribution.as_str(),
        reason: customer.reason.clone(),
        self_referral: customer.self_referral,
    })
}

/// A customer's sales as JSON, with what each earned: a fixed number of
/// queries however many sales there are. Every sale of a customer is
/// credited to the customer's partner, whose code is `partner_code`.
fn sales_json(
    conn: &mut PgConnection,
    sales: &[Sale],
    customer_key: &str,
    partner_code: Option<&str>,
) -> diesel::QueryResult<Vec<SaleJson>> {
    let ids: Vec<_> = sales.iter().map(|sale| sale.id).collect();
    let earned = rewards::of_sales(conn, &ids)?;
    Ok(sales
        .iter()
        .map(|sale| SaleJson {
            sale_key: sale.sale_key.clone(),
            customer_key: customer_key.to_string(),
            amount_cents: sale.amount().cents,
            currency: sale.currency().code().to_string(),
            refunded_cents: sale.refunded().cents,
            occurred_at: sale.occurred_at,
            product: sale.product.clone(),
            partner_code: partner_code.map(str::to_string),
            commissions: earned
                .iter()
                .filter(|(c, _)| c.transaction_id == Some(sale.id))
                .map(|(c, code)| commission_json(c, code))
                .collect(),
        })
        .collect())
}

/// One sale as JSON.
fn sale_json(conn: &mut PgConnection, sale: &Sale, customer_key: &str) -> diesel::QueryResult<SaleJson> {
    let partner_code = customers::partner_code(conn, sale.partnership_id)?;
    let mut one = sales_json(conn, std::slice::from_ref(sale), customer_key, partner_code.as_deref())?;
    one.pop().ok_or(diesel::result::Error::NotFound)
}

pub fn commission_json(c: &Commission, partner_code: &str) -> CommissionJson {
    CommissionJson {
        id: c.id.0,
        partner_code: partner_code.to_string(),
        kind: c.kind.as_str(),
        amount_cents: c.amount().cents,
        currency: c.amount().currency.code().to_string(),
        status: c.status.as_str(),
        arithmetic: c.arithmetic.clone(),
    }
}

fn answer<T: Serialize>(outcome: Outcome, body: &T) -> HttpResponse {
    let status = if outcome == Outcome::Created { StatusCode::CREATED } else { StatusCode::OK };
    HttpResponse::build(status).json(body)
}

async fn program(pool: &DbPool, vendor: VendorId) -> Result<Program, ApiError> {
    let found = db::run(pool, move |conn| Ok(vendors::by_id(conn, vendor)?)).await?;
    Ok(Program { vendor, window_days: found.attribution_window_days })
}

fn signup_fields(fields: &Fields) -> Result<Signup, ApiError> {
    let email = match fields.text("email")? {
        Some(email) => {
            Some(EmailAddress::parse(&email).map_err(|m| ApiError::invalid("email", m))?.as_str().to_string())
        }
        None => None,
    };
    Ok(Signup {
        key: fields.required_text("customer_key")?,
        email,
        name: fields.text("name")?,
        click_id: fields.text("click_id")?,
        partner_code: fields.text("partner_code")?,
    })
}

/// `POST /api/v1/signups`: 201 with the attribution, or 200 with the
/// stored customer when the key is known.
pub async fn signup(
    vendor: ApiVendor,
    payload: web::Payload,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, ApiError> {
    let outbox = outbox.get_ref().clone();
    let signup = signup_fields(&Fields::read(payload).await?)?;
    let program = program(&pool, vendor.0).await?;
    let click = record::find_click(&pool, signup.click_id.as_deref(), Patience::WaitForTheClick).await?;
    let (outcome, json) = db::transaction(&pool, move |conn| {
        let (customer, outcome) = record::customer(conn, &outbox, program, &signup, click, Utc::now())?;
        Ok((outcome, customer_json(conn, &customer)?))
    })
    .await?;
    Ok(answer(outcome, &json))
}

fn sale_report(fields: &Fields) -> Result<SaleReport, ApiError> {
    let key = fields.required_text("sale_key")?;
    let cents =
        fields.amount("amount_cents")?.ok_or_else(|| ApiError::invalid("amount_cents", "amount_cents is required."))?;
    let code = fields.required_text("currency")?;
    let refused = || ApiError::invalid("currency", "currency is an ISO 4217 code in capitals, like USD, EUR or JPY.");
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(refused());
    }
    let currency = Currency::parse(&code).map_err(|_| refused())?;
    let now = Utc::now();
    let at = fields.time("occurred_at")?.unwrap_or(now);
    if at > now + CLOCK_SKEW {
        return Err(ApiError::invalid("occurred_at", "occurred_at is in the future."));
    }
    Ok(SaleReport { key, amount: Money::new(cents, currency), at, product: fields.text("product")? })
}

/// `POST /api/v1/sales`: 201 with the sale, 200 when its key is known.
pub async fn sale(
    vendor: ApiVendor,
    payload: web::Payload,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, ApiError> {
    let outbox = outbox.get_ref().clone();
    let fields = Fields::read(payload).await?;
    let report = sale_report(&fields)?;
    let signup = Signup { email: None, name: None, ..signup_fields(&fields)? };
    let program = program(&pool, vendor.0).await?;
    let click = record::find_click(&pool, signup.click_id.as_deref(), Patience::WaitForTheClick).await?;
    let recorded = db::transaction(&pool, move |conn| {
        // A sale that names a partner may credit a customer stored without
        // one; a sale is not a signup, so a stored customer keeps its time.
        let claims = signup.claims_a_partner();
        let customer = match customers::customer_by_key(conn, program.vendor, &signup.key)? {
            Some(stored) if claims => record::customer(conn, &outbox, program, &signup, click, stored.signed_up_at)?.0,
            Some(stored) => stored,
            None if claims => record::customer(conn, &outbox, program, &signup, click, report.at)?.0,
            None => return Ok(Err(ApiError::invalid("customer_key", UNKNOWN_CUSTOMER))),
        };
        Ok(match record::sale(conn, &outbox, &customer, &report)? {
            Ok((sale, outcome)) => Ok((outcome, sale_json(conn, &sale, &customer.external_id)?)),
            Err(SaleConflict::KeyReused) => Err(ApiError::new(
                StatusCode::CONFLICT,
                "sale_key_taken",
                "This sale_key is already used by a different sale (another customer or amount).",
            )
            .on("sale_key")),
        })
    })
    .await??;
    Ok(answer(recorded.0, &recorded.1))
}

const UNKNOWN_CUSTOMER: &str =
    "No customer has this customer_key: send the signup first, or a click_id or partner_code with the sale.";

/// `POST /api/v1/refunds`: refunds a sale, all of what is left by default.
pub async fn refund(
    vendor: ApiVendor,
    payload: web::Payload,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let fields = Fields::read(payload).await?;
    let sale_key = fields.required_text("sale_key")?;
    let cents = fields.amount("amount_cents")?;
    let refund_key = fields.text("refund_key")?;
    let vendor = vendor.0;
    let refunded = db::transaction(&pool, move |conn| {
        Ok(match record::refund(conn, vendor, &sale_key, cents, refund_key.as_deref())? {
            Ok((sale, outcome)) => {
                let key = customer_key_of(conn, &sale)?;
                Ok((outcome, sale_json(conn, &sale, &key)?))
            }
            Err(problem) => Err(refund_error(problem)),
        })
    })
    .await??;
    Ok(answer(refunded.0, &refunded.1))
}

fn refund_error(problem: RefundProblem) -> ApiError {
    match problem {
        RefundProblem::NoSuchSale => ApiError::invalid("sale_key", "No sale has this sale_key."),
        RefundProblem::NotPositive => ApiError::invalid("amount_cents", "amount_cents must be more than 0."),
        RefundProblem::TooMuch(left) => ApiError::invalid(
            "amount_cents",
            format!("That is more than is left to refund of this sale ({left}, {} cents).", left.cents),
        ),
    }
}

fn customer_key_of(conn: &mut PgConnection, sale: &Sale) -> diesel::QueryResult<String> {
    customers::customer_by_id(conn, sale.vendor_id, sale.customer_id)?
        .map(|customer| customer.external_id)
        .ok_or(diesel::result::Error::NotFound)
}

/// `GET /api/v1/customers/{customer_key}`.
pub async fn show(
    vendor: ApiVendor,
    key: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let (vendor, key) = (vendor.0, key.into_inner());
    let detail = db::run(&pool, move |conn| {
        let Some(customer) = customers::customer_by_key(conn, vendor, &key)? else { return Ok(None) };
        let json = customer_json(conn, &customer)?;
        let sales = customers::sales_of(conn, customer.id)?;
        let sales = sales_json(conn, &sales, &customer.external_id, json.partner_code.as_deref())?;
        let refunds = customers::refunds_of(conn, customer.id)?
            .into_iter()
            .map(|refund| RefundJson {
                amount_cents: refund.amount().cents,
                currency: refund.amount().currency.code().to_string(),
                sale_key: refund.sale_key,
                refunded_at: refund.created_at,
            })
            .collect();
        Ok(Some(CustomerDetailJson { customer: json, sales, refunds }))
    })
    .await?;
    let detail = detail.ok_or_else(|| ApiError::not_found("No customer has this customer_key."))?;
    Ok(HttpResponse::Ok().json(detail))
}

const COMMISSIONS_PER_PAGE: i64 = 50;

#[derive(Debug, serde::Deserialize)]
pub struct CommissionsQuery {
    status: Option<String>,
    partner_code: Option<String>,
    page: Option<String>,
}

/// `GET /api/v1/commissions?status=&partner_code=&page=`, newest first.
pub async fn commissions(
    vendor: ApiVendor,
    query: web::Query<CommissionsQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(
            CommissionStatus::parse(text)
                .ok_or_else(|| ApiError::invalid("status", "status is one of pending, approved, paid, rejected."))?,
        ),
    };
    let page = match query.page.as_deref() {
        None => 1,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=crate::web::plain_input::PAGE_MAX).contains(p))
            .ok_or_else(|| ApiError::invalid("page", "page is a whole number from 1 to 100000."))?,
    };
    let filter =
        CommissionFilter { status, partner_code: query.partner_code.unwrap_or_default(), ..Default::default() };
    let vendor = vendor.0;
    let (data, total) = db::run(&pool, move |conn| {
        let (lines, total) =
            rewards::of_vendor(conn, vendor, &filter, COMMISSIONS_PER_PAGE, (page - 1) * COMMISSIONS_PER_PAGE)?;
        let data: Vec<_> = lines
            .iter()
            .map(|line| {
                json!({
                    "commission": commission_json(&line.commission, &line.partner_code),
                    "offer": line.offer_name,
                    "group": line.group_name,
                    "created_at": line.commission.created_at,
                })
            })
            .collect();
        Ok((data, total))
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({ "data": data, "page": page, "per_page": COMMISSIONS_PER_PAGE, "total": total })))
}
