//! The public program page.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::pages::ProgramPage;
use super::queries::{self, SlugLookup};
use super::{join_path, program_path};
use crate::auth::Visitor;
use crate::db::{self, DbPool};
use crate::vendors::queries as vendors;
use crate::web::{AppError, render};

/// `/programs/{vendor}/{group}`: what a prospective partner sees, no log-in
/// needed. A renamed group's old URL answers 301 with the new one.
pub async fn program_page(
    visitor: Visitor,
    path: web::Path<(String, String)>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let (vendor_slug, group_slug) = path.into_inner();
    let lookup_slug = vendor_slug.clone();
    let (vendor, lookup) = db::run(&pool, move |conn| {
        let vendor = vendors::by_slug(conn, &lookup_slug)?;
        let lookup = queries::by_public_slug(conn, vendor.id, &group_slug)?;
        Ok((vendor, lookup))
    })
    .await?;
    let group = match lookup {
        SlugLookup::Live(group) => group,
        SlugLookup::Renamed { current_slug } => {
            let location = program_path(&vendor_slug, &current_slug);
            return Ok(HttpResponse::MovedPermanently().insert_header((header::LOCATION, location)).finish());
        }
        SlugLookup::Unknown => return Err(AppError::NotFound),
    };
    let page = ProgramPage {
        chrome: visitor.chrome(),
        terms_url: group.terms_url.clone().or(vendor.terms_url),
        join_path: join_path(&vendor.slug, &group.slug, None),
        vendor_name: vendor.name,
        vendor_website: vendor.website,
        group,
    };
    render(&page)
}
