//! `POST /vendor/{vendor_slug}/customers/{customer_id}/assign`: a person
//! credits a customer who has no partner. The customer's signup and sales
//! so far then earn what the partner's offers gave at their time, as any
//! late credit does.

use actix_web::{HttpResponse, web};

use super::record;
use crate::customers::CustomerPath;
use crate::customers::attribution::Decision;
use crate::customers::detail;
use crate::customers::evidence::{self, PartnerRef};
use crate::customers::forms::AssignForm;
use crate::customers::queries;
use crate::db::states::ActivityKind;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::partners::queries as partners;
use crate::vendors::VendorAdmin;
use crate::web::{AppError, Flash, FormErrors, see_other};

pub async fn assign(
    admin: VendorAdmin,
    path: CustomerPath,
    form: web::Form<AssignForm>,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let code = match form.parse() {
        Ok(code) => code,
        Err(errors) => return detail::page(admin, path, &pool, form.into_inner().partner_code, errors).await,
    };
    let (vendor, id, actor, who) = (admin.vendor.id, path.1, admin.viewer.user.id, admin.viewer.user.name.clone());
    let outbox = outbox.get_ref().clone();
    let typed = code.clone();
    let outcome = db::transaction(&pool, move |conn| {
        let customer = queries::customer_by_id(conn, vendor, id)?.ok_or(AppError::NotFound)?;
        let Some(partner) = evidence::partner_facts(conn, vendor, PartnerRef::Code(&code))?.filter(|p| p.active) else {
            return Ok(Err("No active partner of yours has this code."));
        };
        if customer.partnership_id.is_some() {
            return Ok(Err("This customer is already credited to a partner."));
        }
        let why = format!("assigned by hand to {} by {who}.", partner.code);
        let decision = Decision::manual(&partner, format!("Assigned by hand to {} by {who}.", partner.code));
        let credited = record::credit_later(conn, &outbox, &customer, &decision, &why)?;
        if credited.partnership_id != Some(partner.partnership) {
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
        return detail::page(admin, path, &pool, typed, errors).await;
    }
    admin.session.flash(Flash::success(
        "Customer assigned: its signup and sales earn their commissions, and the partner's activity log says so.",
    ));
    Ok(see_other(&format!("/vendor/{}/customers/{}", admin.vendor.slug, id)))
}
