//! The frontend load benchmark (a README command, not a timed test):
//! bytes on the wire for a first and a repeat visit, how many asset bodies
//! a repeat visit downloads again, and navigation → Today (the landing
//! screen) rendered, as medians over several runs in headless Chromium; then, with
//! the scale household loaded (100,000 closed occurrences), every screen's
//! hash change → content rendered and DOM nodes, and a new page load of
//! Today until it is rendered.

use crate::browser::{cdp, fetches, wait_css, Driver};
use crate::browser_fixtures::{page_url, sign_in, sign_out, PASSWORD};
use crate::screens::{self, load_scale_household, screens_from_here, SCREENS};
use crate::Stack;
use anyhow::Result;
use fantoccini::Client;
use serde_json::{json, Value};

/// What one page load cost, from the Resource Timing API.
#[derive(Debug, Clone, Default)]
pub struct Load {
    /// Navigation start → Today's list rendered.
    pub list_ms: f64,
    /// Bytes received for the document and its assets (headers included).
    pub asset_bytes: u64,
    /// Bytes received for the API calls the page made.
    pub api_bytes: u64,
    /// Asset bodies (document included) sent by the server, not the cache.
    pub bodies_downloaded: usize,
    /// Which: asset names, or "the page".
    pub downloaded: Vec<String>,
    pub assets: usize,
}

/// Today (the landing screen) is rendered: its list, the page's clock
/// then. What the first load must carry: the lazily loaded screens' chunk
/// is not fetched on the way.
async fn measure(client: &Client) -> Result<Load> {
    let today = landing();
    let ms = client
        .execute_async(TODAY_RENDERED, vec![json!(today.ready)])
        .await?;
    let mut load = Load {
        list_ms: ms.as_f64().unwrap_or(-1.0),
        ..Load::default()
    };
    for fetch in fetches(client).await? {
        let Some(name) = fetch.asset() else {
            load.api_bytes += fetch.transfer;
            continue;
        };
        load.assets += 1;
        load.asset_bytes += fetch.transfer;
        // 0: from the cache. A 304 revalidation carries headers only, so
        // fewer bytes than the body (Chrome may report its status as 200).
        if fetch.transfer > fetch.encoded && fetch.status != 304 {
            load.bodies_downloaded += 1;
            load.downloaded.push(name.to_string());
        }
    }
    Ok(load)
}

/// The landing screen's entry in the shared screen list.
fn landing() -> &'static screens::Screen {
    SCREENS
        .iter()
        .find(|s| s.hash == "#/today")
        .expect("Today is in the screen list")
}

