//! The tracking redirect `GET /go/{link}/{partner}[/{ad}]`: sends the visitor
//! to the vendor's destination and records the click. `queries.rs` resolves
//! the codes, `clicks.rs` writes the click.

mod clicks;
mod destination;
mod pages;
pub mod queries;
mod visitor;

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use crate::config::Config;
use crate::db::{self, DbPool};
use crate::web::client_ip::client_ip;
use crate::web::{AppError, Chrome, render_status};
use clicks::NewClick;
use pages::NotActivatedPage;
use queries::Resolution;

/// The first-party cookie that carries the click id to attribution.
const CLICK_COOKIE: &str = "pd_click";
const CLICK_COOKIE_DAYS: i64 = 90;

pub fn routes(cfg: &mut web::ServiceConfig) {
    for path in ["/go/{link_code}/{partner_code}", "/go/{link_code}/{partner_code}/{ad_code}"] {
        cfg.route(path, web::get().to(go)).route(path, web::head().to(go));
    }
}

/// Where a click goes.
enum Outcome {
    Redirect(String),
    NotActivated,
    NotFound,
}

async fn go(req: HttpRequest, pool: web::Data<DbPool>, config: web::Data<Config>) -> Result<HttpResponse, AppError> {
    let segment = |name: &str| req.match_info().get(name).map(str::to_string);
    let (link_code, partner_code, ad_code) =
        (segment("link_code").unwrap_or_default(), segment("partner_code").unwrap_or_default(), segment("ad_code"));
    let click_id = new_click_id();
    let user_agent = header_text(&req, header::USER_AGENT, 500);
    // HEAD requests and robots are sent on but not counted as clicks.
    let click = (req.method() != Method::HEAD && !visitor::is_bot(&user_agent)).then(|| NewClick {
        public_id: click_id.clone(),
        visitor_hash: visitor::visitor_hash(config.session_key.expose(), &client_ip(&req), &user_agent),
        referer: Some(header_text(&req, header::REFERER, 1000)).filter(|r| !r.is_empty()),
        user_agent: Some(user_agent).filter(|a| !a.is_empty()),
    });
    let sent_with = click_id.clone();
    // Resolving and recording share one trip to the blocking pool and one connection.
    let outcome = db::run(&pool, move |conn| {
        let target = match queries::resolve(conn, &link_code, &partner_code, ad_code.as_deref())? {
            Resolution::Redirect(target) => target,
            Resolution::NotActivated => return Ok(Outcome::NotActivated),
            Resolution::NotFound => return Ok(Outcome::NotFound),
        };
        let Some(location) = destination::redirect_url(&target.link, &sent_with) else {
            return Ok(Outcome::NotFound);
        };
        if let Some(click) = click {
            clicks::record(conn, &target, &click)?;
        }
        Ok(Outcome::Redirect(location))
    })
    .await?;
    let location = match outcome {
        Outcome::Redirect(location) => location,
        Outcome::NotFound => return Err(AppError::NotFound),
        Outcome::NotActivated => {
            return render_status(&NotActivatedPage { chrome: Chrome::bare() }, StatusCode::CONFLICT);
        }
    };
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

fn new_click_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn header_text(req: &HttpRequest, name: header::HeaderName, max: usize) -> String {
    let value = req.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).unwrap_or_default();
    value.chars().take(max).collect()
}
