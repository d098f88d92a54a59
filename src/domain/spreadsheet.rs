//! Cells a spreadsheet would run as a formula: refused when they come in
//! (imports), defused when they go out (CSV downloads). A plain number is
//! not a formula and goes out as it is, so sums and readers see numbers.

/// Whether a spreadsheet would read `cell` as a formula.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// "12", "-9.80", "0.005": an optional minus, digits, an optional point
/// and digits. A spreadsheet reads it as a number and nothing else.
pub fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `cell` as a spreadsheet should show it: a number as it is, a
/// formula-looking text with a leading quote.
pub fn safe_cell(cell: &str) -> String {
    if looks_like_formula(cell) && !is_plain_number(cell) { format!("'{cell}") } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    use super::{is_plain_number, looks_like_formula, safe_cell};

    #[test]
    fn formula_looking_cells_are_caught_and_defused() {
        for cell in ["=1+1", "+1", "-2+3", "-", "-1e5", "@SUM(A1)", "\tx", "\rx", "-.5", "-5."] {
            assert!(looks_like_formula(cell), "{cell:?}");
            assert_eq!(safe_cell(cell), format!("'{cell}"));
        }
        assert!(!looks_like_formula("Ann"));
        assert_eq!(safe_cell("Ann"), "Ann");
    }

    #[test]
    fn numbers_negative_included_stay_numbers() {
        for cell in ["0", "12", "-9.80", "1234.50", "-0.005", "1000"] {
            assert!(is_plain_number(cell), "{cell:?}");
            assert_eq!(safe_cell(cell), cell);
        }
        for cell in ["", "1.2.3", "1,000", "$5", "5 USD", "-"] {
            assert!(!is_plain_number(cell), "{cell:?}");
        }
    }
}
