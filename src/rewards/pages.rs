//! The Offers tab and the offer form.

use askama::Template;

use chrono::{DateTime, Utc};

use super::forms::{CommissionsQuery, OfferForm};
use super::queries::{BatchSummary, CommissionLine, HistoryLine, Offer, PayoutLine, StatusTotal, VendorLine};
use super::rules::{self, Terms};
use crate::customers::queries::{ClickOrigin, Sale};
use crate::db::ids::OfferId;
use crate::db::states::{CommissionStatus, OfferTrigger, RewardKind};
use crate::domain::{Currency, Money};
use crate::groups::queries::Group;
use crate::web::count::Count;
use crate::web::plain_input::page_count;
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
        rules::describe(&offer.spec.terms, self.currency)
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

#[derive(Template)]
#[template(path = "rewards/commissions.html")]
pub struct CommissionsPage {
    pub chrome: Chrome,
    pub lines: Vec<VendorLine>,
    pub total: Count,
    pub groups: Vec<Group>,
    pub query: CommissionsQuery,
    pub page: i64,
}

impl CommissionsPage {
    pub fn statuses(&self) -> &'static [CommissionStatus] {
        CommissionStatus::ALL
    }

    pub fn pages(&self) -> i64 {
        self.total.pages(super::commissions::PER_PAGE)
    }

    pub fn page_link(&self, page: i64) -> String {
        format!("/vendor/{}/commissions?{}&page={page}", self.chrome.current_slug(), self.filter_query())
    }

    /// The CSV of every commission the filters match.
    pub fn csv_link(&self) -> String {
        format!("/vendor/{}/commissions.csv?{}", self.chrome.current_slug(), self.filter_query())
    }

    fn filter_query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("status", &self.query.status)
            .append_pair("partner", &self.query.partner)
            .append_pair("group", &self.query.group)
            .append_pair("from", &self.query.from)
            .append_pair("to", &self.query.to)
            .finish()
    }
}

#[derive(Template)]
#[template(path = "rewards/payouts.html")]
pub struct PayoutsPage {
    pub chrome: Chrome,
    pub batches: Vec<BatchSummary>,
    pub currency: Currency,
}

impl PayoutsPage {
    pub fn today(&self) -> String {
        today()
    }
}

fn today() -> String {
    Utc::now().format("%Y-%m-%d").to_string()
}

/// One payout batch, a page of its payouts at a time.
#[derive(Template)]
#[template(path = "rewards/payout_batch.html")]
pub struct BatchPage {
    pub chrome: Chrome,
    pub summary: BatchSummary,
    pub lines: Vec<PayoutLine>,
    pub page: i64,
}

impl BatchPage {
    pub fn pages(&self) -> i64 {
        page_count(self.summary.payouts, super::payouts::PAYOUTS_PER_PAGE)
    }

    pub fn page_link(&self, page: i64) -> String {
        format!("/vendor/{}/payouts/{}?page={page}", self.chrome.current_slug(), self.summary.batch)
    }

    pub fn today(&self) -> String {
        today()
    }
}

#[derive(Template)]
#[template(path = "rewards/partner_payouts.html")]
pub struct PartnerPayoutsPage {
    pub chrome: Chrome,
    pub payouts: Vec<PayoutLine>,
}
