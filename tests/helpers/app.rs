//! The app under test, with a cookie-keeping client.

use std::sync::Arc;

use partnerdesk::config::{Config, Settings};
use partnerdesk::startup::Application;
use rand::Rng;
use rand::distributions::Alphanumeric;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{COOKIE, HeaderValue, LOCATION};
use reqwest::{Response, StatusCode};
use scraper::Html;

use super::db::{TestDb, with_connection};
use super::html::Page;

pub const PASSWORD: &str = "correct horse battery";
/// Where test links lead; a vendor signed up by [`UserAgent::sign_up_vendor`] allows them all.
pub const TEST_DOMAINS: &str = "example.com\nacme.example\nglobex.example\nann.example\nx.example";

/// The running app, its database, and a default user agent (`Deref`).
pub struct TestApp {
    /// The public origin (BASE_URL), as in emailed and copied URLs.
    pub base_url: String,
    pub agent: UserAgent,
    pub db: TestDb,
    /// The app's clock: a test moves it forward instead of sleeping.
    pub clock: partnerdesk::clock::Clock,
    server: actix_web::dev::ServerHandle,
    data_dir: tempdir::TempDir,
}

impl Drop for TestApp {
    /// Stops the server (its workers, pool and outbox worker) before the
    /// database goes, instead of leaving threads running to process exit.
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// One browser-like client: its own cookies, no automatic redirects.
pub struct UserAgent {
    /// Where the server listens, which BASE_URL need not be.
    pub address: String,
    pub client: reqwest::Client,
    jar: Arc<Jar>,
    /// The app's database, for marking an email confirmed in tests about
    /// something else, and for reading it directly.
    pub database_url: String,
}

impl std::ops::Deref for TestApp {
    type Target = UserAgent;

    fn deref(&self) -> &UserAgent {
        &self.agent
    }
}

/// Settings as a test wants them; `adjust` may change any of them.
pub fn test_settings(database_url: String, data_dir: &std::path::Path) -> Settings {
    Settings {
        database_url,
        bind: "127.0.0.1:0".into(),
        base_url: None,
        data_dir: data_dir.to_path_buf(),
        session_key: Some(random_text(64)),
        smtp_url: None,
        mail_from: "Partnerdesk <noreply@localhost>".into(),
        tracking_cache_capacity: 10_000,
        click_flush_ms: 100,
        session_idle_minutes: 30,
        // Most tests sign up several vendors; tests/vendor_signup.rs checks closed mode.
        vendor_signup: partnerdesk::config::VendorSignup::Open,
        sending_quota_per_day: None,
        // tests/domain_proof.rs proves domains; the rest list theirs freely.
        verify_domains: Some(false),
        domain_check_http_port: 80,
        click_retention_months: None,
        ranking_fresh_seconds: 60,
        metrics_token: None,
    }
}

/// Warnings and errors only, through libtest's capture so passing tests stay quiet.
fn init_test_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
}

