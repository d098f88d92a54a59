//! The partner center's pages.

use askama::Template;

use crate::social::{Share, SocialContent};

use super::forms::{AdForm, GenerateQuery};
use super::queries::{Ad, Membership};
use crate::db::states::MediaType;
use crate::links::queries::Link;
use crate::partners::queries::Child;
use crate::stats::overview::Overview;
use crate::web::{Chrome, FormErrors, filters};

#[derive(Template)]
#[template(path = "partner_center/home.html")]
pub struct PartnerHomePage {
    pub chrome: Chrome,
    pub memberships: Vec<Membership>,
}

#[derive(Template)]
#[template(path = "partner_center/program.html")]
pub struct ProgramPage {
    pub chrome: Chrome,
    pub membership: Membership,
    pub program_url: String,
    pub overview: Overview,
}

#[derive(Template)]
#[template(path = "partner_center/generator.html")]
pub struct GeneratorPage {
    pub chrome: Chrome,
    pub my_code: String,
    pub links: Vec<Link>,
    pub children: Vec<Child>,
    pub my_ads: Vec<Ad>,
    pub children_ads: Vec<(String, Ad)>,
    pub recruit_url: String,
    pub tracking_prefix: String,
    pub query: GenerateQuery,
    pub generated: Option<String>,
    pub problem: Option<String>,
    pub sharing: Sharing,
}

/// What the share actions beside each tracking link are made of.
pub struct Sharing {
    pub content: SocialContent,
    pub partner_name: String,
    pub tracking_prefix: String,
    pub my_code: String,
}

impl Sharing {
    /// The share links of `link` with this partner's own tracking URL.
    pub fn of(&self, link: &Link) -> Share {
        self.of_url(&format!("{}{}/{}", self.tracking_prefix, link.code, self.my_code))
    }

    /// The share links of a tracking URL made in the generator.
    pub fn of_url(&self, url: &str) -> Share {
        Share::of(&self.content, url, &self.partner_name)
    }
}

#[derive(Template)]
#[template(path = "partner_center/secondary.html")]
pub struct SecondaryLinksPage {
    pub chrome: Chrome,
    pub links: Vec<(Link, bool)>,
    /// Links the vendor made for this partner alone.
    pub individual: Vec<Link>,
    pub sharing: Sharing,
    pub tracking_prefix: String,
    pub my_code: String,
}

#[derive(Template)]
#[template(path = "partner_center/ad_form.html")]
pub struct AdFormPage {
    pub chrome: Chrome,
    pub form: AdForm,
    pub errors: FormErrors,
    pub action: String,
    pub editing: bool,
    pub code_editable: bool,
}

impl AdFormPage {
    pub fn media_types(&self) -> Vec<(&'static str, &'static str)> {
        MediaType::ALL.iter().map(|media| (media.as_str(), media.label())).collect()
    }
}
