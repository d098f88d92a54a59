//! Configuration: read once at start-up from flags and environment variables,
//! checked, and handed to the app as `web::Data<Config>`.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use lettre::message::Mailbox;
use rand::RngCore;
use url::Url;

/// A session key shorter than this cannot sign and encrypt cookies.
pub const MIN_SESSION_KEY_BYTES: usize = 64;
const SESSION_KEY_FILE: &str = "session.key";

/// Command line of the `partnerdesk` binary.
#[derive(Debug, Parser)]
#[command(name = "partnerdesk", version, about = "Partner program portal")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

/// What to do; serving the portal when none is given.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Create the database if missing, run pending migrations, and exit.
    Migrate,
    /// Manage vendors from the command line.
    #[command(subcommand)]
    Vendor(VendorCommand),
    /// Fill the database with a believable demo program and print how to log in.
    Demo {
        /// How many partners the demo program has.
        #[arg(long, default_value_t = 200)]
        partners: u32,
        /// How many clicks, spread over the last 90 days.
        #[arg(long, default_value_t = 20_000)]
        clicks: u64,
        /// Instead: have the ledger recompute this many of the demo's signups
        /// and sales, changing nothing, and say whether the books agree.
        #[arg(long, value_name = "EVENTS")]
        check_books: Option<u32>,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum VendorCommand {
    /// Create a vendor and email its owner a link to set their password.
    Create {
        /// The company's name, as partners will see it.
        #[arg(long)]
        name: String,
        /// The owner's email; an existing account becomes the owner.
        #[arg(long)]
        owner_email: String,
        /// The owner's name for a new account [default: the email's local part].
        #[arg(long)]
        owner_name: Option<String>,
        /// The company's website, the default destination of its links.
        #[arg(long, default_value = "https://example.com")]
        website: String,
    },
}

/// Who may sign up a new vendor from the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VendorSignup {
    /// Only the first vendor of an empty install; the operator makes the rest.
    Closed,
    /// Anyone, as a hosted service would.
    Open,
}

impl VendorSignup {
    /// Invites, imports with invites and API-made partnerships a vendor may
    /// send per day unless SENDING_QUOTA_PER_DAY says otherwise: an operator's
    /// own vendors are trusted, strangers' are not.
    pub fn default_daily_quota(self) -> u32 {
        match self {
            VendorSignup::Closed => 5_000,
            VendorSignup::Open => 100,
        }
    }
}

/// The raw settings, each from a flag or its environment variable.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// PostgreSQL connection URL; the database is created if missing.
    #[arg(long, env = "DATABASE_URL", default_value = "postgres://postgres@127.0.0.1:5432/partnerdesk")]
    pub database_url: String,
    /// Address to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Public origin used in every emailed or copied URL [default: http://BIND].
    #[arg(long, env = "BASE_URL")]
    pub base_url: Option<String>,
    /// Local state: generated session key, mail files.
    #[arg(long, env = "DATA_DIR", default_value = "./var")]
    pub data_dir: PathBuf,
    /// Cookie signing/encryption key, 64+ bytes [default: generated into DATA_DIR].
    #[arg(long, env = "SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<String>,
    /// smtp://[user:pass@]host:port or smtps://...; unset: mail is written to DATA_DIR/mail.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of every email.
    #[arg(long, env = "MAIL_FROM", default_value = "Partnerdesk <noreply@localhost>")]
    pub mail_from: String,
    /// Entries each tracking resolution cache holds (links, partners, ads…).
    #[arg(long, env = "TRACKING_CACHE_CAPACITY", default_value_t = 100_000)]
    pub tracking_cache_capacity: u64,
    /// Longest a click waits in memory before its batch is written, in ms.
    #[arg(long, env = "CLICK_FLUSH_MS", default_value_t = 100)]
    pub click_flush_ms: u64,
    /// Bearer token for /metrics [default: unset, loopback peers only].
    #[arg(long, env = "METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Minutes without a request after which a signed-in session ends.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,
    /// closed: only the first vendor signs up from the home page; open: anyone.
    #[arg(long, env = "VENDOR_SIGNUP", value_enum, default_value = "closed")]
    pub vendor_signup: VendorSignup,
    /// Emails a vendor may cause per day (invites, imports, API partnerships)
    /// [default: 5000 when VENDOR_SIGNUP is closed, 100 when open].
    #[arg(long, env = "SENDING_QUOTA_PER_DAY")]
    pub sending_quota_per_day: Option<u32>,
    /// Whether a vendor must prove a domain (a token at
    /// /.well-known/partnerdesk-verification.txt) before links lead to it
    /// [default: true when VENDOR_SIGNUP is open, false when closed].
    #[arg(long, env = "VERIFY_DOMAINS")]
    pub verify_domains: Option<bool>,
    /// Port of the plain-http try of a domain check (https is tried on 443
    /// first); only a test serving the token locally needs another.
    #[arg(long, env = "DOMAIN_CHECK_HTTP_PORT", default_value_t = 80)]
    pub domain_check_http_port: u16,
    /// Whole months of raw clicks to keep (13 or more, so the longest
    /// attribution window still finds its click); the daily rollups are
    /// kept forever [default: unset, raw clicks are kept forever].
    #[arg(long, env = "CLICK_RETENTION_MONTHS")]
    pub click_retention_months: Option<u32>,
    /// Seconds the Overview's top partners are shown as ranked before they
    /// are ranked again, in the background.
    #[arg(long, env = "RANKING_FRESH_SECONDS", default_value_t = 60)]
    pub ranking_fresh_seconds: u64,
}

