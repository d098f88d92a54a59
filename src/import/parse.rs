//! Reading a partner CSV: whole-file problems stop here, row problems are
//! left to the plan.

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_ROWS: usize = 10_000;
pub const REQUIRED: [&str; 4] = ["email", "first_name", "last_name", "group"];

/// One data row, trimmed, with its line number in the file.
#[derive(Debug, Clone, Default)]
pub struct CsvRow {
    pub line: usize,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub group: String,
    pub partner_code: String,
    pub parent_code: String,
}

impl CsvRow {
    pub fn cells(&self) -> [&str; 6] {
        [&self.email, &self.first_name, &self.last_name, &self.group, &self.partner_code, &self.parent_code]
    }
}

/// The rows, or why the file as a whole cannot be read.
pub fn parse(bytes: &[u8]) -> Result<Vec<CsvRow>, String> {
    if bytes.len() > MAX_BYTES {
        return Err("The file is larger than 5 MB. Split it into smaller files.".into());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("The first line cannot be read: {e}"))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|column| !headers.iter().any(|h| h == column)).collect();
    if !missing.is_empty() {
        return Err(format!(
            "Missing column(s): {}. The first line must name the columns email, first_name, last_name, group (and optionally partner_code, parent_code).",
            missing.join(", ")
        ));
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("Line {} cannot be read: {e}", index + 2))?;
        if rows.len() == MAX_ROWS {
            return Err(format!("The file has more than {MAX_ROWS} rows. Split it into smaller files."));
        }
        let cell = |name: &str| column(name).and_then(|i| record.get(i)).unwrap_or_default().to_string();
        rows.push(CsvRow {
            line: index + 2,
            email: cell("email"),
            first_name: cell("first_name"),
            last_name: cell("last_name"),
            group: cell("group"),
            partner_code: cell("partner_code"),
            parent_code: cell("parent_code"),
        });
    }
    if rows.is_empty() {
        return Err("The file has no rows below its header line.".into());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn rows_are_read_by_column_name_with_a_bom_and_any_column_order() {
        let rows = parse("\u{feff}group,Email,first_name,last_name\n,ann@x.com, Ann ,Lee\n".as_bytes()).unwrap();
        assert_eq!((rows[0].line, rows[0].email.as_str(), rows[0].first_name.as_str()), (2, "ann@x.com", "Ann"));
    }

    #[test]
    fn whole_file_problems_are_named() {
        let cases: [(&[u8], &str); 4] = [
            (b"email,first_name\nx@y.com,A\n", "Missing column(s): last_name, group"),
            (b"email,first_name,last_name,group\n\xff\xfe\n", "not UTF-8"),
            (b"email,first_name,last_name,group\n", "no rows"),
            (b"email,first_name,last_name,group\na,b,c\n", "Line 2 cannot be read"),
        ];
        for (bytes, expected) in cases {
            let problem = parse(bytes).unwrap_err();
            assert!(problem.contains(expected), "{problem}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_rows_or_a_message_and_rows_keep_their_cells(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            email in "[a-z]{1,8}@[a-z]{1,8}\\.com",
            first in "[A-Za-z =+@\t]{0,12}",
        ) {
            let _ = parse(&bytes);
            let csv = format!("email,first_name,last_name,group\n{email},\"{first}\",,\n");
            let rows = parse(csv.as_bytes()).unwrap();
            proptest::prop_assert_eq!(&rows[0].email, &email);
            proptest::prop_assert_eq!(rows[0].first_name.as_str(), first.trim());
        }
    }
}
