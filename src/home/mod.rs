//! The public home page and the health check.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::RunQueryDsl;

use crate::auth::Visitor;
use crate::db::DbPool;
use crate::web::{AppError, Chrome, render};

/// A health probe must answer quickly even when the database does not.
const HEALTH_DB_TIMEOUT: Duration = Duration::from_secs(2);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home)).route("/healthz", web::get().to(healthz));
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
}

async fn home(visitor: Visitor) -> Result<HttpResponse, AppError> {
    render(&HomePage { chrome: visitor.chrome() })
}

/// 200 when the process is up and PostgreSQL answers, 503 otherwise.
async fn healthz(pool: web::Data<DbPool>) -> HttpResponse {
    let pool = pool.get_ref().clone();
    let answered = web::block(move || {
        let mut conn = pool.get_timeout(HEALTH_DB_TIMEOUT).ok()?;
        diesel::sql_query("SELECT 1").execute(&mut conn).ok()
    })
    .await
    .ok()
    .flatten()
    .is_some();
    if answered {
        HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"}))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
    }
}
