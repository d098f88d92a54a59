//! Payouts: made from approved commissions, one per partner; marked paid
//! with a reference; a CSV per batch for mass payment; the partner's list.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use rand::Rng;

use super::email;
use super::forms::{self, BatchQuery, MarkPaidForm};
use super::pages::{BatchPage, PartnerPayoutsPage, PayoutsPage};
use super::queries::{self, PayoutsOf};
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::partners::Partner;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::csv_download::csv_download;
use crate::web::plain_input::{page_count, page_number};
use crate::web::{AppError, Flash, render, see_other};

/// Batches shown on the Payouts page; older ones stay reachable by URL.
const BATCHES_SHOWN: i64 = 50;
/// Payouts on a page of one batch.
pub const PAYOUTS_PER_PAGE: i64 = 50;

pub async fn list(admin: VendorAdmin, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let batches = db::run(&pool, move |conn| Ok(queries::batch_summaries(conn, vendor, None, BATCHES_SHOWN)?)).await?;
    let currency = admin.vendor.currency();
    render(&PayoutsPage { chrome: admin.chrome(Menu::Payouts), batches, currency })
}

/// One batch: its payouts a page at a time, its CSV and "Mark paid".
pub async fn batch(
    admin: VendorAdmin,
    path: web::Path<(String, String)>,
    query: web::Query<BatchQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, name) = (admin.vendor.id, path.1.clone());
    let asked = page_number(&query.page);
    let (summary, lines, page) = db::run(&pool, move |conn| {
        let summary = queries::batch_summaries(conn, vendor, Some(&name), 1)?.pop().ok_or(AppError::NotFound)?;
        // A page past the batch's last shows the last one.
        let page = asked.min(page_count(summary.payouts, PAYOUTS_PER_PAGE));
        let of = PayoutsOf {
            batch: Some(&name),
            limit: Some(PAYOUTS_PER_PAGE),
            offset: (page - 1) * PAYOUTS_PER_PAGE,
            ..PayoutsOf::default()
        };
        Ok((summary, queries::payouts(conn, vendor, of)?, page))
    })
    .await?;
    render(&BatchPage { chrome: admin.chrome(Menu::Payouts), summary, lines, page })
}

pub async fn create(admin: VendorAdmin, body: web::Bytes, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let back = format!("/vendor/{}/payouts", admin.vendor.slug);
    let request = match forms::payout_request(&body, admin.vendor.currency()) {
        Ok(request) => request,
        Err(message) => {
            admin.session.flash(Flash::error(message));
            return Ok(see_other(&back));
        }
    };
    let batch = batch_name();
    let (vendor, actor, named) = (admin.vendor.id, admin.viewer.user.id, batch.clone());
    let included = db::transaction(&pool, move |conn| {
        if let Some(chosen) = &request.chosen
            && queries::count_of_vendor(conn, vendor, chosen)? != chosen.len() as i64
        {
            return Err(AppError::NotFound);
        }
        Ok(queries::create_payouts(conn, vendor, request.chosen.as_deref(), request.minimum_cents, &named, actor)?)
    })
    .await?;
    admin.session.flash(if included == 0 {
        Flash::error("No payout made: no approved commissions are waiting (for partners owed at least the minimum).")
    } else {
        Flash::success(format!("Payout batch {batch} made from {included} commission(s). Pay it, then mark it paid."))
    });
    Ok(see_other(&back))
}

/// "2026-11-21-k3v9": readable, and unique enough within one vendor.
fn batch_name() -> String {
    let suffix: String =
        rand::thread_rng().sample_iter(rand::distributions::Alphanumeric).take(4).map(char::from).collect();
    format!("{}-{}", Utc::now().format("%Y-%m-%d"), suffix.to_lowercase())
}

pub async fn mark_paid(
    admin: VendorAdmin,
    path: web::Path<(String, String)>,
    form: web::Form<MarkPaidForm>,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let back = format!("/vendor/{}/payouts", admin.vendor.slug);
    let (reference, paid_on) = match form.parse() {
        Ok(parsed) => parsed,
        Err(message) => {
            admin.session.flash(Flash::error(message));
            return Ok(see_other(&back));
        }
    };
    let (vendor, actor, batch) = (admin.vendor.id, admin.viewer.user.id, path.1.clone());
    let outbox = outbox.get_ref().clone();
    let paid = db::transaction(&pool, move |conn| {
        let paid = queries::mark_paid(conn, vendor, &batch, &reference, paid_on, actor)?;
        email::queue_paid(conn, &outbox, &paid)?;
        Ok(paid)
    })
    .await?;
    if paid.is_empty() {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success(format!("Batch {} marked paid: {} payout(s).", path.1, paid.len())));
    Ok(see_other(&back))
}

/// The batch for mass payment: partner name, email, amount, currency, commission count.
pub async fn csv(
    admin: VendorAdmin,
    path: web::Path<(String, String)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, batch) = (admin.vendor.id, path.1.clone());
    let lines = db::run(&pool, move |conn| {
        Ok(queries::payouts(conn, vendor, PayoutsOf { batch: Some(&batch), ..PayoutsOf::default() })?)
    })
    .await?;
    if lines.is_empty() {
        return Err(AppError::NotFound);
    }
    let rows = lines.iter().map(|line| {
        let amount = line.amount();
        vec![
            line.partner_name.clone(),
            line.partner_email.clone(),
            amount.decimal(),
            amount.currency.code().to_string(),
            line.commissions.to_string(),
        ]
    });
    let header_row = ["name", "email", "amount", "currency", "commissions"];
    csv_download(&format!("payout-{}.csv", path.1), &header_row, rows)
}

pub async fn of_partner(partner: Partner, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (vendor, me) = (partner.vendor.id, partner.partnership.id);
    let of = PayoutsOf { partnership: Some(me), ..PayoutsOf::default() };
    let payouts = db::run(&pool, move |conn| Ok(queries::payouts(conn, vendor, of)?)).await?;
    render(&PartnerPayoutsPage { chrome: partner.chrome(Menu::Payouts), payouts })
}
