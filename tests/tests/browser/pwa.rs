//! Installable and offline (issue 12): the manifest, icons and service
//! worker as the database serves them, and the app with the network off.

use anyhow::{ensure, Result};
use fantoccini::Client;
use serde_json::{json, Value};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tests::browser::{
    cdp, click, fill, run_scenario, texts, wait_contains, wait_css, wait_gone, wait_js,
};
use tests::browser_fixtures::{
    admin, api_get, api_rpc, app, assign_new_task, new_member, MEMBER_PASSWORD,
};
use tests::Reply;

const MANIFEST: &str = "/rpc/serve_asset?p_asset_name=manifest.webmanifest";
const WORKER: &str = "/rpc/serve_js?p_asset_name=sw.js";

fn media_type(reply: &Reply) -> String {
    reply
        .header("content-type")
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((be(16), be(20)))
}

/// Not content-hashed, so revalidated on every load: a publish replaces
/// them under the same name.
fn assert_revalidated(reply: &Reply, what: &str) {
    assert_eq!(
        reply.header("cache-control").as_deref(),
        Some("no-cache"),
        "{what}"
    );
    assert!(reply.header("etag").is_some(), "{what} has an ETag");
}

#[test]
fn manifest_icons_and_worker_are_served_with_their_types() {
    let stack = app();
    let anon = stack.api();
    let page = anon.get("/rpc/serve_html").expect("page").text();
    for reference in [
        r#"<link rel="manifest" href="./serve_asset?p_asset_name=manifest.webmanifest" />"#,
        r#"<meta name="ctt-service-worker" content="./serve_js?p_asset_name=sw.js" />"#,
    ] {
        assert!(page.contains(reference), "the page links {reference}");
    }

    let manifest = anon.get(MANIFEST).expect("manifest");
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    assert_eq!(media_type(&manifest), "application/manifest+json");
    assert_revalidated(&manifest, "the manifest");
    let manifest = manifest.json();
    assert_eq!(manifest["name"], "Cleaning Task Tracker");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "serve_html#/today");
    assert!(manifest["short_name"]
        .as_str()
        .is_some_and(|s| !s.is_empty() && s.len() <= 12));

    // Icon URLs are relative to the manifest's, i.e. under /rpc/.
    let mut found = Vec::new();
    for icon in manifest["icons"].as_array().expect("icons") {
        let src = icon["src"].as_str().expect("src");
        let reply = anon.get(&format!("/rpc/{src}")).expect("icon");
        assert_eq!(reply.status, 200, "{src}");
        assert_eq!(
            media_type(&reply),
            icon["type"].as_str().expect("type"),
            "{src}"
        );
        assert_revalidated(&reply, src);
        let sizes = icon["sizes"].as_str().expect("sizes");
        if icon["type"] == "image/png" {
            let (w, h) = png_size(&reply.body).expect("a PNG");
            assert_eq!(format!("{w}x{h}"), sizes, "{src}");
        } else {
            assert!(reply.text().starts_with("<svg"), "{src}");
        }
        found.push(format!(
            "{sizes} {}",
            icon["purpose"].as_str().unwrap_or("any")
        ));
    }
    for wanted in ["192x192 any", "512x512 any", "512x512 maskable", "any any"] {
        assert!(found.iter().any(|f| f == wanted), "{wanted} in {found:?}");
    }

    let worker = anon.get(WORKER).expect("worker");
    assert_eq!(worker.status, 200, "{}", worker.text());
    assert_eq!(media_type(&worker), "text/javascript");
    assert_revalidated(&worker, "the worker");
    assert!(worker.text().contains("addEventListener('fetch'"));
}

/// What the browser reaches instead of the server.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Link {
    Up,
    /// No connection: open ones are cut, new ones closed unanswered.
    Cut,
    /// A proxy whose server is down: every request gets 502.
    BadGateway,
}

