//! The tracking redirect `GET /go/{link}/{partner}[/{ad}]`: sends the visitor
//! to the vendor's destination and records the click.

mod destination;
pub mod resolve;
mod visitor;

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::prelude::*;
use rand::RngCore;

pub use destination::CLICK_ID_PARAM;
use resolve::{Resolution, Target};

use crate::auth::Visitor;
use crate::config::Config;
use crate::db::schema::clicks;
use crate::db::{self, DbPool};
use crate::web::client_ip::client_ip;
use crate::web::{AppError, Chrome, render_status};

/// The first-party cookie that carries the click id to attribution.
pub const CLICK_COOKIE: &str = "pd_click";
const CLICK_COOKIE_DAYS: i64 = 90;

pub fn routes(cfg: &mut web::ServiceConfig) {
    for path in ["/go/{link_code}/{partner_code}", "/go/{link_code}/{partner_code}/{ad_code}"] {
        cfg.route(path, web::get().to(go)).route(path, web::head().to(go));
    }
}

#[derive(Template)]
#[template(path = "tracking/not_activated.html")]
struct NotActivatedPage {
    chrome: Chrome,
}

async fn go(
    req: HttpRequest,
    visitor: Visitor,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let segment = |name: &str| req.match_info().get(name).map(str::to_string);
    let (link_code, partner_code, ad_code) =
        (segment("link_code").unwrap_or_default(), segment("partner_code").unwrap_or_default(), segment("ad_code"));
    let resolution =
        db::run(&pool, move |conn| Ok(resolve::resolve(conn, &link_code, &partner_code, ad_code.as_deref())?)).await?;
    let target = match resolution {
        Resolution::Redirect(target) => *target,
        Resolution::NotFound => return Err(AppError::NotFound),
        Resolution::NotActivated => {
            return render_status(&NotActivatedPage { chrome: visitor.chrome() }, StatusCode::CONFLICT);
        }
    };
    let click_id = new_click_id();
    let location = destination::redirect_url(&target.link, &click_id).ok_or(AppError::NotFound)?;
    let user_agent = header_text(&req, header::USER_AGENT, 500);
    // HEAD requests and robots are sent on but not counted as clicks.
    if req.method() != Method::HEAD {
        let click = NewClick {
            target,
            public_id: click_id.clone(),
            visitor_hash: visitor::visitor_hash(config.session_key.expose(), &client_ip(&req), &user_agent),
            referer: Some(header_text(&req, header::REFERER, 1000)).filter(|r| !r.is_empty()),
            is_bot: visitor::is_bot(&user_agent),
            user_agent: Some(user_agent).filter(|a| !a.is_empty()),
        };
        if !click.is_bot {
            db::run(&pool, move |conn| Ok(record(conn, &click)?)).await?;
        }
    }
    let cookie = Cookie::build(CLICK_COOKIE, click_id)
        .path("/")
        .max_age(time::Duration::days(CLICK_COOKIE_DAYS))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.serves_https())
        .finish();
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish())
}

struct NewClick {
    target: Target,
    public_id: String,
    visitor_hash: String,
    referer: Option<String>,
    user_agent: Option<String>,
    is_bot: bool,
}

fn record(conn: &mut PgConnection, click: &NewClick) -> QueryResult<()> {
    diesel::insert_into(clicks::table)
        .values((
            clicks::link_id.eq(click.target.link.id),
            clicks::partnership_id.eq(click.target.partnership),
            clicks::ad_id.eq(click.target.ad),
            clicks::public_id.eq(&click.public_id),
            clicks::visitor_hash.eq(&click.visitor_hash),
            clicks::referer.eq(&click.referer),
            clicks::user_agent.eq(&click.user_agent),
            clicks::is_bot.eq(click.is_bot),
        ))
        .execute(conn)?;
    Ok(())
}

fn new_click_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn header_text(req: &HttpRequest, name: header::HeaderName, max: usize) -> String {
    let value = req.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).unwrap_or_default();
    value.chars().take(max).collect()
}
