//! Builds the server from a [`Config`]: the binary runs it, tests start it on
//! port 0 against their own database.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_files::Files;
use actix_session::SessionMiddleware;
use actix_session::config::PersistentSession;
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite, time};
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, Logger, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::auth::Passwords;
use crate::auth::error_menus::dress_error_pages;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::email::{Mailer, Outbox, OutboxWorker, Sealer, WakeUp};
use crate::integration::StripeSecrets;
use crate::metrics::{Metrics, Registry};
use crate::tracking::{Engine, Tracker};
use crate::web::{AppError, assets, csrf, headers, plain_input};
use crate::{
    accounts, api, applications, banners, conversions, customers, groups, home, import, integration, invites, links,
    metrics, partner_center, partners, pipelines, resources, rewards, social, stats, tracking, vendors,
};

const SESSION_COOKIE: &str = "partnerdesk_session";
/// How long a stopping server waits for an email being sent.
const OUTBOX_STOP_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);
/// Over HTTPS the cookie is `__Host-` prefixed: browsers then refuse it
/// unless Secure, for this host only, on every path.
const SECURE_SESSION_COOKIE: &str = "__Host-partnerdesk_session";
const SESSION_DAYS: i64 = 14;

/// A bound, not yet running server, with its email worker and tracking engine.
pub struct Application {
    server: Server,
    config: Config,
    worker: OutboxWorker,
    engine: Engine,
    pool: DbPool,
}

/// Services handlers share besides the pool and the config.
#[derive(Clone)]
struct Shared {
    passwords: Passwords,
    outbox: Outbox,
    tracker: Arc<Tracker>,
    metrics: Metrics,
}

impl Application {
    /// Prepares the database, binds the listener and assembles the app.
    pub fn build(config: Config) -> anyhow::Result<Application> {
        let pool = db::prepare(&config.database_url)?;
        // This month's and the next months' click tables exist before the first click.
        tracking::partitions::maintain_once(&mut *pool.get()?, config.click_retention_months)
            .context("cannot make the monthly click tables")?;
        let mailer = Mailer::from_config(&config)?;
        let listener = TcpListener::bind(config.bind)
            .with_context(|| format!("cannot listen on BIND {}; is the port in use?", config.bind))?;
        let config = config.with_bound_address(listener.local_addr()?);
        let sealer = Sealer::from_secret(config.session_key.expose());
        let wake_up = WakeUp::default();
        let worker = OutboxWorker {
            pool: pool.clone(),
            mailer,
            sealer: sealer.clone(),
            from: config.mail_from.clone(),
            wake_up: wake_up.clone(),
        };
        let mut registry = Registry::default();
        let engine = Engine::build(&config, &mut registry)?;
        let shared = Shared {
            passwords: Passwords::for_this_machine(),
            outbox: Outbox::new(sealer, config.base_url(), wake_up),
            tracker: Arc::clone(&engine.tracker),
            metrics: Metrics(Arc::new(Mutex::new(registry))),
        };
        let server = serve(listener, pool.clone(), config.clone(), shared)?;
        Ok(Application { server, config, worker, engine, pool })
    }

    pub fn port(&self) -> u16 {
        self.config.bind.port()
    }

    pub fn base_url(&self) -> String {
        self.config.base_url()
    }

    /// Stops the server from elsewhere, e.g. when a test ends.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped (SIGINT/SIGTERM, or a handle), then drains the
    /// click queue before returning.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(address = %self.config.bind, base_url = %self.config.base_url(), "serving Partnerdesk");
        let engine = self.engine.start()?;
        let stop_outbox = Arc::new(tokio::sync::Notify::new());
        let mut worker = tokio::spawn(self.worker.run(Arc::clone(&stop_outbox)));
        let months =
            tokio::spawn(tracking::partitions::maintain(self.pool.clone(), self.config.click_retention_months));
        let approvals = tokio::spawn(rewards::approve_when_held(self.pool.clone(), self.config.clock.clone()));
        let idempotency = tokio::spawn(api::forget_expired_idempotency_keys(self.pool));
        let served = self.server.await;
        // An email being sent is finished and recorded, within a deadline.
        stop_outbox.notify_one();
        if tokio::time::timeout(OUTBOX_STOP_DEADLINE, &mut worker).await.is_err() {
            worker.abort();
        }
        approvals.abort();
        idempotency.abort();
        months.abort();
        // Joining the engine's threads blocks; not on the async runtime.
        if tokio::task::spawn_blocking(move || engine.stop()).await.is_err() {
            tracing::error!("stopping the tracking engine failed");
        }
        served
    }
}

