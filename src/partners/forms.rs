//! The All Partners filters, sent by GET.

use serde::Deserialize;

use super::directory::{Filter, SORTS};
use crate::db::ids::GroupId;
use crate::db::states::PartnershipStatus;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    group: String,
    status: String,
    sort: String,
    page: String,
}

impl ListQuery {
    /// What to show; anything unreadable falls back to the default view.
    pub fn parse(&self) -> Filter {
        Filter {
            search: self.q.trim().chars().take(100).collect(),
            group: self.group.parse().ok().map(GroupId),
            removed: PartnershipStatus::parse(&self.status) == Some(PartnershipStatus::Removed),
            sort: SORTS.iter().map(|(key, _, _)| *key).find(|key| *key == self.sort).unwrap_or("joined").to_string(),
            page: crate::web::plain_input::page_number(&self.page),
        }
    }
}
