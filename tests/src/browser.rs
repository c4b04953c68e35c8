//! Browser tests' plumbing: a headless Chromium driven through chromedriver
//! (fantoccini) that is always shut down, also when a test fails or panics.

use anyhow::{bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The release build (`make frontend`: scripts/build-frontend.sh), or `CTT_DIST`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("CTT_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::project_root().join("dist"))
}

/// chromedriver in its own process group: dropping this kills it and the
/// Chromium it started, whatever state the WebDriver session is in.
pub struct Driver {
    child: Child,
    pub port: u16,
    profile: tempfile::TempDir,
    /// The browser's preferred language (`de-DE`); None is English.
    pub language: Option<&'static str>,
}

impl Driver {
    pub fn start() -> Result<Driver> {
        use std::os::unix::process::CommandExt;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let profile = tempfile::Builder::new().prefix("ctt-chromium-").tempdir()?;
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver (apt-get install chromium-driver)")?;
        let driver = Driver {
            child,
            port,
            profile,
            language: None,
        };
        let deadline = Instant::now() + TIMEOUT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("chromedriver did not listen on port {port}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    pub fn capabilities(&self, window: (u32, u32)) -> serde_json::Map<String, Value> {
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([
            format!("--user-data-dir={}", self.profile.path().display()),
            format!("--window-size={},{}", window.0, window.1),
        ])
        .chain(self.language.map(|l| format!("--lang={l}")))
        .collect::<Vec<_>>();
        // Both: --lang sets navigator.language, the pref Accept-Language
        // and navigator.languages.
        let prefs = self
            .language
            .map_or(json!({}), |l| json!({"intl.accept_languages": l}));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args, "prefs": prefs},
            "goog:loggingPrefs": {"browser": "ALL"},
        });
        caps.as_object().cloned().unwrap_or_default()
    }

    pub async fn connect(&self, window: (u32, u32)) -> Result<Client> {
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(self.capabilities(window));
        builder
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("opening a WebDriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver's (non-W3C) browser log: console messages, uncaught
/// exceptions and failed resource loads.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

#[derive(Debug, Clone)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

pub async fn browser_log(client: &Client) -> Result<Vec<LogEntry>> {
    let value = client
        .issue_cmd(BrowserLog)
        .await
        .context("reading the browser log")?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| LogEntry {
            level: e["level"].as_str().unwrap_or("").to_string(),
            message: e["message"].as_str().unwrap_or("").to_string(),
        })
        .collect())
}

/// Severe console entries that are not explicitly expected by the test
/// (e.g. the 401 of a deliberately wrong password).
pub fn unexpected_errors(log: &[LogEntry], allowed: &[&str]) -> Vec<String> {
    log.iter()
        .filter(|e| e.level == "SEVERE")
        .filter(|e| !allowed.iter().any(|a| e.message.contains(a)))
        .map(|e| e.message.clone())
        .collect()
}

fn artifacts_dir() -> PathBuf {
    crate::project_root().join("test-artifacts")
}

async fn save_artifacts(name: &str, client: &Client, log: &[LogEntry], error: &str) {
    let dir = artifacts_dir();
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
    let mut text = format!("error: {error}\n\n");
    if let Ok(url) = client.current_url().await {
        text.push_str(&format!("url: {url}\n\n"));
    }
    for entry in log {
        text.push_str(&format!("[{}] {}\n", entry.level, entry.message));
    }
    let _ = std::fs::write(dir.join(format!("{name}.console.log")), text);
    if let Ok(html) = client.source().await {
        let _ = std::fs::write(dir.join(format!("{name}.html")), html);
    }
}

/// A Chrome DevTools command through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params}).to_string();
        (http::Method::POST, Some(body))
    }
}