pub fn random_text(len: usize) -> String {
    rand::thread_rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        init_test_logging();
        let db = TestDb::create();
        let data_dir = tempdir::TempDir::new();
        let mut settings = test_settings(db.url(), data_dir.path());
        adjust(&mut settings);
        let (base_url, address, server, clock) = start(settings).await;
        let agent = UserAgent::new(&address, &db.url());
        TestApp { base_url, agent, db, clock, server, data_dir }
    }

    /// Another node of the same deployment: its own process state (caches,
    /// click queue), this app's database.
    pub async fn spawn_node(&self) -> Node {
        let data_dir = tempdir::TempDir::new();
        let (_, address, server, _) = start(test_settings(self.db.url(), data_dir.path())).await;
        Node { agent: UserAgent::new(&address, &self.db.url()), server, _data_dir: data_dir }
    }

    /// The app's DATA_DIR (spool, mail files, session key).
    pub fn data_dir(&self) -> &std::path::Path {
        self.data_dir.path()
    }

    /// Another browser: same server and database, its own cookies.
    pub fn new_agent(&self) -> UserAgent {
        UserAgent::new(&self.agent.address, &self.agent.database_url)
    }

    pub fn count(&self, table: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let row: Count = self
            .db
            .with(|conn| diesel::sql_query(format!("SELECT count(*) AS n FROM {table}")).get_result(conn))
            .expect("count");
        row.n
    }

    /// The id of the vendor's group with `name`.
    pub fn group_id(&self, vendor_slug: &str, name: &str) -> i64 {
        self.id_of(&format!(
            "SELECT g.id FROM partner_groups g JOIN vendors v ON v.id = g.vendor_id WHERE v.slug = '{vendor_slug}' AND g.name = '{name}'"
        ))
    }

    /// The id of the link with `code`, live or deleted.
    pub fn link_id(&self, code: &str) -> i64 {
        self.id_of(&format!("SELECT id FROM links WHERE code = '{code}'"))
    }

    /// The id a query returns, as text for a form or a path.
    pub fn id_for(&self, sql: &str) -> String {
        self.id_of(sql).to_string()
    }

    fn id_of(&self, sql: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        let row: Id =
            self.db.with(|conn| diesel::sql_query(sql).get_result(conn)).unwrap_or_else(|e| panic!("{sql}: {e}"));
        row.id
    }

    /// The text a query returns as `value`.
    pub fn text_for(&self, sql: &str) -> String {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Value {
            #[diesel(sql_type = diesel::sql_types::Text)]
            value: String,
        }
        let row: Value =
            self.db.with(|conn| diesel::sql_query(sql).get_result(conn)).unwrap_or_else(|e| panic!("{sql}: {e}"));
        row.value
    }

    /// The count of `table` once it has reached `expected`, or after 10 s:
    /// clicks are written in batches, within about a tenth of a second.
    pub async fn count_eventually(&self, table: &str, expected: i64) -> i64 {
        eventually(async || self.count(table), |count| *count >= expected).await
    }

    /// Runs SQL against the app's database, for arranging what no page makes yet.
    pub fn execute(&self, sql: &str) {
        use diesel::RunQueryDsl;
        self.db.with(|conn| diesel::sql_query(sql).execute(conn)).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

impl UserAgent {
    pub fn new(address: &str, database_url: &str) -> UserAgent {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            // As a browser would: a request without one is not counted as a click.
            .user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        UserAgent { address: address.to_string(), client, jar, database_url: database_url.to_string() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// A page that must answer 2xx: an error page fails here, not in a
    /// later assertion that might hold on the error page too.
    pub async fn page(&self, path: &str) -> Page {
        let page = into_page(self.get(path).await).await;
        assert!(page.status.is_success(), "GET {path} answered {}", page.status);
        page
    }

    /// A page expected to answer `status`: a test that wants an error asks for it.
    pub async fn page_with_status(&self, path: &str, status: StatusCode) -> Page {
        let page = into_page(self.get(path).await).await;
        assert_eq!(page.status, status, "GET {path}");
        page
    }

    /// The CSRF token of this client's session (every page carries it).
    pub async fn csrf_token(&self) -> String {
        let home = self.page("/").await;
        home.attr("meta[name=csrf-token]", "content").expect("every page carries a CSRF token")
    }

    /// Submits a form the way a browser does, CSRF token included.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token().await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        self.post_raw(path, &body).await
    }

    /// Submits exactly `fields`, with no token added.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = serde_urlencoded::to_string(fields).expect("encodable form");
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    /// Sends `body` as is, with the given content type.
    pub async fn client_post(&self, path: &str, body: String, content_type: &str) -> Response {
        self.client.post(self.url(path)).header("content-type", content_type).body(body).send().await.expect("POST")
    }

    pub async fn post_page(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        into_page(self.post(path, fields).await).await
    }

    /// Signs up a vendor (and its owner) through the form; returns the vendor's slug.
    pub async fn sign_up_vendor(&self, company: &str, email: &str) -> String {
        let response = self
            .post(
                "/signup/vendor",
                &[
                    ("company_name", company),
                    ("company_website", "https://example.com"),
                    ("name", "Owner"),
                    ("email", email),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "vendor sign-up for {email} failed");
        self.confirm_email(email).await;
        let slug = location(&response).trim_start_matches("/vendor/").to_string();
        // The domains tests send links to, through Settings → Allowed domains.
        let saved = self.post(&format!("/vendor/{slug}/settings/domains"), &[("domains", TEST_DOMAINS)]).await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER, "saving the allowed domains failed");
        slug
    }

    pub async fn sign_up_partner(&self, name: &str, email: &str) {
        let response = self.post("/signup/partner", &[("name", name), ("email", email), ("password", PASSWORD)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "partner sign-up for {email} failed");
        self.confirm_email(email).await;
    }

    /// Marks `email` confirmed, as its emailed link would, for tests about
    /// something else (tests/verification.rs follows the real link). Waits,
    /// up to two seconds, until the confirmation email has left the outbox,
    /// so tests counting later emails start from a settled mailbox.
    pub async fn confirm_email(&self, email: &str) {
        use diesel::RunQueryDsl;
        with_connection(&self.database_url, |conn| {
            diesel::sql_query("UPDATE users SET email_verified_at = now() WHERE email = lower(trim($1))")
                .bind::<diesel::sql_types::Text, _>(email)
                .execute(conn)
        })
        .expect("confirm email");
        for _ in 0..40 {
            let waiting = with_connection(&self.database_url, |conn| {
                diesel::sql_query(
                    "SELECT 1 FROM outbox_emails WHERE recipient = lower(trim($1)) AND status IN ('pending', 'sending')",
                )
                .bind::<diesel::sql_types::Text, _>(email)
                .execute(conn)
            })
            .expect("outbox");
            if waiting == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Signs up and joins vendor "acme"'s default group through its join
    /// link (application form off); returns the new partner code.
    pub async fn join_acme(&self, name: &str, email: &str, referrer: &str) -> String {
        self.sign_up_partner(name, email).await;
        let joined = self.post("/join/acme/default", &[("ref", referrer)]).await;
        assert_eq!(location(&joined), "/partner/acme", "{email} could not join");
        self.page("/partner/acme").await.text(".details dd code")
    }

    /// A multipart upload, as a browser sends a form with a file: `fields`,
    /// then the file; the CSRF token rides in the query, as on upload forms.
    pub async fn post_multipart(&self, path: &str, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Response {
        const BOUNDARY: &str = "----partnerdesk-test-boundary";
        let token = self.csrf_token().await;
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        let (name, file_name, bytes) = file;
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let separator = if path.contains('?') { '&' } else { '?' };
        self.client
            .post(self.url(&format!("{path}{separator}csrf_token={token}")))
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Response {
        self.post("/login", &[("email", email), ("password", password)]).await
    }

    pub async fn log_out(&self) {
        let response = self.post("/logout", &[]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }

    /// This client's cookie header, to replay from elsewhere.
    pub fn cookie_header(&self) -> HeaderValue {
        self.jar.cookies(&self.address.parse().expect("url")).expect("the client holds a session cookie")
    }

    /// A request carrying exactly `cookie`, from a client with no jar.
    pub async fn get_with_cookie(&self, path: &str, cookie: &HeaderValue) -> Response {
        let bare = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        bare.get(self.url(path)).header(COOKIE, cookie.clone()).send().await.expect("GET")
    }
}

pub async fn into_page(response: Response) -> Page {
    let status = response.status();
    let body = response.text().await.expect("body");
    Page { status, html: Html::parse_document(&body) }
}

pub fn location(response: &Response) -> String {
    response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

mod tempdir {
    /// A temporary folder removed on drop.
    pub struct TempDir(std::path::PathBuf);

    impl TempDir {
        pub fn new() -> TempDir {
            let path = std::env::temp_dir().join(format!("partnerdesk-test-{}", super::random_text(16)));
            std::fs::create_dir_all(&path).expect("temp dir");
            TempDir(path)
        }

        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Builds and runs an app; returns its BASE_URL, address, handle and clock.
async fn start(settings: Settings) -> (String, String, actix_web::dev::ServerHandle, partnerdesk::clock::Clock) {
    let config = Config::from_settings(settings).expect("valid test configuration");
    let clock = config.clock.clone();
    let app = tokio::task::spawn_blocking(move || Application::build(config)).await.unwrap().expect("the app starts");
    let (base_url, address, server) = (app.base_url(), format!("http://127.0.0.1:{}", app.port()), app.handle());
    tokio::spawn(app.run_until_stopped());
    (base_url, address, server, clock)
}

/// A second node on a [`TestApp`]'s database, stopped on drop.
pub struct Node {
    pub agent: UserAgent,
    server: actix_web::dev::ServerHandle,
    _data_dir: tempdir::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// `probe`'s value once `done` accepts it, or its last value after 10 s:
/// for what the app does in the background (click batches, notifications).
pub async fn eventually<T>(mut probe: impl AsyncFnMut() -> T, done: impl Fn(&T) -> bool) -> T {
    let started = std::time::Instant::now();
    loop {
        let value = probe().await;
        if done(&value) || started.elapsed() > std::time::Duration::from_secs(10) {
            return value;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
