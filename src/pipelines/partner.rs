//! The partner center's *Submit a lead* / *Register a deal* and *My leads* /
//! *My deals*, open where the partner's group has switched them on.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::forms::{EntryForm, Placement};
use super::pages::{MyEntries, SubmitPage};
use super::queries::{self, Settings};
use crate::db::states::Pipeline;
use crate::db::{self, DbPool};
use crate::form_builder::{self, Field};
use crate::partners::Partner;
use crate::web::{AppError, Flash, FormErrors, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    for list in ["/partner/{vendor_slug}/leads", "/partner/{vendor_slug}/deals"] {
        cfg.route(list, web::get().to(mine))
            .route(list, web::post().to(submit))
            .route(&format!("{list}/new"), web::get().to(new));
    }
}

fn list_path(partner: &Partner, pipeline: Pipeline) -> String {
    format!("/partner/{}/{}", partner.vendor.slug, pipeline.as_str())
}

pub async fn mine(partner: Partner, pipeline: Pipeline, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let (group, partnership) = (partner.partnership.group_id, partner.partnership.id);
    let (settings, rows) = db::transaction(&pool, move |conn| {
        Ok((queries::ensure(conn, group, pipeline)?, queries::partner_entries(conn, partnership, pipeline)?))
    })
    .await?;
    let chrome = partner.chrome(super::menu_of(pipeline));
    render(&MyEntries { chrome, pipeline, open: settings.enabled, rows })
}

/// The form's settings and fields, or `None` where the group has it off.
async fn open_form(
    partner: &Partner,
    pipeline: Pipeline,
    pool: &DbPool,
) -> Result<Option<(Settings, Vec<Field>)>, AppError> {
    let group = partner.partnership.group_id;
    let (settings, fields) = db::transaction(pool, move |conn| {
        Ok((queries::ensure(conn, group, pipeline)?, form_builder::queries::fields(conn, group, pipeline.into())?))
    })
    .await?;
    Ok(settings.enabled.then_some((settings, fields)))
}

fn closed(partner: &Partner, pipeline: Pipeline) -> Result<HttpResponse, AppError> {
    partner.session.flash(Flash::error(format!(
        "{} is not open in your group of {}.",
        pipeline.tab_name(),
        partner.vendor.name
    )));
    Ok(see_other(&list_path(partner, pipeline)))
}

pub async fn new(partner: Partner, pipeline: Pipeline, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let Some((settings, fields)) = open_form(&partner, pipeline, &pool).await? else {
        return closed(&partner, pipeline);
    };
    let page = SubmitPage {
        chrome: partner.chrome(super::menu_of(pipeline)),
        pipeline,
        settings,
        fields,
        form: EntryForm::default(),
        errors: FormErrors::new(),
        currency: partner.vendor.currency().code().to_string(),
    };
    render(&page)
}

pub async fn submit(
    partner: Partner,
    pipeline: Pipeline,
    form: web::Form<HashMap<String, String>>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let Some((settings, fields)) = open_form(&partner, pipeline, &pool).await? else {
        return closed(&partner, pipeline);
    };
    let form = EntryForm(form.into_inner());
    let currency = partner.vendor.currency();
    let parsed = match form.parse(pipeline, &fields, currency) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let chrome = partner.chrome(super::menu_of(pipeline));
            let currency = currency.code().to_string();
            let page = SubmitPage { chrome, pipeline, settings, fields, form, errors, currency };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let (vendor, partnership, actor) = (partner.vendor.id, partner.partnership.clone(), partner.viewer.user.id);
    let stored = db::transaction(&pool, move |conn| {
        let Some(first) = queries::stages(conn, partnership.group_id, pipeline)?.into_iter().next() else {
            return Ok(None);
        };
        let earlier =
            queries::earlier_claim(conn, vendor, pipeline, partnership.id, &parsed.contact_email, &parsed.company)?;
        let placement = Placement {
            vendor,
            group: partnership.group_id,
            partnership: partnership.id,
            pipeline,
            stage: first.id,
            duplicate_of: earlier,
        };
        Ok(Some(queries::insert_entry(conn, &parsed.into_new(placement), actor, &first.name)?))
    })
    .await?;
    if stored.is_none() {
        return closed(&partner, pipeline);
    }
    partner.session.flash(Flash::success(match pipeline {
        Pipeline::Leads => format!("Lead sent to {}: follow its stage here.", partner.vendor.name),
        Pipeline::Deals => format!("Deal registered with {}: follow its stage here.", partner.vendor.name),
    }));
    Ok(see_other(&list_path(&partner, pipeline)))
}
