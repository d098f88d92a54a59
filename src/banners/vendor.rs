//! The vendor's *Banners*: upload, list with clicks, delete.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::image::{self, MAX_BYTES};
use super::pages::{BannerForm, VendorBanners};
use super::queries::{self, Upload};
use crate::db::ids::{BannerId, LinkId};
use crate::db::{self, DbPool};
use crate::vendors::VendorAdmin;
use crate::web::Menu;
use crate::web::{AppError, Flash, FormErrors, render_status, see_other};

pub async fn index(admin: VendorAdmin, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    page(admin, &pool, BannerForm::default(), FormErrors::new(), StatusCode::OK).await
}

async fn page(
    admin: VendorAdmin,
    pool: &DbPool,
    form: BannerForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let vendor = admin.vendor.id;
    let (rows, links) =
        db::run(pool, move |conn| Ok((queries::of_vendor(conn, vendor)?, queries::link_choices(conn, vendor)?)))
            .await?;
    render_status(&VendorBanners { chrome: admin.chrome(Menu::Banners), rows, links, form, errors }, status)
}

/// The upload as sent: the typed fields and the file.
struct Sent {
    form: BannerForm,
    file_name: String,
    bytes: Vec<u8>,
    /// The file went past the limit; the rest of it was read and dropped.
    too_big: bool,
}

async fn read(mut multipart: Multipart) -> Result<Sent, String> {
    let mut sent = Sent { form: BannerForm::default(), file_name: String::new(), bytes: Vec::new(), too_big: false };
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| format!("The upload could not be read: {e}"))?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_string();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| format!("The upload could not be read: {e}"))?;
            if data.len() + chunk.len() > MAX_BYTES {
                sent.too_big = true;
                data.clear();
            } else if !sent.too_big {
                data.extend_from_slice(&chunk);
            }
        }
        let text = || String::from_utf8_lossy(&data).trim().to_string();
        match name.as_str() {
            "name" => sent.form.name = text(),
            "link_id" => sent.form.link_id = text(),
            "file" => (sent.file_name, sent.bytes) = (file_name, data),
            _ => {}
        }
    }
    Ok(sent)
}

pub async fn upload(
    admin: VendorAdmin,
    multipart: Multipart,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    let sent = match read(multipart).await {
        Ok(sent) => sent,
        Err(problem) => {
            errors.add("file", problem);
            return page(admin, &pool, BannerForm::default(), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let vendor = admin.vendor.id;
    let choices = db::run(&pool, move |conn| Ok(queries::link_choices(conn, vendor)?)).await?;
    let link = sent.form.link_id.parse().ok().map(LinkId).filter(|id| choices.iter().any(|(c, _)| c == id));
    let name = errors.check("name", crate::web::text::required(&sent.form.name, "a name", 100));
    let link = errors.check("link_id", link.ok_or_else(|| "Choose the link the banner leads to.".to_string()));
    let checked = if sent.too_big { Err(image::too_big()) } else { image::check(&sent.file_name, &sent.bytes) };
    let image = errors.check("file", checked);
    let (Some(name), Some(link), Some(image)) = (name, link, image) else {
        return page(admin, &pool, sent.form, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let sha256 = hex::encode(Sha256::digest(&sent.bytes));
    let bytes = sent.bytes;
    let stored_name = name.clone();
    db::run(&pool, move |conn| {
        let upload = Upload { link, name: &stored_name, image: &image, bytes: &bytes, sha256: &sha256 };
        Ok(queries::insert(conn, vendor, &upload)?)
    })
    .await?;
    admin.session.flash(Flash::success(format!("Banner “{name}” uploaded: its group's partners can use it now.")));
    Ok(see_other(&format!("/vendor/{}/banners", admin.vendor.slug)))
}

pub async fn delete(
    admin: VendorAdmin,
    path: web::Path<(String, BannerId)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor, id) = (admin.vendor.id, path.1);
    if !db::run(&pool, move |conn| Ok(queries::delete(conn, vendor, id)?)).await? {
        return Err(AppError::NotFound);
    }
    admin.session.flash(Flash::success("Banner deleted; its clicks stay in the stats."));
    Ok(see_other(&format!("/vendor/{}/banners", admin.vendor.slug)))
}