/// A secret that never shows in logs or debug output.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: Url,
    pub bind: SocketAddr,
    /// `None` until the listener is bound when BASE_URL is not set, so a
    /// test on port 0 gets the real port; see [`Config::with_bound_address`].
    pub base_url: Option<Url>,
    pub data_dir: PathBuf,
    pub session_key: Secret,
    pub smtp_url: Option<Secret>,
    pub mail_from: Mailbox,
    pub tracking_cache_capacity: u64,
    pub click_flush: std::time::Duration,
    pub metrics_token: Option<Secret>,
    pub session_idle: std::time::Duration,
    pub vendor_signup: VendorSignup,
    pub sending_quota_per_day: u32,
    pub verify_domains: bool,
    pub domain_check_http_port: u16,
    pub click_retention_months: Option<u32>,
    pub ranking_fresh_for: std::time::Duration,
    /// The time every limit is judged by; a test moves its app's clock.
    pub clock: crate::clock::Clock,
}

impl Config {
    /// Checks every setting; the error names the setting and what to fix.
    pub fn from_settings(settings: Settings) -> anyhow::Result<Config> {
        let session_key = match settings.session_key {
            Some(key) => parse_session_key(&key)?,
            None => load_or_create_session_key(&settings.data_dir)?,
        };
        Ok(Config {
            database_url: parse_database_url(&settings.database_url)?,
            bind: parse_bind(&settings.bind)?,
            base_url: settings.base_url.as_deref().map(parse_base_url).transpose()?,
            data_dir: settings.data_dir,
            session_key,
            smtp_url: settings.smtp_url.as_deref().map(parse_smtp_url).transpose()?,
            tracking_cache_capacity: parse_cache_capacity(settings.tracking_cache_capacity)?,
            click_flush: parse_click_flush(settings.click_flush_ms)?,
            session_idle: parse_session_idle(settings.session_idle_minutes)?,
            vendor_signup: settings.vendor_signup,
            sending_quota_per_day: settings
                .sending_quota_per_day
                .unwrap_or_else(|| settings.vendor_signup.default_daily_quota()),
            verify_domains: settings.verify_domains.unwrap_or(settings.vendor_signup == VendorSignup::Open),
            domain_check_http_port: settings.domain_check_http_port,
            click_retention_months: settings.click_retention_months.map(parse_click_retention).transpose()?,
            ranking_fresh_for: parse_ranking_fresh(settings.ranking_fresh_seconds)?,
            clock: crate::clock::Clock::default(),
            metrics_token: settings
                .metrics_token
                .filter(|t| !t.trim().is_empty())
                .map(|t| Secret(t.trim().as_bytes().to_vec())),
            mail_from: settings.mail_from.parse().map_err(|e| {
                anyhow::anyhow!(
                    "MAIL_FROM {:?} is not an email address ({e}); use e.g. \"Acme <partners@acme.com>\"",
                    settings.mail_from
                )
            })?,
        })
    }

    /// Fills in the default BASE_URL from the address actually bound.
    pub fn with_bound_address(mut self, addr: SocketAddr) -> Config {
        self.bind = addr;
        if self.base_url.is_none() {
            let url = format!("http://{addr}");
            self.base_url = Url::parse(&url).ok();
        }
        self
    }

    /// The public origin, without a trailing slash.
    pub fn base_url(&self) -> String {
        let url = self.base_url.as_ref().map(Url::as_str).unwrap_or("http://127.0.0.1:8080");
        url.trim_end_matches('/').to_string()
    }

    /// Whether cookies must carry the `Secure` flag.
    pub fn serves_https(&self) -> bool {
        self.base_url.as_ref().is_some_and(|u| u.scheme() == "https")
    }
}

fn parse_database_url(raw: &str) -> anyhow::Result<Url> {
    let url = Url::parse(raw)
        .with_context(|| format!("DATABASE_URL {raw:?} is not a URL; use postgres://user@host:port/dbname"))?;
    if !matches!(url.scheme(), "postgres" | "postgresql") {
        bail!("DATABASE_URL must start with postgres://, got {:?}", url.scheme());
    }
    if url.path().trim_start_matches('/').is_empty() {
        bail!("DATABASE_URL {raw:?} names no database; add one, e.g. /partnerdesk");
    }
    Ok(url)
}

