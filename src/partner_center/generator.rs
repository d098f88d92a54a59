//! Resources → Link Generator, and Links (secondary link activation).

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::resources::{self, Ad, Child};
use crate::auth::Partner;
use crate::config::Config;
use crate::db::ids::{LinkId, PartnershipId};
use crate::db::{self, DbPool};
use crate::links::queries::Link;
use crate::tracking::resolve::{self, Resolution};
use crate::web::{AppError, Chrome, Flash, render, see_other};

/// The Generate Link form, sent by GET so it works without JavaScript.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct GenerateQuery {
    who: String,
    link: String,
    ad: String,
}

#[derive(Template)]
#[template(path = "partner_center/generator.html")]
struct GeneratorPage {
    chrome: Chrome,
    my_code: String,
    links: Vec<Link>,
    children: Vec<Child>,
    my_ads: Vec<Ad>,
    children_ads: Vec<(String, Ad)>,
    recruit_url: String,
    tracking_prefix: String,
    query: GenerateQuery,
    generated: Option<String>,
    problem: Option<String>,
}

/// Everything the page lists, read in one go.
struct Resources {
    links: Vec<Link>,
    children: Vec<Child>,
    ads: Vec<Ad>,
}

pub async fn show(
    partner: Partner,
    query: web::Query<GenerateQuery>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let me = partner.partnership.clone();
    let Resources { links, children, ads } = db::run(&pool, move |conn| {
        let children = resources::children(conn, me.id)?;
        let owners: Vec<PartnershipId> = std::iter::once(me.id).chain(children.iter().map(|c| c.id)).collect();
        Ok(Resources { links: resources::my_links(conn, &me)?, ads: resources::ads_of(conn, &owners)?, children })
    })
    .await?;
    let query = query.into_inner();
    let base = config.base_url();
    let (generated, problem) = if query.link.is_empty() {
        (None, None)
    } else {
        match generate(&pool, &partner, &links, &children, &ads, &query).await? {
            Ok(path) => (Some(format!("{base}{path}")), None),
            Err(problem) => (None, Some(problem)),
        }
    };
    let me = partner.partnership.id;
    let code_of =
        |owner: PartnershipId| children.iter().find(|c| c.id == owner).map(|c| c.code.clone()).unwrap_or_default();
    let (my_ads, others): (Vec<Ad>, Vec<Ad>) = ads.into_iter().partition(|ad| ad.partnership_id == me);
    let children_ads = others.into_iter().map(|ad| (code_of(ad.partnership_id), ad)).collect();
    let page = GeneratorPage {
        chrome: partner.chrome("generator"),
        my_code: partner.partnership.code.clone(),
        recruit_url: recruit_url(&pool, &partner, &base).await?,
        tracking_prefix: format!("{base}/go/"),
        links,
        children,
        my_ads,
        children_ads,
        query,
        generated,
        problem,
    };
    render(&page)
}

/// The tracking path for the choice, checked by the same resolver the
/// redirect uses, so the page never hands out a URL that would not work.
async fn generate(
    pool: &DbPool,
    partner: &Partner,
    links: &[Link],
    children: &[Child],
    ads: &[Ad],
    query: &GenerateQuery,
) -> Result<Result<String, String>, AppError> {
    let me = &partner.partnership;
    let (driver_code, driver_id) = match query.who.as_str() {
        "" | "me" => (me.code.clone(), me.id),
        code => match children.iter().find(|c| c.code == code) {
            Some(child) => (child.code.clone(), child.id),
            None => return Ok(Err("Choose yourself or one of your referral partners.".into())),
        },
    };
    let Some(link) = query.link.parse::<i64>().ok().and_then(|id| links.iter().find(|l| l.id == LinkId(id))) else {
        return Ok(Err("Choose one of your links.".into()));
    };
    let ad = match query.ad.as_str() {
        "" => None,
        chosen => match ads.iter().find(|ad| ad.id.to_string() == chosen) {
            Some(ad) if ad.partnership_id == driver_id => Some(ad.code.clone()),
            _ => return Ok(Err("Choose an ad of whoever drives the traffic, or no ad.".into())),
        },
    };
    let (link_code, code, ad_code) = (link.code.clone(), driver_code.clone(), ad.clone());
    let resolution =
        db::run(pool, move |conn| Ok(resolve::resolve(conn, &link_code, &code, ad_code.as_deref())?)).await?;
    Ok(match resolution {
        Resolution::Redirect(_) => Ok(match ad {
            Some(ad) => format!("/go/{}/{driver_code}/{ad}", link.code),
            None => format!("/go/{}/{driver_code}", link.code),
        }),
        Resolution::NotActivated => Err("That partner has not activated this secondary link yet.".into()),
        Resolution::NotFound => {
            Err("This link works only for you, not for that partner. Choose a default link.".into())
        }
    })
}

/// My group's join link with my code, for recruiting partners of my own.
async fn recruit_url(pool: &DbPool, partner: &Partner, base: &str) -> Result<String, AppError> {
    let (vendor, group) = (partner.vendor.id, partner.partnership.group_id);
    let group = db::run(pool, move |conn| Ok(crate::groups::queries::find(conn, vendor, group)?)).await?;
    Ok(format!("{base}/join/{}/{}?ref={}", partner.vendor.slug, group.slug, partner.partnership.code))
}

#[derive(Template)]
#[template(path = "partner_center/secondary.html")]
struct SecondaryLinksPage {
    chrome: Chrome,
    links: Vec<(Link, bool)>,
    tracking_prefix: String,
    my_code: String,
}

pub async fn secondary(
    partner: Partner,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let me = partner.partnership.clone();
    let links = db::run(&pool, move |conn| Ok(resources::secondary_links(conn, &me)?)).await?;
    let page = SecondaryLinksPage {
        chrome: partner.chrome("secondary"),
        links,
        tracking_prefix: format!("{}/go/", config.base_url()),
        my_code: partner.partnership.code.clone(),
    };
    render(&page)
}

pub async fn activate(
    partner: Partner,
    path: web::Path<(String, i64)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (me, link) = (partner.partnership.clone(), LinkId(path.1));
    if !db::run(&pool, move |conn| Ok(resources::activate(conn, &me, link)?)).await? {
        return Err(AppError::NotFound);
    }
    partner.session.flash(Flash::success("Link activated: its tracking URL now works for you."));
    Ok(see_other(&format!("/partner/{}/secondary-links", partner.vendor.slug)))
}