/// One request of the current document, from the Resource Timing API:
/// the document itself and everything it fetched since.
#[derive(Debug, Clone)]
pub struct Fetch {
    pub url: String,
    /// Bytes received, headers included (0: answered from the cache).
    pub transfer: u64,
    /// The body's bytes as sent, i.e. compressed.
    pub encoded: u64,
    pub status: u64,
}

impl Fetch {
    /// For the page and its assets (`/rpc/serve_*`): the asset's name, or
    /// "the page"; `None` for API calls.
    pub fn asset(&self) -> Option<&str> {
        if !self.url.contains("/rpc/serve_") {
            return None;
        }
        Some(
            self.url
                .split_once("p_asset_name=")
                .map_or("the page", |(_, name)| name),
        )
    }
}

/// Every [`Fetch`] of the current document so far.
pub async fn fetches(client: &Client) -> Result<Vec<Fetch>> {
    let entries = client
        .execute(
            "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
               .map(e => [e.name, e.transferSize, e.encodedBodySize, e.responseStatus || 0]);",
            vec![],
        )
        .await?;
    Ok(entries
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| Fetch {
            url: e[0].as_str().unwrap_or_default().to_string(),
            transfer: e[1].as_u64().unwrap_or(0),
            encoded: e[2].as_u64().unwrap_or(0),
            status: e[3].as_u64().unwrap_or(0),
        })
        .collect())
}

/// Runs one Chrome DevTools command in the session's page.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Result<Value> {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .with_context(|| format!("DevTools {cmd}"))
}

/// What marks a Content-Security-Policy violation in the browser log:
/// Chromium's own console message, and the `securitypolicyviolation` event
/// reported by [`watch_csp`].
pub const CSP_MARKERS: [&str; 2] = ["Content Security Policy", "securitypolicyviolation"];

/// Reports every `securitypolicyviolation` event of every document the
/// session loads as a console error. Injected through DevTools before any
/// page script runs (and not subject to the page's CSP itself).
pub async fn watch_csp(client: &Client) -> Result<()> {
    let source = "document.addEventListener('securitypolicyviolation', e => console.error( \
        'securitypolicyviolation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') \
        + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || '')), true);";
    client
        .issue_cmd(Cdp {
            cmd: "Page.addScriptToEvaluateOnNewDocument",
            params: json!({ "source": source }),
        })
        .await
        .context("installing the CSP violation watcher")?;
    Ok(())
}

/// Every log entry about a CSP violation, whatever its level: a test can
/// never allow one.
pub fn csp_violations(log: &[LogEntry]) -> Vec<String> {
    log.iter()
        .filter(|e| CSP_MARKERS.iter().any(|m| e.message.contains(m)))
        .map(|e| e.message.clone())
        .collect()
}

/// Chromium instances are heavy on a 2-core machine: one at a time.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// A fresh chromedriver + Chromium + profile, watching for CSP violations.
async fn open_browser(language: Option<&'static str>) -> Result<(Driver, Client)> {
    let mut driver = Driver::start()?;
    driver.language = language;
    let client = driver.connect((412, 900)).await?;
    if let Err(e) = watch_csp(&client).await {
        let _ = client.close().await;
        return Err(e);
    }
    Ok((driver, client))
}

