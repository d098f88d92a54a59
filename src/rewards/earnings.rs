//! The partner's side: My Commission Structure, Earnings, and each
//! commission's attribution receipt.

use actix_web::{HttpResponse, web};

use super::pages::{EarningsPage, Receipt, ReceiptPage, StructurePage};
use super::queries;
use super::rules;
use crate::customers::queries as customers;
use crate::db::ids::CommissionId;
use crate::db::{self, DbPool};
use crate::partners::Partner;
use crate::web::Menu;
use crate::web::{AppError, render};

/// How many commissions the Earnings page lists.
const LISTED: i64 = 500;

pub async fn structure(partner: Partner, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let group = partner.partnership.group_id;
    let offers = db::run(&pool, move |conn| Ok(queries::live(conn, group)?)).await?;
    let currency = partner.vendor.currency();
    let offers =
        offers.iter().map(|offer| (offer.spec.name.clone(), rules::describe(&offer.spec.terms, currency))).collect();
    render(&StructurePage { chrome: partner.chrome(Menu::Structure), offers })
}

pub async fn earnings(partner: Partner, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let me = partner.partnership.id;
    let (totals, lines) =
        db::run(&pool, move |conn| Ok((queries::totals_of(conn, me)?, queries::of_partnership(conn, me, LISTED)?)))
            .await?;
    let currency = partner.vendor.currency();
    render(&EarningsPage { chrome: partner.chrome(Menu::Earnings), totals, lines, currency })
}

pub async fn receipt(
    partner: Partner,
    path: web::Path<(String, CommissionId)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (me, vendor, id) = (partner.partnership.id, partner.vendor.id, path.1);
    let receipt = db::run(&pool, move |conn| {
        let line = queries::one_of_partnership(conn, me, id)?.ok_or(AppError::NotFound)?;
        let offer = queries::offer_by_id(conn, line.commission.offer_id)?;
        let customer =
            customers::customer_by_id(conn, vendor, line.commission.customer_id)?.ok_or(AppError::NotFound)?;
        let sale = match line.commission.transaction_id {
            Some(sale) => Some(customers::sale_by_id(conn, sale)?),
            None => None,
        };
        Ok(Receipt {
            click: customers::click_origin(conn, &customer)?,
            history: queries::history(conn, id)?,
            terms: offer.spec.terms,
            offer_name: offer.spec.name,
            signed_up_at: customer.signed_up_at,
            reason: customer.reason,
            sale,
            line,
        })
    })
    .await?;
    let currency = partner.vendor.currency();
    render(&ReceiptPage {
        chrome: partner.chrome(Menu::Earnings),
        terms: rules::describe(&receipt.terms, currency),
        r: receipt,
    })
}
