//! One customer: who they are credited to and why, their sales and
//! refunds; an unattributed customer can be assigned to a partner by hand.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::CustomerPath;
use super::forms::AssignForm;
use super::pages::{Credit, CustomerPage};
use super::queries::{self, PartnerRef};
use crate::db::states::ActivityKind;
use crate::db::{self, DbPool};
use crate::partners::queries as partners;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

pub async fn show(admin: VendorAdmin, path: CustomerPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    page(admin, path, &pool, String::new(), FormErrors::new()).await
}

pub async fn assign(
    admin: VendorAdmin,
    path: CustomerPath,
    form: web::Form<AssignForm>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let code = match form.parse() {
        Ok(code) => code,
        Err(errors) => return page(admin, path, &pool, form.into_inner().partner_code, errors).await,
    };
    let (vendor, id, actor, who) = (admin.vendor.id, path.1, admin.viewer.user.id, admin.viewer.user.name.clone());
    let typed = code.clone();
    let outcome = db::transaction(&pool, move |conn| {
        let customer = queries::customer_by_id(conn, vendor, id)?.ok_or(AppError::NotFound)?;
        let Some(partner) = queries::partner_facts(conn, vendor, PartnerRef::Code(&code))?.filter(|p| p.active) else {
            return Ok(Err("No active partner of yours has this code."));
        };
        let reason = format!("Assigned by hand to {} by {who}.", partner.code);
        if !queries::assign(conn, customer.id, partner.partnership, &reason)? {
            return Ok(Err("This customer is already credited to a partner."));
        }
        let detail = format!("customer {}", customer.external_id);
        partners::log(conn, &[partner.partnership], ActivityKind::CustomerAssigned, &detail, actor)?;
        Ok(Ok(()))
    })
    .await?;
    if let Err(message) = outcome {
        let mut errors = FormErrors::new();
        errors.add("partner_code", message);
        return page(admin, path, &pool, typed, errors).await;
    }
    admin.session.flash(Flash::success("Customer assigned; the partner's activity log says so."));
    Ok(see_other(&format!("/vendor/{}/customers/{}", admin.vendor.slug, id)))
}

async fn page(
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
        chrome: admin.chrome("customers"),
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
