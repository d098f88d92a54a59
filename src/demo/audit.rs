//! `partnerdesk demo --check-books N`: takes N of the demo's signups and
//! sales, forgets their commissions and has `rewards::ledger` earn them
//! again, as if each event had just been reported, then compares. All of it
//! in one transaction that is rolled back: the database is left as it was.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};

use super::OWNER_EMAIL;
use crate::config::Config;
use crate::customers::queries as customers;
use crate::db::ids::{CustomerId, TransactionId, VendorId};
use crate::email::{Outbox, Sealer, WakeUp};
use crate::rewards::ledger::{self, Credit};
use crate::web::AppError;

/// What the check found.
#[derive(Debug)]
pub struct Audit {
    pub events: usize,
    pub commissions: usize,
    /// Of the commissions, the recruiters' overrides.
    pub overrides: usize,
    /// One line per event whose commissions differ.
    pub disagreements: Vec<String>,
}

/// A commission as both sides must agree on it (not its status: the
/// demo's vendor has since rejected or paid some).
#[derive(Debug, PartialEq, Eq, QueryableByName)]
struct Line {
    #[diesel(sql_type = BigInt)]
    partnership_id: i64,
    #[diesel(sql_type = BigInt)]
    offer_id: i64,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    earned_cents: i64,
    #[diesel(sql_type = BigInt)]
    amount_cents: i64,
    #[diesel(sql_type = Text)]
    arithmetic: String,
    #[diesel(sql_type = Timestamptz)]
    hold_until: chrono::DateTime<chrono::Utc>,
}

#[derive(QueryableByName)]
struct Sampled {
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    transaction_id: Option<i64>,
}

/// Half the sample from partners with a recruiter, so overrides are in it.
const SAMPLE: &str = "
(SELECT cu.id AS customer_id, NULL::bigint AS transaction_id FROM customers cu JOIN partnerships p ON p.id = cu.partnership_id
 WHERE cu.vendor_id = $1 ORDER BY md5(cu.id::text) LIMIT $2)
UNION ALL
(SELECT t.customer_id, t.id FROM transactions t JOIN partnerships p ON p.id = t.partnership_id
 WHERE t.vendor_id = $1 AND p.parent_id IS NOT NULL ORDER BY md5(t.id::text) LIMIT $2)
UNION ALL
(SELECT t.customer_id, t.id FROM transactions t JOIN partnerships p ON p.id = t.partnership_id
 WHERE t.vendor_id = $1 AND t.refunded_cents > 0 ORDER BY md5(t.id::text) LIMIT $2)";

/// How the check's transaction ends: rolled back either way.
enum Rollback {
    Checked(Audit),
    Failed(AppError),
}

impl From<diesel::result::Error> for Rollback {
    fn from(error: diesel::result::Error) -> Self {
        Rollback::Failed(error.into())
    }
}

pub fn check_books(config: &Config, sample: u32) -> anyhow::Result<Audit> {
    let pool = crate::db::prepare(&config.database_url)?;
    let mut conn = pool.get()?;
    let outbox = Outbox::new(Sealer::from_secret(config.session_key.expose()), config.base_url(), WakeUp::default());
    let each = i64::from(sample.div_ceil(3));
    let outcome = conn.transaction::<(), Rollback, _>(|conn| match compare(conn, &outbox, each) {
        Ok(audit) => Err(Rollback::Checked(audit)),
        Err(error) => Err(Rollback::Failed(error)),
    });
    match outcome {
        Err(Rollback::Checked(audit)) => Ok(audit),
        Err(Rollback::Failed(error)) => Err(anyhow::anyhow!("checking the books: {error}")),
        Ok(()) => anyhow::bail!("checking the books: nothing was compared"),
    }
}

fn compare(conn: &mut PgConnection, outbox: &Outbox, each: i64) -> Result<Audit, AppError> {
    let vendor = demo_vendor(conn)?;
    let sampled: Vec<Sampled> =
        diesel::sql_query(SAMPLE).bind::<BigInt, _>(vendor).bind::<BigInt, _>(each).load(conn)?;
    let mut audit = Audit { events: 0, commissions: 0, overrides: 0, disagreements: Vec::new() };
    for event in sampled {
        let key = match event.transaction_id {
            Some(id) => format!("sale:{id}"),
            None => format!("signup:{}", event.customer_id),
        };
        let written = lines(conn, &key)?;
        forget(conn, &key)?;
        earn_again(conn, outbox, vendor, &event)?;
        let recomputed = lines(conn, &key)?;
        audit.events += 1;
        audit.commissions += written.len();
        audit.overrides += written.iter().filter(|line| line.kind == "referral_override").count();
        if written != recomputed {
            audit.disagreements.push(format!("{key}: the demo wrote {written:?}, the ledger writes {recomputed:?}"));
        }
    }
    Ok(audit)
}

fn demo_vendor(conn: &mut PgConnection) -> Result<VendorId, AppError> {
    use crate::db::schema::{users, vendor_members};
    vendor_members::table
        .inner_join(users::table)
        .filter(users::email.eq(OWNER_EMAIL))
        .select(vendor_members::vendor_id)
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::BadRequest("this database has no demo: run `partnerdesk demo` first".into()))
}

fn lines(conn: &mut PgConnection, key: &str) -> QueryResult<Vec<Line>> {
    diesel::sql_query(
        "SELECT partnership_id, offer_id, kind, earned_cents, amount_cents, arithmetic, hold_until
         FROM commissions WHERE event_key = $1 AND corrects_id IS NULL ORDER BY offer_id, kind, partnership_id",
    )
    .bind::<Text, _>(key)
    .load(conn)
}

fn forget(conn: &mut PgConnection, key: &str) -> QueryResult<()> {
    diesel::sql_query(
        "DELETE FROM commission_history WHERE commission_id IN (SELECT id FROM commissions WHERE event_key = $1)",
    )
    .bind::<Text, _>(key)
    .execute(conn)?;
    diesel::sql_query("DELETE FROM commissions WHERE event_key = $1").bind::<Text, _>(key).execute(conn)?;
    Ok(())
}

/// The event reported anew, and its refund after it.
fn earn_again(conn: &mut PgConnection, outbox: &Outbox, vendor: VendorId, event: &Sampled) -> Result<(), AppError> {
    let customer = customers::customer_by_id(conn, vendor, CustomerId(event.customer_id))?.ok_or(AppError::NotFound)?;
    match event.transaction_id {
        None => {
            ledger::on_signup(conn, outbox, &customer, Credit::AsItHappens)?;
        }
        Some(id) => {
            let sale = customers::sale_by_id(conn, TransactionId(id))?;
            ledger::on_sale(conn, outbox, &customer, &sale, Credit::AsItHappens)?;
            if sale.refunded().cents > 0 {
                ledger::on_refund(conn, &sale)?;
            }
        }
    }
    Ok(())
}
