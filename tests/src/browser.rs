//! Browser tests' plumbing: publishing a Trunk build into a stack, and a
//! headless Chromium driven through chromedriver (fantoccini) that is always
//! shut down, also when a test fails or panics.

use anyhow::{bail, Context, Result};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(15);

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// The serve function whose media type fits the asset.
fn serve_function(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "js" => "serve_js",
        "wasm" => "serve_wasm",
        "css" => "serve_css",
        _ => "serve_asset",
    }
}

/// Trunk writes absolute references (`/style-<hash>.css`); the page lives at
/// `/rpc/serve_html`, so point them at the sibling serve functions. The
/// `./` keeps the module import a relative URL rather than a bare specifier.
pub fn rewrite_index(html: &str, assets: &[String]) -> String {
    let mut html = html.to_string();
    for name in assets {
        let target = format!("./{}?p_asset_name={name}", serve_function(name));
        for quote in ['"', '\''] {
            html = html.replace(
                &format!("{quote}/{name}{quote}"),
                &format!("{quote}{target}{quote}"),
            );
        }
    }
    html
}

/// Pre-compressed variants (as the uploader stores them) make the served
/// bytes realistic; a missing compressor just leaves the variant out.
fn compressed(tool: &str, args: &[&str], path: &Path) -> Option<String> {
    let out = Command::new(tool).args(args).arg(path).output().ok()?;
    out.status.success().then(|| BASE64.encode(out.stdout))
}

/// Publishes a Trunk `dist/` through `update_frontend_asset`: hashed assets
/// first, `index.html` last, like the uploader.
pub fn publish_dist(api: &crate::Api, dist: &Path) -> Result<()> {
    let mut assets = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name != "index.html" {
            assets.push(name);
        }
    }
    if !assets.iter().any(|n| n.ends_with(".wasm")) {
        bail!(
            "{} holds no .wasm: run trunk build --release=true first",
            dist.display()
        );
    }
    for name in &assets {
        let path = dist.join(name);
        let bytes = std::fs::read(&path)?;
        upload(api, name, &bytes, &path)?;
    }
    let index =
        std::fs::read_to_string(dist.join("index.html")).context("reading dist/index.html")?;
    let rewritten = rewrite_index(&index, &assets);
    let tmp = tempfile::NamedTempFile::new()?;
    std::fs::write(tmp.path(), &rewritten)?;
    upload(api, "index.html", rewritten.as_bytes(), tmp.path())
}

fn upload(api: &crate::Api, name: &str, bytes: &[u8], path: &Path) -> Result<()> {
    let reply = api.rpc(
        "update_frontend_asset",
        &json!({
            "p_asset_name": name,
            "p_content_type": content_type(name),
            "p_content": BASE64.encode(bytes),
            "p_encoding": "base64",
            "p_content_gzip": compressed("gzip", &["-9", "-n", "-c"], path),
            "p_content_br": compressed("brotli", &["-q", "11", "-c"], path),
        }),
    )?;
    if reply.status != 200 {
        bail!("publishing {name}: HTTP {} {}", reply.status, reply.text());
    }
    Ok(())
}

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
        .collect::<Vec<_>>();
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
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

/// Chromium instances are heavy on a 2-core machine: one at a time.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// Runs one browser scenario: fresh chromedriver + Chromium + profile,
/// the console checked for errors afterwards, screenshot and log saved under
/// `test-artifacts/` on failure, everything shut down in every case.
pub fn run_scenario<F, Fut>(name: &str, allowed_console: &[&str], scenario: F)
where
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
        let driver = Driver::start()?;
        let client = driver.connect((412, 900)).await?;
        let result = scenario(client.clone()).await;
        let log = browser_log(&client).await.unwrap_or_default();
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
    });
    if let Err(e) = outcome {
        panic!(
            "{name}: {e:#}\n(artifacts in {})",
            artifacts_dir().display()
        );
    }
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