/// The network between the browser and the server: a loopback TCP relay
/// to PostgREST that the test switches. The page and its service worker
/// lose the server alike, as on a phone (DevTools' offline emulation of a
/// page leaves its worker online).
struct Network {
    port: u16,
    link: Arc<AtomicU8>,
    stop: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Network {
    fn start(upstream: String) -> Result<Network> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let network = Network {
            port: listener.local_addr()?.port(),
            link: Arc::new(AtomicU8::new(Link::Up as u8)),
            stop: Arc::new(AtomicBool::new(false)),
            open: Arc::new(Mutex::new(Vec::new())),
        };
        let (link, stop, open) = (
            network.link.clone(),
            network.stop.clone(),
            network.open.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let Ok((client, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                let link = link.load(Ordering::Relaxed);
                if link == Link::Up as u8 {
                    let _ = relay(client, &upstream, &open);
                } else if link == Link::BadGateway as u8 {
                    std::thread::spawn(move || bad_gateway(client));
                } // Cut: dropped, the connection closes unanswered
            }
        });
        Ok(network)
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn switch(&self, link: Link) {
        self.link.store(link as u8, Ordering::Relaxed);
        if link != Link::Up {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            for stream in open.drain(..) {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.switch(Link::Cut);
    }
}

/// Answers a request as nginx does with its upstream stopped, and closes
/// the connection (so none outlives the switch back).
fn bad_gateway(mut client: TcpStream) {
    use std::io::{Read, Write};
    let _ = client.set_nonblocking(false);
    let _ = client.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    // A GET ends with its headers.
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf) {
            Ok(n @ 1..) => request.extend_from_slice(&buf[..n]),
            _ => return,
        }
    }
    let body =
        r#"{"code":"PX502","message":"The service is unavailable","details":null,"hint":null}"#;
    let reply = format!(
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = client.write_all(reply.as_bytes());
}

fn relay(client: TcpStream, upstream: &str, open: &Mutex<Vec<TcpStream>>) -> std::io::Result<()> {
    client.set_nonblocking(false)?;
    let server = TcpStream::connect(upstream)?;
    let mut open = open.lock().unwrap_or_else(|p| p.into_inner());
    open.extend([client.try_clone()?, server.try_clone()?]);
    for (mut from, mut to) in [(client.try_clone()?, server.try_clone()?), (server, client)] {
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut from, &mut to);
            let _ = to.shutdown(Shutdown::Write);
        });
    }
    Ok(())
}

/// Runs a promise in the page and returns its value.
async fn awaited(client: &Client, promise: &str) -> Result<Value> {
    let script = format!("const done = arguments[arguments.length - 1]; ({promise}).then(done, e => done('error: ' + e));");
    Ok(client.execute_async(&script, vec![]).await?)
}

async fn sign_in_at(client: &Client, base: &str, username: &str) -> Result<()> {
    client
        .goto(&format!("{base}/rpc/serve_html#/signin"))
        .await?;
    fill(client, "#username", username).await?;
    fill(client, "#password", MEMBER_PASSWORD).await?;
    wait_css(client, "#password")
        .await?
        .send_keys("\u{E007}")
        .await?;
    wait_css(client, "#sign-out").await?;
    Ok(())
}

