//! Partner Management → Import: upload a CSV, check the dry run, import.

mod apply;
mod pages;
mod parse;
mod plan;
mod queries;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;

use crate::config::Config;
use crate::db::ids::ImportId;
use crate::db::{self, DbPool};
use crate::email::Outbox;
use crate::invites;
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, render_status, see_other};
use pages::{DryRunPage, UploadPage};
use queries::{Stored, Upload};

type ImportPath = web::Path<(String, ImportId)>;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/import", web::get().to(upload_page))
        .route("/vendor/{vendor_slug}/import", web::post().to(upload))
        .route("/vendor/{vendor_slug}/import/{import_id}", web::get().to(dry_run))
        .route("/vendor/{vendor_slug}/import/{import_id}", web::post().to(apply));
}

pub async fn upload_page(admin: VendorAdmin) -> Result<HttpResponse, AppError> {
    render_status(&UploadPage { chrome: admin.chrome(Menu::Import), problem: None }, StatusCode::OK)
}

/// Reads the upload and stores it for its dry run; nothing is imported yet.
pub async fn upload(
    admin: VendorAdmin,
    multipart: Multipart,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    if let Some(problem) = crate::auth::verified::unverified_problem(&admin.viewer.user) {
        return render_status(
            &UploadPage { chrome: admin.chrome(Menu::Import), problem: Some(problem) },
            StatusCode::FORBIDDEN,
        );
    }
    let (file_name, bytes, send_invites) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(problem) => {
            return render_status(
                &UploadPage { chrome: admin.chrome(Menu::Import), problem: Some(problem) },
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    if let Err(problem) = parse::parse(&bytes) {
        return render_status(
            &UploadPage { chrome: admin.chrome(Menu::Import), problem: Some(problem) },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let upload = Upload {
        vendor: admin.vendor.id,
        by: admin.viewer.user.id,
        file_name,
        content: String::from_utf8_lossy(&bytes).into_owned(),
        send_invites,
    };
    let id = db::run(&pool, move |conn| Ok(queries::store(conn, &upload)?)).await?;
    Ok(see_other(&format!("/vendor/{}/import/{id}", admin.vendor.slug)))
}

async fn read_upload(mut multipart: Multipart) -> Result<(String, Vec<u8>, bool), String> {
    let mut file = None;
    let mut send_invites = false;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| format!("The upload could not be read: {e}"))?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name =
            field.content_disposition().and_then(|d| d.get_filename()).unwrap_or("partners.csv").to_string();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| format!("The upload could not be read: {e}"))?;
            if data.len() + chunk.len() > parse::MAX_BYTES {
                return Err("The file is larger than 5 MB. Split it into smaller files.".into());
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" if !data.is_empty() => file = Some((file_name, data)),
            "send_invites" => send_invites = data == b"on",
            _ => {}
        }
    }
    let (file_name, data) = file.ok_or_else(|| "Choose a CSV file to upload.".to_string())?;
    Ok((file_name, data, send_invites))
}

async fn stored(pool: &DbPool, admin: &VendorAdmin, id: ImportId) -> Result<Stored, AppError> {
    let vendor = admin.vendor.id;
    db::run(pool, move |conn| Ok(queries::find(conn, vendor, id)?)).await
}

/// Every row as create, skip or error, before anything is written.
pub async fn dry_run(admin: VendorAdmin, path: ImportPath, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    crate::auth::verified::require_verified(&admin.viewer.user)?;
    let id = path.1;
    let upload = stored(&pool, &admin, id).await?;
    let parsed = parse::parse(upload.content.as_bytes()).map_err(AppError::BadRequest)?;
    let vendor = admin.vendor.id;
    let rows = db::run(&pool, move |conn| Ok(plan::plan(conn, vendor, &parsed)?)).await?;
    let page = DryRunPage {
        chrome: admin.chrome(Menu::Import),
        id,
        file_name: upload.file_name,
        send_invites: upload.send_invites,
        rows,
        applied: upload.applied_at.is_some(),
    };
    render_status(&page, StatusCode::OK)
}

/// Partners created from which an import refreshes the planner's
/// statistics: a program that grew from a few partners to thousands would
/// otherwise be searched with plans made for a few, until autovacuum's
/// next visit (a test saw such a plan run past the statement timeout).
const ANALYZE_FROM: usize = 1_000;

/// Imports the rows to create, in one transaction.
pub async fn apply(
    admin: VendorAdmin,
    path: ImportPath,
    pool: web::Data<DbPool>,
    outbox: web::Data<Outbox>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    crate::auth::verified::require_verified(&admin.viewer.user)?;
    let id = path.1;
    let upload = stored(&pool, &admin, id).await?;
    let parsed = parse::parse(upload.content.as_bytes()).map_err(AppError::BadRequest)?;
    let (vendor, outbox, send) = (admin.vendor.clone(), outbox.get_ref().clone(), upload.send_invites);
    let (quota, now) = (config.sending_quota_per_day, config.clock.now());
    let outcome = db::transaction(&pool, move |conn| {
        let creations = apply::creations(conn, vendor.id, &parsed)?;
        if send {
            let (wanted, left) = (creations.len(), invites::quota_left(conn, vendor.id, quota)?);
            if i64::try_from(wanted).unwrap_or(i64::MAX) > left {
                return Ok(Err(format!(
                    "Not imported: it would send {wanted} invite emails, and your program may send {left} more today \
                     (at most {quota} a day). Import without invite emails, or split the file."
                )));
            }
        }
        if !queries::claim(conn, id)? {
            return Ok(Ok(None));
        }
        let invites = apply::Invites { outbox: &outbox, vendor_name: &vendor.name, daily_quota: quota, now };
        Ok(Ok(Some(apply::apply(conn, vendor.id, creations, send.then_some(&invites))?)))
    })
    .await?;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(problem) => {
            admin.session.flash(Flash::error(problem));
            return Ok(see_other(&format!("/vendor/{}/import/{id}", admin.vendor.slug)));
        }
    };
    let Some(outcome) = outcome else {
        admin.session.flash(Flash::error("This import was already applied; nothing more was done."));
        return Ok(see_other(&format!("/vendor/{}/partners", admin.vendor.slug)));
    };
    if outcome.created >= ANALYZE_FROM {
        // The import has committed; stale statistics only slow plans down.
        if let Err(error) = db::run(&pool, |conn| Ok(queries::refresh_statistics(conn)?)).await {
            tracing::warn!(?error, "could not refresh statistics after an import");
        }
    }
    admin.session.flash(Flash::success(format!(
        "Imported {} partner(s); {} invite email(s) queued.",
        outcome.created, outcome.emailed
    )));
    Ok(see_other(&format!("/vendor/{}/partners", admin.vendor.slug)))
}
