//! Resources → Link Generator, and Links (secondary link activation).

use actix_web::{HttpResponse, web};

use super::forms::GenerateQuery;
use super::pages::{GeneratorPage, SecondaryLinksPage, Sharing};
use super::queries::{self, Ad};
use crate::config::Config;
use crate::db::ids::{LinkId, PartnershipId};
use crate::db::{self, DbPool};
use crate::groups::join_path;
use crate::groups::queries as groups;
use crate::links::queries::{self as links, Link};
use crate::links::{tracking_prefix, tracking_url};
use crate::partners::Partner;
use crate::partners::queries::{self as partners, Child};
use crate::social::SocialContent;
use crate::social::queries as social;
use crate::tracking::{Codes, Resolution, Tracker};
use crate::web::Menu;
use crate::web::{AppError, Flash, render, see_other};

/// Everything the page lists, read in one go.
struct Resources {
    links: Vec<Link>,
    children: Vec<Child>,
    ads: Vec<Ad>,
    group_slug: String,
    social: SocialContent,
}

pub async fn show(
    partner: Partner,
    query: web::Query<GenerateQuery>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    tracker: web::Data<Tracker>,
) -> Result<HttpResponse, AppError> {
    let (me, vendor) = (partner.partnership.clone(), partner.vendor.id);
    let Resources { links, children, ads, group_slug, social } = db::run(&pool, move |conn| {
        let children = partners::children(conn, me.id)?;
        let owners: Vec<PartnershipId> = std::iter::once(me.id).chain(children.iter().map(|c| c.id)).collect();
        Ok(Resources {
            links: links::usable_by(conn, me.id, me.group_id)?,
            ads: queries::ads_of(conn, &owners)?,
            group_slug: groups::find(conn, vendor, me.group_id)?.slug,
            social: social::of_group(conn, me.group_id)?,
            children,
        })
    })
    .await?;
    let query = query.into_inner();
    let base = config.base_url();
    let (generated, problem) = if query.link.is_empty() {
        (None, None)
    } else {
        match generate(&tracker.into_inner(), &config, &partner, &links, &children, &ads, &query).await? {
            Ok(url) => (Some(url), None),
            Err(problem) => (None, Some(problem)),
        }
    };
    let me = partner.partnership.id;
    let code_of =
        |owner: PartnershipId| children.iter().find(|c| c.id == owner).map(|c| c.code.clone()).unwrap_or_default();
    let (my_ads, others): (Vec<Ad>, Vec<Ad>) = ads.into_iter().partition(|ad| ad.partnership_id == me);
    let children_ads = others.into_iter().map(|ad| (code_of(ad.partnership_id), ad)).collect();
    let my_code = partner.partnership.code.clone();
    let sharing = sharing(&partner, &config, social);
    let page = GeneratorPage {
        chrome: partner.chrome(Menu::Generator),
        sharing,
        recruit_url: format!("{base}{}", join_path(&partner.vendor.slug, &group_slug, Some(&my_code))),
        my_code,
        tracking_prefix: tracking_prefix(&config),
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

/// The tracking URL for the choice, checked by the same resolver the
/// redirect uses, so the page never hands out a URL that would not work.
async fn generate(
    tracker: &std::sync::Arc<Tracker>,
    config: &Config,
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
    let codes = Codes { link: link.code.clone(), partner: driver_code.clone(), ad: ad.clone() };
    Ok(match tracker.resolve(codes).await? {
        Resolution::Redirect(_) => Ok(tracking_url(config, &link.code, &driver_code, ad.as_deref())),
        Resolution::NotActivated => Err("That partner has not activated this secondary link yet.".into()),
        Resolution::NotFound => {
            Err("This link works only for you, not for that partner. Choose a default link.".into())
        }
    })
}

pub async fn secondary(
    partner: Partner,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let me = partner.partnership.clone();
    let (links, individual, social) = db::run(&pool, move |conn| {
        let secondary = links::secondary_links(conn, me.id, me.group_id)?;
        Ok((secondary, links::individual_links(conn, me.id)?, social::of_group(conn, me.group_id)?))
    })
    .await?;
    let page = SecondaryLinksPage {
        chrome: partner.chrome(Menu::Secondary),
        sharing: sharing(&partner, &config, social),
        links,
        individual,
        tracking_prefix: tracking_prefix(&config),
        my_code: partner.partnership.code.clone(),
    };
    render(&page)
}

pub async fn activate(
    partner: Partner,
    path: web::Path<(String, LinkId)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (me, link) = (partner.partnership.clone(), path.1);
    if !db::run(&pool, move |conn| Ok(links::activate(conn, me.id, me.group_id, link)?)).await? {
        return Err(AppError::NotFound);
    }
    partner.session.flash(Flash::success("Link activated: its tracking URL now works for you."));
    Ok(see_other(&format!("/partner/{}/secondary-links", partner.vendor.slug)))
}

fn sharing(partner: &Partner, config: &Config, content: SocialContent) -> Sharing {
    Sharing {
        content,
        partner_name: partner.viewer.user.name.clone(),
        tracking_prefix: tracking_prefix(config),
        my_code: partner.partnership.code.clone(),
    }
}
