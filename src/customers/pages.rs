//! The Customers list and one customer's page.

use askama::Template;

use super::forms::CustomerFilter;
use super::lines::CustomerLine;
use super::queries::{ClickOrigin, Customer, Refund, Sale};
use crate::db::states::AttributionSource;
use crate::domain::Currency;
use crate::web::count::Count;
use crate::web::{Chrome, FormErrors, filters};

pub const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "customers/list.html")]
pub struct CustomersPage {
    pub chrome: Chrome,
    pub rows: Vec<CustomerLine>,
    pub total: Count,
    pub filter: CustomerFilter,
    pub currency: Currency,
}

impl CustomersPage {
    pub fn pages(&self) -> i64 {
        self.total.pages(PER_PAGE)
    }

    pub fn page_link(&self, page: i64) -> String {
        format!("/vendor/{}/customers?{}&page={page}", self.chrome.current_slug(), self.filter_query())
    }

    /// The CSV of every customer the filters match.
    pub fn csv_link(&self) -> String {
        format!("/vendor/{}/customers.csv?{}", self.chrome.current_slug(), self.filter_query())
    }

    fn filter_query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &self.filter.search)
            .append_pair("attributed", self.filter.attributed)
            .finish()
    }
}

/// Who a customer is credited to, for the page.
pub struct Credit {
    pub partner_id: i64,
    pub partner_name: String,
    pub partner_code: String,
}

#[derive(Template)]
#[template(path = "customers/show.html")]
pub struct CustomerPage {
    pub chrome: Chrome,
    pub customer: Customer,
    pub credit: Option<Credit>,
    pub origin: Option<ClickOrigin>,
    pub sales: Vec<Sale>,
    pub refunds: Vec<Refund>,
    pub typed_code: String,
    pub errors: FormErrors,
}

impl CustomerPage {
    /// How the customer came to be credited, in words.
    pub fn how(&self) -> &'static str {
        match self.customer.attribution {
            AttributionSource::Click => "Their last click on the partner's link",
            AttributionSource::PartnerCode => "The partner code sent with the signup",
            AttributionSource::Manual => "Assigned by hand",
            AttributionSource::None => "Not credited",
        }
    }
}
