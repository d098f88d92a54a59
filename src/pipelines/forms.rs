//! The forms of the tabs, the partner's submission and the vendor's moves.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::queries::{Filter, NewEntry, Settings};
use crate::db::ids::{EntryId, GroupId, PartnershipId, StageId};
use crate::db::states::{Pipeline, StageOutcome, WonAction};
use crate::domain::{Currency, EmailAddress, Money};
use crate::form_builder::{Field, answers};
use crate::web::{FormErrors, text};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TabForm {
    pub enabled: Option<String>,
    pub title: String,
    pub description: String,
    pub won_action: String,
}

impl TabForm {
    pub fn of(settings: &Settings) -> TabForm {
        TabForm {
            enabled: settings.enabled.then(|| "on".to_string()),
            title: settings.title.clone(),
            description: settings.description.clone(),
            won_action: settings.won_action.as_str().to_string(),
        }
    }

    pub fn parse(&self) -> Result<Settings, FormErrors> {
        let mut errors = FormErrors::new();
        let title = errors.check("title", text::required(&self.title, "a title", 150));
        let description = errors.check("description", text::optional(&self.description, 2000));
        let won_action = match self.won_action.as_str() {
            "" => Some(WonAction::Mark),
            raw => {
                errors.check("won_action", WonAction::parse(raw).ok_or_else(|| "Choose what a won deal does.".into()))
            }
        };
        errors.into_result(|| {
            Some(Settings {
                enabled: self.enabled.is_some(),
                title: title?,
                description: description?,
                won_action: won_action?,
            })
        })
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StageForm {
    /// `stage_name` on the add form, whose page has other `name`s.
    #[serde(alias = "stage_name")]
    pub name: String,
    pub outcome: String,
}

impl StageForm {
    pub fn parse(&self) -> Result<(String, StageOutcome), FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("stage_name", text::required(&self.name, "the stage's name", 60));
        let outcome = errors.check(
            "outcome",
            StageOutcome::parse(&self.outcome).ok_or_else(|| "Choose open, won or lost.".to_string()),
        );
        errors.into_result(|| Some((name?, outcome?)))
    }
}

/// A lead or deal as typed: the fixed fields and the custom ones by name.
#[derive(Debug, Default, Clone)]
pub struct EntryForm(pub HashMap<String, String>);

impl EntryForm {
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or_default()
    }

    pub fn typed(&self, field: &Field) -> &str {
        self.get(&field.input_name())
    }

    /// The entry to store, or a message under each bad field.
    pub fn parse(&self, pipeline: Pipeline, fields: &[Field], currency: Currency) -> Result<Parsed, FormErrors> {
        let mut errors = FormErrors::new();
        let company = match pipeline {
            Pipeline::Deals => errors.check("company", text::required(self.get("company"), "the company", 200)),
            Pipeline::Leads => errors.check("company", text::optional(self.get("company"), 200)),
        };
        let contact_name =
            errors.check("contact_name", text::required(self.get("contact_name"), "the contact's name", 200));
        let contact_email = errors
            .check("contact_email", EmailAddress::parse(self.get("contact_email")).map(|e| e.as_str().to_string()));
        let (amount, close) = match pipeline {
            Pipeline::Deals => (
                errors.check("amount", Money::parse(self.get("amount"), currency).map(|m| Some(m.cents))),
                errors.check("expected_close", close_date(self.get("expected_close"))),
            ),
            Pipeline::Leads => (Some(None), Some(None)),
        };
        let answers = match answers::check(fields, &self.0) {
            Ok(answers) => Some(answers),
            Err(field_errors) => {
                errors.merge(field_errors);
                None
            }
        };
        errors.into_result(|| {
            Some(Parsed {
                company: company?,
                contact_name: contact_name?,
                contact_email: contact_email?,
                amount_cents: amount?,
                currency: pipeline.is_deals().then(|| currency.code().to_string()),
                expected_close: close?,
                answers: serde_json::to_value(answers?).unwrap_or_default(),
            })
        })
    }
}

fn close_date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
        .map(Some)
        .ok_or_else(|| "Enter a date like 2027-03-31.".to_string())
}

/// A checked entry, without where it belongs yet.
pub struct Parsed {
    pub company: String,
    pub contact_name: String,
    pub contact_email: String,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub expected_close: Option<NaiveDate>,
    pub answers: serde_json::Value,
}

impl Parsed {
    pub fn into_new(self, at: Placement) -> NewEntry {
        NewEntry {
            vendor_id: at.vendor,
            group_id: at.group,
            partnership_id: at.partnership,
            pipeline: at.pipeline,
            stage_id: at.stage,
            company: self.company,
            contact_name: self.contact_name,
            contact_email: self.contact_email,
            amount_cents: self.amount_cents,
            currency: self.currency,
            expected_close: self.expected_close,
            answers: self.answers,
            duplicate_of: at.duplicate_of,
        }
    }
}

/// Where a new entry goes.
pub struct Placement {
    pub vendor: crate::db::ids::VendorId,
    pub group: GroupId,
    pub partnership: PartnershipId,
    pub pipeline: Pipeline,
    pub stage: StageId,
    pub duplicate_of: Option<EntryId>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StageMoveForm {
    pub stage_id: String,
    pub note: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct FilterQuery {
    pub stage: String,
    pub group: String,
    pub partner: String,
    pub page: String,
}

impl FilterQuery {
    pub fn filter(&self) -> Filter {
        Filter {
            stage: Some(self.stage.trim().to_string()).filter(|s| !s.is_empty()),
            group: self.group.trim().parse().ok().map(GroupId),
            partner: self.partner.trim().parse().ok().map(PartnershipId),
        }
    }

    pub fn page(&self) -> i64 {
        crate::web::plain_input::page_number(&self.page)
    }
}
