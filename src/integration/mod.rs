//! Connecting the vendor's site and billing: the `/pd.js` click keeper,
//! the Integration page (snippet, API examples, Stripe set-up) and
//! Stripe's webhook.

mod forms;
mod page;
mod pages;
mod queries;
mod signature;
mod webhook;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::auth::sealed::SecretBox;
use crate::web::json_error::json_error;

/// The click keeper vendors put on their site: small, and cached for a day.
const PD_JS: &str = include_str!("pd.js");

/// Called by other sites and by Stripe: no session, no CSRF token. Every
/// answer under `/webhooks` is JSON.
pub fn public_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/webhooks")
            .service(web::resource("/stripe/{vendor_slug}").route(web::post().to(webhook::receive)).default_service(
                web::to(|| async {
                    let mut answer = json_error(
                        StatusCode::METHOD_NOT_ALLOWED,
                        "method_not_allowed",
                        "Stripe delivers events with POST.",
                        None,
                    );
                    answer.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("POST"));
                    answer
                }),
            ))
            .default_service(web::to(|| async {
                json_error(StatusCode::NOT_FOUND, "not_found", "No webhook is received at this address.", None)
            })),
    )
    .route("/pd.js", web::get().to(pd_js));
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/vendor/{vendor_slug}/integration", web::get().to(page::show))
        .route("/vendor/{vendor_slug}/integration/stripe", web::post().to(page::save_stripe));
}

async fn pd_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(PD_JS)
}

/// Seals and opens vendors' Stripe signing secrets.
#[derive(Clone)]
pub struct StripeSecrets(SecretBox);

impl StripeSecrets {
    pub fn from_session_key(secret: &[u8]) -> Self {
        StripeSecrets(SecretBox::from_secret(secret, b"partnerdesk stripe v1"))
    }

    fn seal(&self, secret: &str) -> anyhow::Result<Vec<u8>> {
        self.0.seal(secret.as_bytes())
    }

    /// The secret, or `None` when it cannot be opened (SESSION_KEY changed).
    fn open(&self, sealed: &[u8]) -> Option<String> {
        match self.0.open(sealed).map(String::from_utf8) {
            Ok(Ok(secret)) => Some(secret),
            _ => {
                tracing::error!("cannot open a Stripe signing secret: was SESSION_KEY changed? Paste it again");
                None
            }
        }
    }
}
