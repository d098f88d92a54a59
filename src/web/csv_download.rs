//! CSV downloads: RFC 4180 through the `csv` crate, UTF-8, and every cell a
//! spreadsheet would run as a formula defused with a leading quote.

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

/// Cents as a plain decimal, "1234.50", as spreadsheets read amounts.
pub fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn cents_read_as_decimals() {
        assert_eq!(decimal(123450), "1234.50");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(decimal(-250), "-2.50");
    }
}
