//! The Offers tab and the offer form.

use askama::Template;

use chrono::{DateTime, Utc};

use super::forms::OfferForm;
use super::queries::{CommissionLine, HistoryLine, Offer, StatusTotal};
use super::rules::{self, Terms};
use crate::customers::queries::{ClickOrigin, Sale};
use crate::db::ids::OfferId;
use crate::db::states::CommissionStatus;
use crate::db::states::{OfferTrigger, RewardKind};
use crate::domain::{Currency, Money};
use crate::groups::queries::Group;
use crate::web::{Chrome, FormErrors, filters};

#[derive(Template)]
#[template(path = "rewards/offers.html")]
pub struct OffersTab {
    pub chrome: Chrome,
    pub group: Group,
    pub offers: Vec<Offer>,
    pub currency: Currency,
}

impl OffersTab {
    pub fn describe(&self, offer: &Offer) -> String {
        rules::describe(&offer.terms(), self.currency)
    }
}

#[derive(Template)]
#[template(path = "rewards/offer_form.html")]
pub struct OfferFormPage {
    pub chrome: Chrome,
    pub group: Group,
    /// `None` for a new offer.
    pub editing: Option<OfferId>,
    pub form: OfferForm,
    pub errors: FormErrors,
    pub currency: Currency,
}

impl OfferFormPage {
    pub fn triggers(&self) -> [(&'static str, &'static str); 4] {
        [
            (OfferTrigger::Signup.as_str(), "A customer signs up"),
            (OfferTrigger::EverySale.as_str(), "Every sale"),
            (OfferTrigger::FirstSale.as_str(), "The first sale only"),
            (OfferTrigger::SalesWithin.as_str(), "Sales within some months of the signup"),
        ]
    }

    pub fn kinds(&self) -> [(&'static str, &'static str); 2] {
        [(RewardKind::Percent.as_str(), "A percentage of the sale"), (RewardKind::Fixed.as_str(), "A fixed amount")]
    }

    /// "Fixed amount (USD)".
    pub fn in_currency(&self, label: &str) -> String {
        format!("{label} ({})", self.currency.code())
    }

    pub fn action(&self) -> String {
        let base = format!("/vendor/{}/groups/{}/offers", self.chrome.current_slug(), self.group.id);
        match self.editing {
            Some(id) => format!("{base}/{id}"),
            None => base,
        }
    }
}

#[derive(Template)]
#[template(path = "rewards/structure.html")]
pub struct StructurePage {
    pub chrome: Chrome,
    /// Each live offer's name and terms in words.
    pub offers: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "rewards/earnings.html")]
pub struct EarningsPage {
    pub chrome: Chrome,
    pub totals: Vec<StatusTotal>,
    pub lines: Vec<CommissionLine>,
    pub currency: Currency,
}

impl EarningsPage {
    /// The total of one status in the program's currency, and in others beside it.
    pub fn total(&self, status: &str) -> (Money, Vec<Money>) {
        let of_status = self.totals.iter().filter(|t| t.status.as_str() == status);
        let main = of_status.clone().filter(|t| t.amount().currency == self.currency).map(|t| t.cents).sum();
        let others = of_status.filter(|t| t.amount().currency != self.currency).map(StatusTotal::amount).collect();
        (Money::new(main, self.currency), others)
    }

    pub fn statuses(&self) -> [(&'static str, &'static str); 3] {
        [
            (CommissionStatus::Pending.as_str(), "Pending"),
            (CommissionStatus::Approved.as_str(), "Approved"),
            (CommissionStatus::Paid.as_str(), "Paid"),
        ]
    }
}

/// Everything behind one commission.
pub struct Receipt {
    pub line: CommissionLine,
    pub offer_name: String,
    pub terms: Terms,
    pub click: Option<ClickOrigin>,
    pub signed_up_at: DateTime<Utc>,
    pub reason: String,
    pub sale: Option<Sale>,
    pub history: Vec<HistoryLine>,
}

#[derive(Template)]
#[template(path = "rewards/receipt.html")]
pub struct ReceiptPage {
    pub chrome: Chrome,
    pub r: Receipt,
    pub terms: String,
}
