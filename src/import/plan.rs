//! What importing each row would do, decided against the database as it is
//! now — so the dry run and the import agree, and a second import of the
//! same file creates nothing.

use std::collections::HashMap;

use diesel::{PgConnection, QueryResult};

use super::parse::CsvRow;
use super::queries;
use crate::db::ids::{GroupId, VendorId};
use crate::db::states::PartnershipStatus;
use crate::domain::EmailAddress;
use crate::domain::spreadsheet::looks_like_formula;
use crate::groups::queries::{self as groups, Group};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    Skip(String),
    Error(String),
}

#[derive(Debug, Clone)]
pub struct Planned {
    pub row: CsvRow,
    pub action: Action,
    pub email: String,
    pub group: Option<(GroupId, String)>,
}

impl Planned {
    pub fn verb(&self) -> &'static str {
        match self.action {
            Action::Create => "create",
            Action::Skip(_) => "skip",
            Action::Error(_) => "error",
        }
    }

    pub fn why(&self) -> &str {
        match &self.action {
            Action::Create => "",
            Action::Skip(why) | Action::Error(why) => why,
        }
    }
}

fn partner_code_ok(code: &str) -> bool {
    (6..=12).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The vendor's partners as the plan needs them: by email and by code.
struct Existing {
    status_by_email: HashMap<String, (PartnershipStatus, String)>,
    active_codes: Vec<String>,
    all_codes: Vec<String>,
}

fn existing(conn: &mut PgConnection, vendor: VendorId) -> QueryResult<Existing> {
    let rows = queries::partners_by_email(conn, vendor)?;
    let mut status_by_email = HashMap::new();
    for (email, status, code) in &rows {
        // An active or pending partnership outranks an old removed one.
        if *status != PartnershipStatus::Removed || !status_by_email.contains_key(email) {
            status_by_email.insert(email.clone(), (*status, code.clone()));
        }
    }
    let active_codes =
        rows.iter().filter(|(_, s, _)| *s == PartnershipStatus::Active).map(|(_, _, c)| c.clone()).collect();
    Ok(Existing { status_by_email, active_codes, all_codes: rows.into_iter().map(|(_, _, c)| c).collect() })
}

pub fn plan(conn: &mut PgConnection, vendor: VendorId, rows: &[CsvRow]) -> QueryResult<Vec<Planned>> {
    let groups = groups::list(conn, vendor)?;
    let existing = existing(conn, vendor)?;
    let mut seen_emails: HashMap<String, usize> = HashMap::new();
    let mut new_codes: Vec<String> = Vec::new();
    let mut planned = Vec::new();
    for row in rows {
        let email = EmailAddress::parse(&row.email).map(|e| e.as_str().to_string());
        let group = find_group(&groups, &row.group);
        let action = decide(row, &email, &group, &existing, &seen_emails, &new_codes);
        if let Ok(email) = &email {
            seen_emails.entry(email.clone()).or_insert(row.line);
        }
        if action == Action::Create && !row.partner_code.is_empty() {
            new_codes.push(row.partner_code.to_ascii_lowercase());
        }
        planned.push(Planned {
            row: row.clone(),
            action,
            email: email.unwrap_or_default(),
            group: group.map(|g| (g.id, g.name.clone())),
        });
    }
    Ok(planned)
}

/// The group named (or slugged) in the cell; the default group when empty.
fn find_group<'a>(groups: &'a [Group], cell: &str) -> Option<&'a Group> {
    if cell.is_empty() {
        return groups.iter().find(|g| g.is_default);
    }
    groups.iter().find(|g| g.slug == cell.to_ascii_lowercase() || g.name.eq_ignore_ascii_case(cell))
}

fn decide(
    row: &CsvRow,
    email: &Result<String, String>,
    group: &Option<&Group>,
    existing: &Existing,
    seen_emails: &HashMap<String, usize>,
    new_codes: &[String],
) -> Action {
    if let Some(cell) = row.cells().into_iter().find(|cell| looks_like_formula(cell)) {
        return Action::Error(format!("“{cell}” looks like a spreadsheet formula; remove its first character."));
    }
    let email = match email {
        Ok(email) => email,
        Err(message) => return Action::Error(format!("email: {message}")),
    };
    if let Some(line) = seen_emails.get(email) {
        return Action::Error(format!("The same email is already on line {line} of this file."));
    }
    if group.is_none() {
        return Action::Error(format!("No group is named “{}”.", row.group));
    }
    if format!("{} {}", row.first_name, row.last_name).chars().count() > 100 {
        return Action::Error("first_name and last_name together must be at most 100 characters.".into());
    }
    match existing.status_by_email.get(email) {
        Some((PartnershipStatus::Removed, code)) => {
            return Action::Error(format!(
                "Was removed from your program (code {code}); only a new email invite can bring them back."
            ));
        }
        Some((_, code)) => return Action::Skip(format!("Already a partner (code {code}).")),
        None => {}
    }
    let code = row.partner_code.to_ascii_lowercase();
    if !code.is_empty() && !partner_code_ok(&code) {
        return Action::Error("partner_code must be 6 to 12 lower-case letters and digits.".into());
    }
    if !code.is_empty() && (existing.all_codes.contains(&code) || new_codes.contains(&code)) {
        return Action::Error(format!("The partner code {code} is already taken."));
    }
    let parent = row.parent_code.to_ascii_lowercase();
    if !parent.is_empty() && !existing.active_codes.contains(&parent) && !new_codes.contains(&parent) {
        return Action::Error(format!("No active partner has the parent code {parent}."));
    }
    Action::Create
}
