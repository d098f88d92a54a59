//! One customer: who they are credited to and why, their sales and
//! refunds, and (for one without a partner) the form that assigns one,
//! which `conversions` answers.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::CustomerPath;
use super::pages::{Credit, CustomerPage};
use super::queries;
use crate::db::{self, DbPool};
use crate::partners::queries as partners;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, FormErrors, render_status};

pub async fn show(admin: VendorAdmin, path: CustomerPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    page(admin, path, &pool, String::new(), FormErrors::new()).await
}

/// The customer's page; with `errors`, the assignment form again with what was typed.
pub async fn page(
    admin: VendorAdmin,
    path: CustomerPath,
    pool: &DbPool,
    typed_code: String,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    let (customer, credit, origin, sales, refunds) = db::run(pool, move |conn| {
        let customer = queries::customer_by_id(conn, vendor, id)?.ok_or(AppError::NotFound)?;
        let credit = match customer.partnership_id {
            Some(partnership) => {
                let person = partners::person(conn, partnership)?;
                let code = queries::partner_code(conn, Some(partnership))?.unwrap_or_default();
                Some(Credit { partner_id: partnership.0, partner_name: person.name, partner_code: code })
            }
            None => None,
        };
        let origin = queries::click_origin(conn, &customer)?;
        let sales = queries::sales_of(conn, customer.id)?;
        let refunds = queries::refunds_of(conn, customer.id)?;
        Ok((customer, credit, origin, sales, refunds))
    })
    .await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = CustomerPage {
        chrome: admin.chrome(Menu::Customers),
        customer,
        credit,
        origin,
        sales,
        refunds,
        typed_code,
        errors,
    };
    render_status(&page, status)
}