fn parse_bind(raw: &str) -> anyhow::Result<SocketAddr> {
    raw.to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .with_context(|| format!("BIND {raw:?} is not a host:port address, e.g. 127.0.0.1:8080"))
}

fn parse_base_url(raw: &str) -> anyhow::Result<Url> {
    let url = Url::parse(raw)
        .with_context(|| format!("BASE_URL {raw:?} is not a URL; use e.g. https://partners.example.com"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        bail!("BASE_URL {raw:?} must be an http:// or https:// origin");
    }
    if url.path() != "/" || url.query().is_some() || !url.username().is_empty() {
        bail!("BASE_URL {raw:?} must be an origin only (scheme, host, port), with no path");
    }
    Ok(url)
}

fn parse_smtp_url(raw: &str) -> anyhow::Result<Secret> {
    let url = Url::parse(raw)
        .map_err(|_| anyhow::anyhow!("SMTP_URL is not a URL; use smtp://[user:pass@]host:port or smtps://..."))?;
    if !matches!(url.scheme(), "smtp" | "smtps") || url.host().is_none() {
        bail!("SMTP_URL must start with smtp:// or smtps:// and name a host");
    }
    Ok(Secret(raw.as_bytes().to_vec()))
}

fn parse_session_key(raw: &str) -> anyhow::Result<Secret> {
    let key = raw.trim().as_bytes();
    if key.len() < MIN_SESSION_KEY_BYTES {
        bail!(
            "SESSION_KEY is {} bytes; it must be at least {MIN_SESSION_KEY_BYTES} (e.g. the output of `openssl rand -hex 64`)",
            key.len()
        );
    }
    Ok(Secret(key.to_vec()))
}

/// A generated key survives restarts so sessions do too.
fn load_or_create_session_key(data_dir: &Path) -> anyhow::Result<Secret> {
    let path = data_dir.join(SESSION_KEY_FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return parse_session_key(&existing).with_context(|| {
            format!("the session key in {} is unusable; delete the file to make a new one", path.display())
        });
    }
    let mut bytes = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = hex::encode(bytes);
    write_private_file(&path, &key)
        .with_context(|| format!("cannot write the session key to {} (DATA_DIR)", path.display()))?;
    tracing::warn!(path = %path.display(), "SESSION_KEY not set: generated one; set SESSION_KEY when running more than one node");
    Ok(Secret(key.into_bytes()))
}

fn write_private_file(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())
}

fn parse_cache_capacity(capacity: u64) -> anyhow::Result<u64> {
    if capacity < 100 {
        bail!("TRACKING_CACHE_CAPACITY {capacity} is too small; use at least 100 (the default is 100000)");
    }
    Ok(capacity)
}

fn parse_session_idle(minutes: u32) -> anyhow::Result<std::time::Duration> {
    anyhow::ensure!(
        (1..=720).contains(&minutes),
        "SESSION_IDLE_MINUTES {minutes} is out of range; use 1 to 720 (12 hours, the longest a session lives)"
    );
    Ok(std::time::Duration::from_secs(u64::from(minutes) * 60))
}

/// The longest attribution window is 365 days: a shorter retention could
/// drop the click a signup is credited by.
fn parse_click_retention(months: u32) -> anyhow::Result<u32> {
    if !(13..=1200).contains(&months) {
        bail!(
            "CLICK_RETENTION_MONTHS {months} is out of range; use 13 to 1200, or leave it unset to keep raw clicks forever"
        );
    }
    Ok(months)
}

fn parse_ranking_fresh(seconds: u64) -> anyhow::Result<std::time::Duration> {
    if !(1..=86_400).contains(&seconds) {
        bail!("RANKING_FRESH_SECONDS {seconds} is out of range; use 1 to 86400 (the default is 60)");
    }
    Ok(std::time::Duration::from_secs(seconds))
}

fn parse_click_flush(millis: u64) -> anyhow::Result<std::time::Duration> {
    if !(1..=600_000).contains(&millis) {
        bail!("CLICK_FLUSH_MS {millis} is out of range; use 1 to 600000 (the default is 100)");
    }
    Ok(std::time::Duration::from_millis(millis))
}

#[cfg(test)]
mod tests {
    use super::parse_ranking_fresh;

    #[test]
    fn the_ranking_freshness_is_a_second_to_a_day() {
        assert_eq!(parse_ranking_fresh(60).unwrap().as_secs(), 60);
        assert_eq!(parse_ranking_fresh(86_400).unwrap().as_secs(), 86_400);
        for refused in [0, 86_401] {
            let message = parse_ranking_fresh(refused).unwrap_err().to_string();
            assert!(message.starts_with("RANKING_FRESH_SECONDS"), "{message}");
        }
    }
}
