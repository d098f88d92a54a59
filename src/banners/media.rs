//! Banner images, public so partners' own pages can show them.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};

use super::queries;
use crate::db::ids::BannerId;
use crate::db::{self, DbPool};
use crate::web::AppError;

/// `{id}-{hash prefix}.{ext}`; any other name, or an old hash, is 404.
pub async fn serve(path: web::Path<String>, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let file = path.into_inner();
    let (id, hash) = parse(&file).ok_or(AppError::NotFound)?;
    let (media_type, bytes, sha256) =
        db::run(&pool, move |conn| Ok(queries::image(conn, id)?)).await?.ok_or(AppError::NotFound)?;
    if super::image_path(id, &sha256, &media_type) != format!("/media/banners/{file}") || !sha256.starts_with(hash) {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .content_type(media_type)
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".into(), None),
        ]))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}

fn parse(file: &str) -> Option<(BannerId, &str)> {
    let (stem, _) = file.split_once('.')?;
    let (id, hash) = stem.split_once('-')?;
    Some((BannerId(id.parse().ok()?), hash)).filter(|(_, h)| h.len() == 16)
}
