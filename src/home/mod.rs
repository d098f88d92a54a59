//! The public home page and the health check.

mod pages;

use std::time::Duration;

use actix_web::{HttpResponse, web};

use crate::auth::Visitor;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::web::{AppError, render};
use pages::HomePage;

/// A health probe must answer quickly even when the database does not.
const HEALTH_DB_TIMEOUT: Duration = Duration::from_secs(2);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home)).route("/healthz", web::get().to(healthz));
}

async fn home(visitor: Visitor, pool: web::Data<DbPool>, config: web::Data<Config>) -> Result<HttpResponse, AppError> {
    let mode = config.vendor_signup;
    let vendor_signup_open = db::run(&pool, move |conn| Ok(crate::vendors::queries::signup_open(conn, mode)?)).await?;
    render(&HomePage { chrome: visitor.chrome(), vendor_signup_open })
}

/// 200 when the process is up and PostgreSQL answers, 503 otherwise.
async fn healthz(pool: web::Data<DbPool>) -> HttpResponse {
    if db::ping(&pool, HEALTH_DB_TIMEOUT).await {
        HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"}))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
    }
}
