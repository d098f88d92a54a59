//! `GET /metrics`: Prometheus text for operators. With `METRICS_TOKEN` set
//! it needs `Authorization: Bearer $METRICS_TOKEN`; without, only loopback
//! peers get it (a reverse proxy on the same host is loopback too, so set
//! the token there). Anyone else gets 404. Features register what they
//! measure in the one [`Registry`].

use std::sync::{Arc, Mutex};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::web::AppError;

pub use prometheus_client::registry::Registry;

/// The registry, shared by the features that register into it at start-up.
#[derive(Clone, Default)]
pub struct Metrics(pub Arc<Mutex<Registry>>);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/metrics", web::get().to(show));
}

async fn show(
    req: HttpRequest,
    metrics: web::Data<Metrics>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    if !allowed(&req, config.metrics_token.as_ref().map(|t| t.expose())) {
        return Err(AppError::NotFound);
    }
    let mut body = String::new();
    {
        let registry =
            metrics.0.lock().map_err(|_| AppError::Internal(anyhow::anyhow!("metrics registry poisoned")))?;
        prometheus_client::encoding::text::encode(&mut body, &registry)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("encoding metrics: {e}")))?;
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8"))
        .body(body))
}

/// The token when one is set; else a loopback peer (the socket's address,
/// never a forwarded header).
fn allowed(req: &HttpRequest, token: Option<&[u8]>) -> bool {
    let Some(token) = token else {
        return req.peer_addr().is_some_and(|peer| peer.ip().is_loopback());
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    // Compared as digests, so the time taken says nothing about the token.
    presented.is_some_and(|presented| Sha256::digest(token) == Sha256::digest(presented.as_bytes()))
}