/// Reads the console after a scenario: any CSP violation or unexpected
/// error fails it; artifacts are saved on failure; the browser is closed.
async fn finish_browser(
    name: &str,
    driver: Driver,
    client: Client,
    result: Result<()>,
    allowed_console: &[&str],
) -> Result<()> {
    let (log, log_error) = match browser_log(&client).await {
        Ok(log) => (log, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    // Without the log, "no console errors" would pass unchecked.
    let result = result.and_then(|()| log_error.map_or(Ok(()), Err));
    let result = result.and_then(|()| {
        let violations = csp_violations(&log);
        if violations.is_empty() {
            Ok(())
        } else {
            bail!(
                "Content-Security-Policy violations:\n{}",
                violations.join("\n")
            )
        }
    });
    let result = result.and_then(|()| {
        let errors = unexpected_errors(&log, allowed_console);
        if errors.is_empty() {
            Ok(())
        } else {
            bail!("console errors:\n{}", errors.join("\n"))
        }
    });
    if let Err(e) = &result {
        save_artifacts(name, &client, &log, &format!("{e:#}")).await;
    }
    let _ = client.close().await;
    drop(driver);
    result
}

/// Runs one browser scenario: fresh chromedriver + Chromium + profile,
/// the console checked for errors (and, without exception, CSP violations)
/// afterwards, screenshot and log saved under `test-artifacts/` on failure,
/// everything shut down in every case.
pub fn run_scenario<F, Fut>(name: &str, allowed_console: &[&str], scenario: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    run_scenario_in(name, None, allowed_console, scenario);
}

/// `run_scenario` in a browser that prefers `language` (e.g. `de-DE`).
pub fn run_scenario_in<F, Fut>(
    name: &str,
    language: Option<&'static str>,
    allowed_console: &[&str],
    scenario: F,
) where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let _one = ONE_BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("building a tokio runtime");
    let outcome: Result<()> = runtime.block_on(async {
        let (driver, client) = open_browser(language).await?;
        let result = scenario(client.clone()).await;
        finish_browser(name, driver, client, result, allowed_console).await
    });
    if let Err(e) = outcome {
        panic!(
            "{name}: {e:#}\n(artifacts in {})",
            artifacts_dir().display()
        );
    }
}

/// A second browser inside a scenario (another person's device), checked
/// and closed like the first; its artifacts are saved as `{name}`.
pub async fn with_second_browser<F, Fut>(
    name: &str,
    allowed_console: &[&str],
    scenario: F,
) -> Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let (driver, client) = open_browser(None).await?;
    let result = scenario(client.clone()).await;
    finish_browser(name, driver, client, result, allowed_console).await
}

/// Polls a JavaScript expression until it is truthy.
pub async fn wait_js(client: &Client, expression: &str, what: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    let script = format!("return !!({expression});");
    loop {
        if client.execute(&script, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("timed out waiting for {what} ({expression})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn wait_css(client: &Client, css: &str) -> Result<Element> {
    client
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for {css}"))
}

/// Trimmed text of every element matching `css`.
pub async fn texts(client: &Client, css: &str) -> Result<Vec<String>> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim());",
            vec![json!(css)],
        )
        .await?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect())
}

pub async fn count(client: &Client, css: &str) -> Result<usize> {
    Ok(client.find_all(Locator::Css(css)).await?.len())
}

pub async fn fill(client: &Client, css: &str, value: &str) -> Result<()> {
    let field = wait_css(client, css).await?;
    field.clear().await?;
    field.send_keys(value).await?;
    Ok(())
}

pub async fn click(client: &Client, css: &str) -> Result<()> {
    wait_css(client, css).await?.click().await?;
    Ok(())
}

/// Picks an `<option>` by value.
pub async fn select(client: &Client, css: &str, value: &str) -> Result<()> {
    wait_css(client, css).await?.select_by_value(value).await?;
    Ok(())
}

/// Polls until some element matching `css` has exactly this text.
pub async fn wait_text(client: &Client, css: &str, text: &str) -> Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if texts(client, css).await?.iter().any(|t| t == text) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("timed out waiting for {css} with text {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls until the first element matching `css` contains `needle`.
pub async fn wait_contains(client: &Client, css: &str, needle: &str) -> Result<()> {
    let expression = format!(
        "document.querySelector({})?.textContent.includes({})",
        json!(css),
        json!(needle)
    );
    wait_js(client, &expression, &format!("{css} to contain {needle:?}")).await
}

/// Polls until nothing matches `css`.
pub async fn wait_gone(client: &Client, css: &str) -> Result<()> {
    let expression = format!("!document.querySelector({})", json!(css));
    wait_js(client, &expression, &format!("{css} to disappear")).await
}
