//! The vendor's *Leads* and *Deals* (Partner Management): the list with its
//! filters, one entry with its history, moves between stages, and won
//! entries turned into customers and sales.

use actix_web::{HttpResponse, web};
use diesel::PgConnection;

use super::forms::{FilterQuery, StageMoveForm};
use super::pages::{EntryList, EntryPage};
use super::queries::{self, Entry, PAGE_SIZE};
use crate::conversions::deals;
use crate::db::ids::{EntryId, StageId, UserId};
use crate::db::states::{Pipeline, WonAction};
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::vendors::{Vendor, VendorAdmin};
use crate::web::plain_input::page_count;
use crate::web::{AppError, Flash, render, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    for list in ["/vendor/{vendor_slug}/leads", "/vendor/{vendor_slug}/deals"] {
        cfg.route(list, web::get().to(list_entries))
            .route(&format!("{list}/{{entry_id}}"), web::get().to(show))
            .route(&format!("{list}/{{entry_id}}/stage"), web::post().to(move_to_stage))
            .route(&format!("{list}/{{entry_id}}/customer"), web::post().to(make_customer));
    }
}

fn entry_path(vendor: &Vendor, pipeline: Pipeline, entry: EntryId) -> String {
    format!("/vendor/{}/{}/{entry}", vendor.slug, pipeline.as_str())
}

pub async fn list_entries(
    admin: VendorAdmin,
    pipeline: Pipeline,
    query: web::Query<FilterQuery>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let (vendor, filter, page) = (admin.vendor.id, query.filter(), query.page());
    let (rows, total, stages, groups, partners) = db::run(&pool, move |conn| {
        let (rows, total) = queries::vendor_entries(conn, vendor, pipeline, &filter, page)?;
        let stages = queries::stage_names(conn, vendor, pipeline)?;
        let groups = crate::groups::queries::list(conn, vendor)?.into_iter().map(|g| (g.id, g.name)).collect();
        let partners = queries::submitting_partners(conn, vendor, pipeline)?;
        Ok((rows, total, stages, groups, partners))
    })
    .await?;
    let pages = page_count(total, PAGE_SIZE);
    let chrome = admin.chrome(super::menu_of(pipeline));
    render(&EntryList { chrome, pipeline, rows, total, page, pages, query, stages, groups, partners })
}

type EntryPath = web::Path<(String, EntryId)>;

pub async fn show(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: EntryPath,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    let page = db::run(&pool, move |conn| {
        let entry = queries::entry(conn, vendor, pipeline, id, false)?.ok_or(AppError::NotFound)?;
        let details = queries::entry_details(conn, &entry)?;
        let stages = queries::stages(conn, entry.group_id, pipeline)?;
        let history = queries::history(conn, entry.id)?;
        Ok((entry, details, stages, history))
    })
    .await?;
    let (entry, details, stages, history) = page;
    render(&EntryPage { chrome: admin.chrome(super::menu_of(pipeline)), pipeline, entry, details, stages, history })
}

pub async fn move_to_stage(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: EntryPath,
    form: web::Form<StageMoveForm>,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id, actor) = (admin.vendor.clone(), path.1, admin.viewer.user.id);
    let stage =
        form.stage_id.trim().parse().map(StageId).map_err(|_| AppError::BadRequest("Choose a stage.".into()))?;
    let note: String = form.note.trim().chars().take(1000).collect();
    let outbox = outbox.get_ref().clone();
    let moved = db::transaction(&pool, move |conn| {
        let entry = queries::entry(conn, vendor.id, pipeline, id, true)?.ok_or(AppError::NotFound)?;
        let move_ = Move { entry: &entry, stage, note: &note, actor };
        move_entry(conn, &outbox, &vendor, move_)
    })
    .await?;
    admin.session.flash(match moved {
        Moved::To(message) => Flash::success(message),
        Moved::Unchanged => Flash::error("It is already in that stage."),
        Moved::NoSuchStage => Flash::error("Choose one of this pipeline's stages."),
    });
    Ok(see_other(&entry_path(&admin.vendor, pipeline, id)))
}

struct Move<'a> {
    entry: &'a Entry,
    stage: StageId,
    note: &'a str,
    actor: UserId,
}

enum Moved {
    To(String),
    Unchanged,
    NoSuchStage,
}

fn move_entry(conn: &mut PgConnection, outbox: &Outbox, vendor: &Vendor, m: Move) -> Result<Moved, AppError> {
    let stages = queries::stages(conn, m.entry.group_id, m.entry.pipeline)?;
    let Some(to) = stages.iter().find(|s| s.id == m.stage) else { return Ok(Moved::NoSuchStage) };
    if to.id == m.entry.stage_id {
        return Ok(Moved::Unchanged);
    }
    let from = stages.iter().find(|s| s.id == m.entry.stage_id).map_or("?", |s| s.name.as_str());
    queries::set_stage(conn, m.entry.id, to.id)?;
    let note = if m.note.is_empty() { String::new() } else { format!(" — {}", m.note) };
    queries::record_event(conn, m.entry.id, Some(m.actor), &format!("Moved from {from} to {}{note}", to.name))?;
    let mut message = format!("Moved to {}.", to.name);
    if to.is_won() && m.entry.pipeline == Pipeline::Deals && m.entry.sale_id.is_none() {
        let settings = queries::ensure(conn, m.entry.group_id, Pipeline::Deals)?;
        if settings.won_action == WonAction::RecordSale {
            message.push_str(&format!(" {}", deals::record_sale(conn, outbox, vendor, m.entry, m.actor)?));
        }
    }
    Ok(Moved::To(message))
}

/// Turns a lead in a won stage into a customer credited to its partner.
pub async fn make_customer(
    admin: VendorAdmin,
    pipeline: Pipeline,
    path: EntryPath,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id, actor) = (admin.vendor.clone(), path.1, admin.viewer.user.id);
    let outbox = outbox.get_ref().clone();
    let made = db::transaction(&pool, move |conn| {
        let entry = queries::entry(conn, vendor.id, pipeline, id, true)?.ok_or(AppError::NotFound)?;
        let won = queries::stages(conn, entry.group_id, pipeline)?.iter().any(|s| s.id == entry.stage_id && s.is_won());
        if !won || entry.customer_id.is_some() {
            return Ok(None);
        }
        let customer = deals::customer_for(conn, &outbox, &vendor, &entry)?;
        queries::set_customer(conn, entry.id, customer.id, None)?;
        let what = format!("Became customer {}", customer.external_id);
        queries::record_event(conn, entry.id, Some(actor), &what)?;
        Ok(Some(customer))
    })
    .await?;
    admin.session.flash(match made {
        Some(customer) => Flash::success(format!(
            "Customer {} created and credited to the partner: sales you record for it earn their commission.",
            customer.external_id
        )),
        None => {
            Flash::error(format!("Only a {} in a won stage without a customer yet can become one.", pipeline.noun()))
        }
    });
    Ok(see_other(&entry_path(&admin.vendor, pipeline, id)))
}
