//! Headless Chromium driven through chromedriver, for journeys across pages.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser session; chromedriver and Chromium die with it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: std::path::PathBuf,
}

impl Browser {
    pub async fn start() -> Browser {
        ensure_installed();
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so Drop can end Chromium along with it.
            .process_group(0)
            .spawn()
            .expect("starting chromedriver");
        wait_for_port(port).await;
        let profile = std::env::temp_dir().join(format!("partnerdesk-chromium-{port}-{}", super::app::random_text(8)));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(&profile))
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("opening a Chromium session");
        Browser { client, driver, profile }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigating");
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no field {css}"));
        field.clear().await.expect("clearing");
        field.send_keys(value).await.expect("typing");
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|_| panic!("no element {css}"))
            .click()
            .await
            .expect("clicking");
    }

    /// Waits for an element only the next page has, then returns its text.
    /// An element found while its page was being replaced goes stale; it
    /// is found again on the new page.
    pub async fn wait_text(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let element = self
                .client
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css(css))
                .await
                .unwrap_or_else(|_| panic!("{css} never appeared"));
            match element.text().await {
                Ok(text) => return text,
                Err(error) => assert!(started.elapsed() < Duration::from_secs(10), "reading {css}: {error}"),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser is on `path`: after a click that navigates,
    /// the old page's elements must not be mistaken for the new one's.
    pub async fn wait_for_path(&self, path: &str) {
        let started = Instant::now();
        while self.path().await != path {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "never reached {path}; stuck on {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the browser has left `path`, e.g. for a redirect to a
    /// page whose address the test cannot know in advance.
    pub async fn wait_to_leave(&self, path: &str) {
        let started = Instant::now();
        while self.path().await == path {
            assert!(started.elapsed() < Duration::from_secs(10), "still on {path}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `css` shows exactly `expected`, e.g. after a form that
    /// reloads the same address.
    pub async fn wait_until_text(&self, css: &str, expected: &str) {
        self.wait_until(css, expected, |current| current == expected).await;
    }

    /// Waits until `css` contains `part`: the page before, reloaded to the
    /// same address, may still show an older message in the same place.
    pub async fn wait_until_contains(&self, css: &str, part: &str) {
        self.wait_until(css, part, |current| current.contains(part)).await;
    }

    async fn wait_until(&self, css: &str, wanted: &str, done: impl Fn(&str) -> bool) {
        let started = Instant::now();
        loop {
            let current = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if done(&current) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "{css} shows {current:?}, not {wanted:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.expect("current url").path().to_string()
    }

    /// How far the page reaches past the window's right edge, in CSS pixels.
    pub async fn overflow(&self) -> i64 {
        let script = "return document.documentElement.scrollWidth - window.innerWidth;";
        self.client.execute(script, vec![]).await.expect("measuring").as_i64().expect("a number")
    }

    /// The serious and critical axe-core violations of the page shown, one
    /// line each: the rule, and the first elements that break it.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        self.client.execute(axe_source(), vec![]).await.expect("loading axe-core");
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(result => done(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))));";
        let found = self.client.execute_async(script, vec![]).await.expect("running axe-core");
        serde_json::from_value(found).expect("a list of violations")
    }

    /// The width and height of the first element `css` matches, in CSS pixels.
    pub async fn size(&self, css: &str) -> (f64, f64) {
        let script =
            "const box = document.querySelector(arguments[0]).getBoundingClientRect(); return [box.width, box.height];";
        let measured = self.client.execute(script, vec![serde_json::json!(css)]).await.expect("measuring");
        serde_json::from_value(measured).expect("a width and a height")
    }

    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.expect("resizing");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_group(self.driver.id());
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Ends chromedriver and the Chromium it started: they share the group
/// `process_group(0)` gave chromedriver, whose id is chromedriver's pid.
#[expect(unsafe_code, reason = "killpg has no safe wrapper in std")]
fn kill_group(pid: u32) {
    let Ok(group) = libc::pid_t::try_from(pid) else { return };
    // A group id of 0 or 1 would mean "my own group" or "everyone".
    if group > 1 {
        // SAFETY: killpg only sends a signal; it touches no memory of ours.
        unsafe { libc::killpg(group, libc::SIGKILL) };
    }
}

fn capabilities(profile: &Path) -> serde_json::Map<String, serde_json::Value> {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        // Headless Chromium names itself "HeadlessChrome", which the robot
        // list rightly does not count; these journeys stand for people.
        "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    ];
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let capabilities = serde_json::json!({ "goog:chromeOptions": { "binary": CHROMIUM, "args": args } });
    capabilities.as_object().cloned().unwrap_or_default()
}

/// A fresh machine has no Chromium: install Debian's, once per test run.
fn ensure_installed() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            return;
        }
        let status = Command::new("sh")
            .args([
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver",
            ])
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
        );
    });
}

/// axe-core's script, installed from npm into `target/axe` on first use.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe");
        let script = dir.join("node_modules/axe-core/axe.min.js");
        if !script.exists() {
            std::fs::create_dir_all(&dir).expect("target/axe");
            let install = format!(
                "command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm); \
                 npm install --prefix '{}' axe-core@4 --no-audit --no-fund --silent",
                dir.display()
            );
            let status = Command::new("sh").args(["-c", &install]).status();
            assert!(status.is_ok_and(|s| s.success()), "accessibility tests need axe-core: npm install axe-core");
        }
        std::fs::read_to_string(&script).expect("reading axe.min.js")
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

async fn wait_for_port(port: u16) {
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(15), "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
