//! Cells a spreadsheet would run as a formula: refused when they come in
//! (imports), defused when they go out (CSV downloads).

/// Whether a spreadsheet would read `cell` as a formula.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `cell` as text a spreadsheet shows as it is: a formula-looking one gets a leading quote.
pub fn safe_cell(cell: &str) -> String {
    if looks_like_formula(cell) { format!("'{cell}") } else { cell.to_string() }
}

#[cfg(test)]
mod tests {
    use super::{looks_like_formula, safe_cell};

    #[test]
    fn formula_looking_cells_are_caught_and_defused() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(cell), "{cell:?}");
            assert_eq!(safe_cell(cell), format!("'{cell}"));
        }
        assert!(!looks_like_formula("Ann"));
        assert_eq!(safe_cell("Ann"), "Ann");
    }
}
