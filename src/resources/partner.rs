//! The partner center's *E-mail Templates* (with the partner's own link
//! filled in, ready to copy) and *Resource Pages*.

use actix_web::{HttpResponse, web};

use super::pages::{PartnerEmails, PartnerPage, PartnerPages, ReadyEmail};
use super::queries;
use crate::config::Config;
use crate::db::ids::ResourceId;
use crate::db::states::{LinkKind, ResourceKind};
use crate::db::{self, DbPool};
use crate::links::queries as links;
use crate::links::tracking_url;
use crate::partners::Partner;
use crate::social::fill;
use crate::web::{AppError, render};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/partner/{vendor_slug}/email-templates", web::get().to(emails))
        .route("/partner/{vendor_slug}/resource-pages", web::get().to(pages))
        .route("/partner/{vendor_slug}/resource-pages/{resource_id}", web::get().to(page));
}

pub async fn emails(
    partner: Partner,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let group = partner.partnership.group_id;
    let (templates, link) = db::run(&pool, move |conn| {
        let link = links::group_links(conn, group, LinkKind::Default)?.into_iter().next().map(|l| l.code);
        Ok((queries::of_group(conn, group, ResourceKind::Email)?, link))
    })
    .await?;
    let my_link = link.map(|code| tracking_url(&config, &code, &partner.partnership.code, None)).unwrap_or_default();
    let name = partner.viewer.user.name.clone();
    let emails = templates
        .into_iter()
        .map(|t| ReadyEmail {
            id: t.id,
            title: t.title,
            subject: fill(&t.subject, &my_link, &name),
            body: fill(&t.body, &my_link, &name),
        })
        .collect();
    render(&PartnerEmails { chrome: partner.chrome(ResourceKind::Email.menu()), emails })
}

pub async fn pages(partner: Partner, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let group = partner.partnership.group_id;
    let pages = db::run(&pool, move |conn| Ok(queries::of_group(conn, group, ResourceKind::Page)?)).await?;
    render(&PartnerPages { chrome: partner.chrome(ResourceKind::Page.menu()), pages })
}

/// One page, for the partner's own group only.
pub async fn page(
    partner: Partner,
    path: web::Path<(String, ResourceId)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (group, id) = (partner.partnership.group_id, path.1);
    let found = db::run(&pool, move |conn| Ok(queries::in_group(conn, group, ResourceKind::Page, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let html = super::markdown_html(&found.body);
    render(&PartnerPage { chrome: partner.chrome(ResourceKind::Page.menu()), page: found, html })
}
