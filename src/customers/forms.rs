//! The Customers page's search and the hand-assignment form.

use serde::Deserialize;

use crate::web::FormErrors;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CustomersQuery {
    q: String,
    attributed: String,
    page: String,
}

/// What the Customers page shows.
#[derive(Debug, Clone)]
pub struct CustomerFilter {
    pub search: String,
    /// "", "attributed" or "unattributed".
    pub attributed: &'static str,
    pub page: i64,
}

impl CustomersQuery {
    /// Anything unreadable falls back to the default view.
    pub fn parse(&self) -> CustomerFilter {
        CustomerFilter {
            search: self.q.trim().chars().take(100).collect(),
            attributed: ["attributed", "unattributed"].into_iter().find(|v| *v == self.attributed).unwrap_or(""),
            page: crate::web::plain_input::page_number(&self.page),
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    pub partner_code: String,
}

impl AssignForm {
    pub fn parse(&self) -> Result<String, FormErrors> {
        let code = self.partner_code.trim();
        if code.is_empty() || code.chars().count() > 100 {
            let mut errors = FormErrors::new();
            errors.add("partner_code", "Enter the partner code of an active partner.");
            return Err(errors);
        }
        Ok(code.to_string())
    }
}
