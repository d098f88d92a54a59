//! My programs, and one program's overview.

use actix_web::{HttpResponse, web};

use super::pages::{PartnerHomePage, ProgramPage};
use super::queries;
use crate::auth::SignedIn;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::groups::program_path;
use crate::stats::PeriodQuery;
use crate::stats::overview;
use crate::web::Menu;
use crate::web::{AppError, NavItem, render};

pub async fn home(signed_in: SignedIn, pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    let user = signed_in.viewer.user.id;
    let memberships = db::run(&pool, move |conn| Ok(queries::memberships(conn, user)?)).await?;
    render(&PartnerHomePage { chrome: signed_in.partner_chrome(None, Menu::Programs), memberships })
}

pub async fn program(
    signed_in: SignedIn,
    path: web::Path<String>,
    query: web::Query<PeriodQuery>,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let (user, slug, asked) = (signed_in.viewer.user.id, path.into_inner(), query.into_inner().period);
    let (membership, overview) = db::run(&pool, move |conn| {
        let membership = queries::membership(conn, user, &slug)?;
        let overview = overview::for_period(conn, membership.partnership_id, &asked)?;
        Ok((membership, overview))
    })
    .await?;
    let program_url = format!("{}{}", config.base_url(), program_path(&membership.vendor_slug, &membership.group_slug));
    let current = NavItem { slug: membership.vendor_slug.clone(), name: membership.vendor_name.clone() };
    let chrome = signed_in.partner_chrome(Some(current), Menu::Overview);
    render(&ProgramPage { chrome, membership, program_url, overview })
}
