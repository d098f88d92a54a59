//! The public home page and the health check.

mod pages;

use std::time::Duration;

use actix_web::{HttpResponse, web};

use crate::auth::Visitor;
use crate::db::{self, DbPool};
use crate::web::{AppError, render};
use pages::HomePage;

/// A health probe must answer quickly even when the database does not.
const HEALTH_DB_TIMEOUT: Duration = Duration::from_secs(2);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home)).route("/healthz", web::get().to(healthz));
}

async fn home(visitor: Visitor) -> Result<HttpResponse, AppError> {
    render(&HomePage { chrome: visitor.chrome() })
}

/// 200 when the process is up and PostgreSQL answers, 503 otherwise.
async fn healthz(pool: web::Data<DbPool>) -> HttpResponse {
    if db::ping(&pool, HEALTH_DB_TIMEOUT).await {
        HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"}))
    } else {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
    }
}