async fn visit(client: &Client, url: &str) -> Result<Load> {
    // A new document each time, not a same-page fragment change.
    client.goto("about:blank").await?;
    client.goto(url).await?;
    measure(client).await
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

pub struct Report {
    pub first: Vec<Load>,
    pub repeat: Vec<Load>,
}

impl Report {
    pub fn print(&self) {
        let row = |label: &str, loads: &[Load]| {
            let med = |f: &dyn Fn(&Load) -> f64| median(loads.iter().map(f).collect());
            println!(
                "{label:<14} Today rendered {:>7.1} ms | assets {:>8.0} B | api {:>6.0} B | asset bodies downloaded {:.0}/{:.0}",
                med(&|l| l.list_ms),
                med(&|l| l.asset_bytes as f64),
                med(&|l| l.api_bytes as f64),
                med(&|l| l.bodies_downloaded as f64),
                med(&|l| l.assets as f64),
            );
        };
        println!(
            "frontend load benchmark, medians of {} runs (headless Chromium, 127.0.0.1):",
            self.first.len()
        );
        row("first visit", &self.first);
        row("repeat visit", &self.repeat);
    }
}

/// `runs` cold visits (browser cache cleared) each followed by a warm one,
/// signed in as a seeded member so the task list has content.
pub async fn run(stack: &Stack, runs: usize) -> Result<Report> {
    let driver = Driver::start()?;
    let client = driver.connect((412, 900)).await?;
    let result = async {
        let url = format!("{}{}", page_url(stack), landing().hash);
        // The page's origin (scheme, host and port), whose storage a first
        // visit starts without.
        let origin = stack.api_url.trim_end_matches('/').to_string();
        sign_in(&client, stack, "user1", PASSWORD).await?;
        wait_css(&client, "#sign-out").await?;
        let mut report = Report {
            first: Vec::new(),
            repeat: Vec::new(),
        };
        for _ in 0..runs {
            // A first visit as a new device's: no HTTP cache, and no
            // service worker nor its caches (the worker would otherwise
            // answer the assets itself; the session's token stays).
            cdp(&client, "Network.clearBrowserCache", json!({})).await?;
            cdp(
                &client,
                "Storage.clearDataForOrigin",
                json!({"origin": origin, "storageTypes": "service_workers,cache_storage"}),
            )
            .await?;
            report.first.push(visit(&client, &url).await?);
            report.repeat.push(visit(&client, &url).await?);
        }
        Ok::<_, anyhow::Error>(report)
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}

/// Raw numbers for the record, one line per load.
pub fn dump(report: &Report) -> Value {
    let loads = |v: &[Load]| {
        v.iter()
            .map(|l| {
                json!({"list_ms": l.list_ms, "asset_bytes": l.asset_bytes, "api_bytes": l.api_bytes,
                            "bodies_downloaded": l.bodies_downloaded, "downloaded": l.downloaded,
                            "assets": l.assets})
            })
            .collect::<Vec<_>>()
    };
    json!({"first": loads(&report.first), "repeat": loads(&report.repeat)})
}

/// The benchmark's entry point: `CTT_BENCH_RUNS` runs (default 7).
pub fn run_and_print(stack: &Stack) -> Result<()> {
    let runs = std::env::var("CTT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(run(stack, runs))?;
    report.print();
    println!("{}", dump(&report));
    load_scale_household(stack);
    let scale = runtime.block_on(screens_at_scale(stack, runs.clamp(1, 3)))?;
    scale.print();
    Ok(())
}

/// One screen for one person at scale: each navigation's time, and the
/// DOM's size once rendered.
struct ScreenRow {
    who: &'static str,
    hash: &'static str,
    ms: Vec<f64>,
    nodes: u64,
}

struct Scale {
    rows: Vec<ScreenRow>,
    /// New page load of `#/today` → its list rendered (performance.now()
    /// then: milliseconds since the navigation started).
    today_ms: Vec<f64>,
}

impl Scale {
    fn print(&self) {
        println!("screens at 100,000 closed occurrences, hash change -> content rendered (median) and DOM nodes (budget 1500 ms, 5000 nodes):");
        for r in &self.rows {
            println!(
                "{:<6} {:<14} {:>7.1} ms {:>6} nodes",
                r.who,
                r.hash,
                median(r.ms.clone()),
                r.nodes
            );
        }
        if !self.today_ms.is_empty() {
            println!(
                "navigation -> Today rendered (new page load, signed in, 100k): {:.1} ms median of {} (budget 300 ms)",
                median(self.today_ms.clone()),
                self.today_ms.len()
            );
        }
    }
}

/// Waits in the page until Today's list is rendered; the page's clock then.
const TODAY_RENDERED: &str = r#"
const [ready, done] = arguments;
const isReady = () => document.querySelector(ready) && !document.querySelector('#main .loading');
const finish = () => { observer.disconnect(); requestAnimationFrame(() => done(performance.now())); };
const observer = new MutationObserver(() => { if (isReady()) finish(); });
if (isReady()) finish(); else observer.observe(document.body, {subtree: true, childList: true, attributes: true});
"#;

async fn screens_at_scale(stack: &Stack, rounds: usize) -> Result<Scale> {
    let driver = Driver::start()?;
    let client = driver.connect((1280, 900)).await?;
    let result = async {
        let mut scale = Scale {
            rows: Vec::new(),
            today_ms: Vec::new(),
        };
        for (who, admin) in [("member", false), ("admin", true)] {
            let username = if admin { "admin" } else { "user1" };
            sign_in(&client, stack, username, PASSWORD).await?;
            wait_css(&client, "#sign-out").await?;
            for _ in 0..rounds {
                for screen in screens_from_here(&client).await? {
                    let v = screens::visit(&client, screen, admin).await?;
                    match scale
                        .rows
                        .iter_mut()
                        .find(|r| r.who == who && r.hash == screen.hash)
                    {
                        Some(row) => row.ms.push(v.ms),
                        None => scale.rows.push(ScreenRow {
                            who,
                            hash: screen.hash,
                            ms: vec![v.ms],
                            nodes: v.nodes,
                        }),
                    }
                }
            }
            if !admin {
                let url = format!("{}{}", page_url(stack), landing().hash);
                for _ in 0..rounds.max(3) {
                    client.goto("about:blank").await?;
                    client.goto(&url).await?;
                    let ms = client
                        .execute_async(TODAY_RENDERED, vec![json!(landing().ready)])
                        .await?;
                    scale.today_ms.push(ms.as_f64().unwrap_or(-1.0));
                }
            }
            sign_out(&client).await?;
        }
        scale
            .rows
            .sort_by_key(|r| (r.who, SCREENS.iter().position(|s| s.hash == r.hash)));
        Ok::<_, anyhow::Error>(scale)
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}
