//! The pipelines' pages.

use askama::Template;

use super::forms::{EntryForm, FilterQuery, StageForm, TabForm};
use super::queries::{Details, Entry, Event, Listed, Settings, Stage, format_amount};
use crate::db::ids::{GroupId, PartnershipId};
use crate::db::states::{Pipeline, StageOutcome, WonAction};
use crate::form_builder::{Field, FieldsEditor};
use crate::groups::queries::Group;
use crate::web::{Chrome, FormErrors};

#[derive(Template)]
#[template(path = "pipelines/tab.html")]
pub struct PipelineTab {
    pub chrome: Chrome,
    /// The group header's active tab.
    pub tab: crate::groups::GroupTab,
    pub group: Group,
    pub pipeline: Pipeline,
    pub form: TabForm,
    pub editor: FieldsEditor,
    pub stages: Vec<Stage>,
    pub stage_form: StageForm,
    pub errors: FormErrors,
}

impl PipelineTab {
    pub fn tab_path(&self) -> String {
        format!("/vendor/{}/groups/{}/{}", self.chrome.current_slug(), self.group.id, self.pipeline.tab_slug())
    }

    pub fn outcomes(&self) -> Vec<(&'static str, &'static str)> {
        StageOutcome::ALL.iter().map(|o| (o.as_str(), o.label())).collect()
    }

    pub fn won_actions(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            (WonAction::RecordSale.as_str(), "Closed won records a sale of the deal amount for that customer"),
            (WonAction::Mark.as_str(), "Closed won only marks the deal"),
        ]
    }
}

#[derive(Template)]
#[template(path = "pipelines/list.html")]
pub struct EntryList {
    pub chrome: Chrome,
    pub pipeline: Pipeline,
    pub rows: Vec<Listed>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub query: FilterQuery,
    pub stages: Vec<String>,
    pub groups: Vec<(GroupId, String)>,
    pub partners: Vec<(PartnershipId, String)>,
}

impl EntryList {
    pub fn page_link(&self, page: i64) -> String {
        let query = serde_urlencoded::to_string([
            ("stage", self.query.stage.as_str()),
            ("group", self.query.group.as_str()),
            ("partner", self.query.partner.as_str()),
            ("page", &page.to_string()),
        ])
        .unwrap_or_default();
        format!("/vendor/{}/{}?{query}", self.chrome.current_slug(), self.pipeline.as_str())
    }

    pub fn filtered(&self) -> bool {
        !(self.query.stage.is_empty() && self.query.group.is_empty() && self.query.partner.is_empty())
    }

    pub fn group_selected(&self, id: &GroupId) -> bool {
        self.query.group.trim() == id.to_string()
    }

    pub fn partner_selected(&self, id: &PartnershipId) -> bool {
        self.query.partner.trim() == id.to_string()
    }
}

#[derive(Template)]
#[template(path = "pipelines/entry.html")]
pub struct EntryPage {
    pub chrome: Chrome,
    pub pipeline: Pipeline,
    pub entry: Entry,
    pub details: Details,
    pub stages: Vec<Stage>,
    pub history: Vec<Event>,
}

impl EntryPage {
    pub fn stage(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == self.entry.stage_id)
    }

    pub fn amount(&self) -> String {
        format_amount(self.entry.amount_cents, self.entry.currency.as_deref())
    }

    /// A lead in a won stage without a customer yet may become one.
    pub fn may_become_customer(&self) -> bool {
        self.pipeline == Pipeline::Leads && self.entry.customer_id.is_none() && self.stage().is_some_and(Stage::is_won)
    }
}

#[derive(Template)]
#[template(path = "pipelines/mine.html")]
pub struct MyEntries {
    pub chrome: Chrome,
    pub pipeline: Pipeline,
    pub open: bool,
    pub rows: Vec<Listed>,
}

#[derive(Template)]
#[template(path = "pipelines/submit.html")]
pub struct SubmitPage {
    pub chrome: Chrome,
    pub pipeline: Pipeline,
    pub settings: Settings,
    pub fields: Vec<Field>,
    pub form: EntryForm,
    pub errors: FormErrors,
    pub currency: String,
}
