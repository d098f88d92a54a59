//! CSV downloads: RFC 4180 through the `csv` crate, UTF-8, every text a
//! spreadsheet would run as a formula defused with a leading quote, and
//! numbers (amounts as `Money::decimal` writes them) left as numbers.

use actix_web::HttpResponse;
use actix_web::http::header;

use crate::domain::spreadsheet::safe_cell;
use crate::web::AppError;

/// A `text/csv` attachment named `file_name` with a header row and `rows`.
pub fn csv_download(
    file_name: &str,
    header_row: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<HttpResponse, AppError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let internal = |e: ::csv::Error| AppError::Internal(e.into());
    writer.write_record(header_row).map_err(internal)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| safe_cell(cell))).map_err(internal)?;
    }
    let body = writer.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")))
        .body(body))
}
