//! The tracking redirect `GET /go/{link}/{partner}[/{ad}]`: the hot path.
//! It answers from memory (`resolver`, kept fresh by `invalidation`) and
//! hands the click to `clicks`, whose writer stores batches (or spools them
//! while PostgreSQL is away). `engine` builds and runs these parts;
//! `queries.rs` is what a cache miss reads.

mod clicks;
mod destination;
mod engine;
mod invalidation;
mod pages;
pub mod partitions;
mod queries;
mod resolver;
mod spool;
mod tally;
mod unique;
mod visitor;

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use crate::web::client_ip::client_ip;
use crate::web::{AppError, Chrome, render_status};
use clicks::Click;
pub use engine::{Engine, Tracker};
use pages::NotActivatedPage;
pub use resolver::{Codes, Resolution};

/// The first-party cookie that carries the click id to attribution.
const CLICK_COOKIE: &str = "pd_click";
/// Longer segments are no code of ours.
const CODE_MAX: usize = 64;

/// The redirect, in a scope of its own: no session, no CSRF, no log line.
pub fn routes(cfg: &mut web::ServiceConfig) {
    for path in ["/go/{link_code}/{partner_code}", "/go/{link_code}/{partner_code}/{ad_code}"] {
        cfg.route(path, web::get().to(go)).route(path, web::head().to(go));
    }
}

/// After a write (any POST), waits until this node's tracking caches reflect
/// it, so a partner removed or a link deleted stops redirecting at once.
pub async fn settle_after_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let tracker = (req.method() == Method::POST).then(|| req.app_data::<web::Data<Tracker>>().cloned()).flatten();
    let response = next.call(req).await?;
    if let Some(tracker) = tracker {
        tracker.settle().await;
    }
    Ok(response)
}

async fn go(req: HttpRequest, tracker: web::Data<Tracker>) -> HttpResponse {
    let started = Instant::now();
    let tracker = tracker.into_inner();
    let response = answer(&req, &tracker).await.unwrap_or_else(|error| error.error_response());
    tracker.metrics.latency.observe(started.elapsed().as_secs_f64());
    response
}

async fn answer(req: &HttpRequest, tracker: &Arc<Tracker>) -> Result<HttpResponse, AppError> {
    let codes = codes(req).ok_or(AppError::NotFound)?;
    let target = match tracker.resolve(codes).await? {
        Resolution::Redirect(target) => target,
        Resolution::NotFound => return Err(AppError::NotFound),
        Resolution::NotActivated => {
            return render_status(&NotActivatedPage { chrome: Chrome::bare() }, StatusCode::CONFLICT);
        }
    };
    let click_id = new_click_id();
    let location = target.link.redirect.with_click_id(&click_id);
    let user_agent = header_text(req, header::USER_AGENT, 500);
    match tracker.counting.judge(req, &user_agent) {
        Ok(()) => tracker.queue.accept(Click {
            public_id: click_id.clone(),
            link: target.link.id,
            partnership: target.partnership,
            ad: target.ad,
            at: chrono::Utc::now(),
            address: client_ip(req),
            user_agent,
            referer: Some(header_text(req, header::REFERER, 1000)).filter(|r| !r.is_empty()),
        }),
        Err(why) => tracker.metrics.not_counted(why),
    }
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::SET_COOKIE, format!("{CLICK_COOKIE}={click_id}{}", tracker.cookie_attributes)))
        .finish())
}

/// The codes of the path, if each could be one of ours: control
/// characters, NUL, anything but `a-z 0-9 -`, or an over-long segment
/// answer 404 without a lookup.
fn codes(req: &HttpRequest) -> Option<Codes> {
    let segment = |name: &str| req.match_info().get(name).filter(|s| is_code(s)).map(str::to_string);
    let ad = match req.match_info().get("ad_code") {
        None => None,
        Some(_) => Some(segment("ad_code")?),
    };
    Some(Codes { link: segment("link_code")?, partner: segment("partner_code")?, ad })
}

fn is_code(segment: &str) -> bool {
    (1..=CODE_MAX).contains(&segment.len())
        && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// 12 random bytes, URL-safe: unguessable, so nobody can claim another's click.
fn new_click_id() -> String {
    let mut bytes = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn header_text(req: &HttpRequest, name: header::HeaderName, max: usize) -> String {
    let value = req.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).unwrap_or_default();
    value.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::is_code;

    #[test]
    fn only_plausible_codes_are_looked_up() {
        assert!(is_code("spring-sale") && is_code("abc123"));
        for junk in ["", "Spring", "a\0b", "a\nb", "a b", "a/b", "é", &"a".repeat(65)] {
            assert!(!is_code(junk), "{junk:?}");
        }
    }
}
