//! Partner Management → Import: upload a CSV, check the dry run, import.

mod apply;
mod parse;
mod plan;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use futures_util::StreamExt;

use crate::auth::VendorAdmin;
use crate::config::Config;
use crate::db::schema::imports;
use crate::db::{self, DbPool};
use crate::email::{Sealer, WakeUp};
use crate::invites::queries::Sender;
use crate::web::{AppError, Chrome, Flash, render_status, see_other};
use plan::Planned;

#[derive(Template)]
#[template(path = "import/upload.html")]
struct UploadPage {
    chrome: Chrome,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "import/dry_run.html")]
struct DryRunPage {
    chrome: Chrome,
    id: i64,
    file_name: String,
    send_invites: bool,
    rows: Vec<Planned>,
    applied: bool,
}

impl DryRunPage {
    fn count(&self, verb: &str) -> usize {
        self.rows.iter().filter(|row| row.verb() == verb).count()
    }
}

pub async fn upload_page(admin: VendorAdmin) -> Result<HttpResponse, AppError> {
    render_status(&UploadPage { chrome: admin.chrome("import"), problem: None }, StatusCode::OK)
}

/// Reads the upload and stores it for its dry run; nothing is imported yet.
pub async fn upload(
    admin: VendorAdmin,
    multipart: Multipart,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (file_name, bytes, send_invites) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(problem) => {
            return render_status(
                &UploadPage { chrome: admin.chrome("import"), problem: Some(problem) },
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    if let Err(problem) = parse::parse(&bytes) {
        return render_status(
            &UploadPage { chrome: admin.chrome("import"), problem: Some(problem) },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let content = String::from_utf8_lossy(&bytes).into_owned();
    let (vendor, by) = (admin.vendor.id, admin.viewer.user.id);
    let id: i64 = db::run(&pool, move |conn| {
        Ok(diesel::insert_into(imports::table)
            .values((
                imports::vendor_id.eq(vendor),
                imports::created_by.eq(by),
                imports::file_name.eq(file_name),
                imports::content.eq(content),
                imports::send_invites.eq(send_invites),
            ))
            .returning(imports::id)
            .get_result(conn)?)
    })
    .await?;
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

struct Stored {
    file_name: String,
    content: String,
    send_invites: bool,
    applied: bool,
}

async fn stored(pool: &DbPool, admin: &VendorAdmin, id: i64) -> Result<Stored, AppError> {
    let vendor = admin.vendor.id;
    db::run(pool, move |conn| {
        let (file_name, content, send_invites, applied_at): (
            String,
            String,
            bool,
            Option<chrono::DateTime<chrono::Utc>>,
        ) = imports::table
            .filter(imports::vendor_id.eq(vendor))
            .filter(imports::id.eq(id))
            .select((imports::file_name, imports::content, imports::send_invites, imports::applied_at))
            .first(conn)?;
        Ok(Stored { file_name, content, send_invites, applied: applied_at.is_some() })
    })
    .await
}

/// Every row as create, skip or error, before anything is written.
pub async fn dry_run(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let id = path.1;
    let upload = stored(&pool, &admin, id).await?;
    let parsed = parse::parse(upload.content.as_bytes()).map_err(AppError::BadRequest)?;
    let vendor = admin.vendor.id;
    let rows = db::run(&pool, move |conn| Ok(plan::plan(conn, vendor, &parsed)?)).await?;
    let page = DryRunPage {
        chrome: admin.chrome("import"),
        id,
        file_name: upload.file_name,
        send_invites: upload.send_invites,
        rows,
        applied: upload.applied,
    };
    render_status(&page, StatusCode::OK)
}

/// Imports the rows to create, in one transaction.
pub async fn apply(
    admin: VendorAdmin,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    sealer: web::Data<Sealer>,
    wake_up: web::Data<WakeUp>,
) -> Result<HttpResponse, AppError> {
    let id = path.1;
    let upload = stored(&pool, &admin, id).await?;
    let parsed = parse::parse(upload.content.as_bytes()).map_err(AppError::BadRequest)?;
    let (vendor, sealer, base_url, send) =
        (admin.vendor.clone(), sealer.get_ref().clone(), config.base_url(), upload.send_invites);
    let outcome = db::run(&pool, move |conn| {
        Ok(conn.transaction::<_, anyhow::Error, _>(|conn| {
            let sender =
                Sender { sealer: &sealer, base_url: &base_url, vendor_name: &vendor.name, inviter_name: &vendor.name };
            let outcome = apply::apply(conn, vendor.id, &parsed, send.then_some(&sender))?;
            diesel::update(imports::table.find(id)).set(imports::applied_at.eq(diesel::dsl::now)).execute(conn)?;
            Ok(outcome)
        })?)
    })
    .await?;
    if outcome.emailed > 0 {
        wake_up.now();
    }
    admin.session.flash(Flash::success(format!(
        "Imported {} partner(s); {} invite email(s) queued.",
        outcome.created, outcome.emailed
    )));
    Ok(see_other(&format!("/vendor/{}/partners", admin.vendor.slug)))
}