fn serve(listener: TcpListener, pool: DbPool, config: Config, shared: Shared) -> anyhow::Result<Server> {
    // One key for all workers: a key per worker would lose sessions.
    let key = Key::try_from(config.session_key.expose()).context("SESSION_KEY is too short")?;
    let https = config.serves_https();
    let pool = web::Data::new(pool);
    let passwords = web::Data::new(shared.passwords);
    let outbox = web::Data::new(shared.outbox);
    let stripe_secrets = web::Data::new(StripeSecrets::from_session_key(config.session_key.expose()));
    let tracker = web::Data::from(shared.tracker);
    let metrics = web::Data::new(shared.metrics);
    let top_partners = web::Data::new(stats::TopPartnersCache::new(config.ranking_fresh_for, config.clock.clone()));
    let config = web::Data::new(config);
    let server = HttpServer::new(move || {
        // The tracking redirect and /metrics come first, outside the scope
        // that adds sessions, CSRF checks and a log line per request.
        let pages = web::scope("")
            .wrap(from_fn(tracking::settle_after_writes))
            .wrap(from_fn(csrf::verify))
            .wrap(from_fn(dress_error_pages))
            .wrap(session_middleware(key.clone(), https))
            .wrap(request_log())
            .wrap(from_fn(plain_input::refuse_control_characters))
            // Pages can hold personal data: no browser or proxy keeps them.
            .wrap(DefaultHeaders::new().add(("Cache-Control", "no-store")))
            .service(
                web::scope("/static")
                    .wrap(DefaultHeaders::new().add(("Cache-Control", "public, max-age=31536000, immutable")))
                    .service(Files::new("", assets::static_dir())),
            )
            .configure(home::routes)
            .configure(accounts::routes)
            .configure(groups::routes)
            .configure(links::routes)
            .configure(invites::routes)
            .configure(applications::routes)
            .configure(stats::routes)
            .configure(partners::routes)
            .configure(import::routes)
            .configure(api::routes)
            .configure(vendors::routes)
            .configure(partner_center::routes)
            .configure(integration::routes)
            .configure(customers::routes)
            .configure(conversions::routes)
            .configure(rewards::routes)
            .configure(pipelines::routes)
            .configure(social::routes)
            .configure(resources::routes)
            .configure(banners::routes);
        App::new()
            .wrap(headers::security_headers(https))
            .app_data(tracker.clone())
            .app_data(metrics.clone())
            .app_data(pool.clone())
            .app_data(passwords.clone())
            .app_data(outbox.clone())
            .app_data(stripe_secrets.clone())
            .app_data(config.clone())
            .app_data(top_partners.clone())
            .app_data(extractor_errors::form())
            .app_data(extractor_errors::path())
            .app_data(extractor_errors::query())
            .configure(tracking::routes)
            .configure(metrics::routes)
            .configure(integration::public_routes)
            .service(pages)
            .default_service(web::to(|| async { Err::<actix_web::HttpResponse, _>(AppError::NotFound) }))
    })
    .listen(listener)?
    .run();
    Ok(server)
}

fn session_middleware(key: Key, https: bool) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name(if https { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }.to_string())
        .cookie_path("/".to_string())
        .cookie_secure(https)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .session_lifecycle(PersistentSession::default().session_ttl(time::Duration::days(SESSION_DAYS)))
        .build()
}

/// Method, path, status and time — never the query string, and with invite
/// tokens masked, so no secret reaches the log.
fn request_log() -> Logger {
    Logger::new("%{request}xi %s %Dms").custom_request_replace("request", |req| {
        let path = req.path();
        let shown = match path.strip_prefix("/invites/") {
            Some(_) => "/invites/…",
            None => path,
        };
        format!("{} {}", req.method(), shown)
    })
}

/// Extractor failures rendered as the site's error pages, not bare text.
mod extractor_errors {
    use actix_web::web;

    use crate::web::AppError;

    pub fn form() -> web::FormConfig {
        web::FormConfig::default().limit(256 * 1024).error_handler(|err, _| {
            AppError::BadRequest(format!("The form could not be read ({err}). Go back and try again.")).into()
        })
    }

    pub fn path() -> web::PathConfig {
        web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into())
    }

    pub fn query() -> web::QueryConfig {
        web::QueryConfig::default()
            .error_handler(|err, _| AppError::BadRequest(format!("The address has a malformed query ({err}).")).into())
    }
}