/// Runs `promise` in the page until its value satisfies `done`.
async fn wait_awaited(
    client: &Client,
    promise: &str,
    done: impl Fn(&Value) -> bool,
    what: &str,
) -> Result<()> {
    let deadline = std::time::Instant::now() + tests::browser::TIMEOUT;
    loop {
        let value = awaited(client, promise).await?;
        if done(&value) {
            return Ok(());
        }
        ensure!(std::time::Instant::now() < deadline, "{what}: {value}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the worker holds a release's shell and some of the
/// member's reads.
async fn wait_for_caches(client: &Client) -> Result<()> {
    let sizes = "caches.keys().then(k => Promise.all(k.map(n => caches.open(n).then(c => c.keys()).then(r => [n, r.length]))))";
    let filled = |caches: &Value, prefix: &str| {
        caches.as_array().into_iter().flatten().any(|c| {
            c[0].as_str().is_some_and(|n| n.starts_with(prefix)) && c[1].as_u64() > Some(0)
        })
    };
    wait_awaited(
        client,
        sizes,
        |caches| filled(caches, "ctt-shell-") && filled(caches, "ctt-api"),
        "the worker's caches",
    )
    .await
}

/// Waits until the release's shell holds the lazily loaded screens' chunk
/// too (the page names it; no such screen has been opened).
async fn wait_for_chunk(client: &Client) -> Result<()> {
    let cached =
        "caches.match(new URL(document.querySelector('meta[name=ctt-lazy-screens]').content, \
                  location.href).href, { ignoreVary: true }).then(r => !!r)";
    wait_awaited(
        client,
        cached,
        |value| *value == json!(true),
        "the screens' chunk in the worker's cache",
    )
    .await
}

// Offline, reloading Today shows what was last loaded (the member's task under
// the name it had then, though it has been renamed since), says so, and
// allows no change; a screen never opened before still opens (its code is
// cached with the release); back online, the notice goes and a change works.
#[test]
fn offline_the_last_loaded_screen_shows_read_only() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (task, assignment_id) = assign_new_task(stack, &member);
    let admin = admin(stack);
    let network = Network::start(format!("127.0.0.1:{}", stack.api_port)).expect("relay");
    let base = network.base();
    // Offline, what the worker has no copy of fails as it would without
    // one (the app's probe of the server, the browser's own requests).
    let allowed = [
        "net::ERR_EMPTY_RESPONSE",
        "net::ERR_CONNECTION_RESET",
        "net::ERR_CONNECTION_CLOSED",
        "net::ERR_FAILED",
        "status of 502",
    ];
    run_scenario("pwa_offline", &allowed, |client| async move {
        // Signing in lands on Today, the screen a phone opens offline.
        sign_in_at(&client, &base, &username).await?;
        let todo_card = format!("#today-list .today-card[data-assignment-id='{assignment_id}']");
        wait_css(&client, &todo_card).await?;
        wait_js(
            &client,
            "navigator.serviceWorker.controller",
            "the worker to control the page",
        )
        .await?;
        // Chromium would offer to install it (home screen, standalone).
        let manifest = cdp(&client, "Page.getAppManifest", json!({})).await?;
        ensure!(
            manifest["url"]
                .as_str()
                .is_some_and(|u| u.ends_with(MANIFEST))
                && manifest["errors"].as_array().is_some_and(Vec::is_empty),
            "{manifest}"
        );
        let installable = cdp(&client, "Page.getInstallabilityErrors", json!({})).await?;
        ensure!(
            installable["installabilityErrors"]
                .as_array()
                .is_some_and(Vec::is_empty),
            "{installable}"
        );
        // The first load's reads went out before the worker took over:
        // this load's are the ones it keeps.
        client.refresh().await?;
        wait_css(&client, &todo_card).await?;
        wait_for_caches(&client).await?;
        wait_for_chunk(&client).await?;

        let row = api_get(
            &member,
            format!("/task_assignments?assignment_id=eq.{assignment_id}"),
        )
        .await?;
        let task_id = row.json()[0]["task_id"].clone();
        let renamed = format!("{task} (renamed)");
        let update = api_rpc(
            &admin,
            "update_task",
            json!({"p_task_id": task_id, "p_task_name": renamed}),
        )
        .await?;
        ensure!(update.status == 200, "{}", update.text());

        network.switch(Link::Cut);
        client.refresh().await?;
        wait_contains(&client, "#offline-notice", "You are offline").await?;
        wait_css(&client, &todo_card).await?;
        let name = texts(&client, &format!("{todo_card} .task-name")).await?;
        ensure!(
            name == [task.clone()],
            "the last loaded name, from the cache: {name:?}"
        );
        let done = format!("#done-{assignment_id}");
        let disabled = format!(
            "document.querySelector({}).matches(':disabled')",
            json!(done)
        );
        wait_js(&client, &disabled, "Done disabled offline").await?;
        let status = texts(&client, "[role=status]").await?;
        ensure!(
            status.iter().any(|s| s.starts_with("You are offline")),
            "{status:?}"
        );
        // A screen never opened before loads from the cached chunk.
        client
            .execute("location.hash = '#/account';", vec![])
            .await?;
        wait_css(&client, "#password-form").await?;
        client.execute("location.hash = '#/today';", vec![]).await?;
        wait_css(&client, &todo_card).await?;

        // A proxy whose server is down answers 502: the same, from the cache.
        network.switch(Link::BadGateway);
        client.refresh().await?;
        wait_contains(&client, "#offline-notice", "You are offline").await?;
        wait_css(&client, &todo_card).await?;
        let name = texts(&client, &format!("{todo_card} .task-name")).await?;
        ensure!(name == [task.clone()], "behind a 502: {name:?}");
        wait_js(&client, &disabled, "Done disabled behind a 502").await?;

        network.switch(Link::Up);
        // The app notices by itself (it asks the server every few seconds).
        wait_gone(&client, "#offline-notice").await?;
        wait_js(&client, &format!("!{disabled}"), "Done enabled online").await?;
        click(&client, &done).await?;
        wait_gone(&client, &todo_card).await?;
        let stored = api_get(
            &member,
            format!("/task_assignments?assignment_id=eq.{assignment_id}"),
        )
        .await?;
        ensure!(stored.json()[0]["status"] == "waiting", "{}", stored.text());

        // Signing out deletes the member's reads from the device; the
        // release's shell stays.
        click(&client, "#sign-out").await?;
        wait_css(&client, "#auth-form").await?;
        let deadline = std::time::Instant::now() + tests::browser::TIMEOUT;
        loop {
            let names = awaited(&client, "caches.keys()").await?;
            let names: Vec<&str> = names
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if !names.iter().any(|n| n.starts_with("ctt-api")) {
                ensure!(
                    names.iter().any(|n| n.starts_with("ctt-shell-")),
                    "{names:?}"
                );
                break;
            }
            ensure!(
                std::time::Instant::now() < deadline,
                "still cached after sign-out: {names:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    });
}
