//! The period choice of Link Tracking Stats, sent by GET.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    pub period: String,
}
