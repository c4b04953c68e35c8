//! The uploader against the real stack: PostgREST 12 serving what
//! `uploader::publish` stored, fetched with the headers a browser sends.
//!
//! Every test that publishes gets a stack of its own (`Stack::start`), so
//! the order and parallelism of tests cannot change what they see. Builds
//! are fixtures in Trunk's exact output format (TOOLCHAIN.md "What Trunk
//! emits"), plus one test that publishes the real `dist/`.

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tests::{project_root, Reply, Stack};
use uploader::{ApiOptions, Error, PublishOptions, Retry, VerifyOptions};

const ACCEPT_HTML: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const ACCEPT_CSS: &str = "text/css,*/*;q=0.1";
const ACCEPT_ANY: &str = "*/*";
const ACCEPT_IMAGE: &str = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

// ---------------------------------------------------------------- fixtures

/// A Trunk-shaped build in a temporary directory.
struct Build {
    dir: tempfile::TempDir,
    /// name -> bytes, index.html included (as Trunk wrote it).
    files: BTreeMap<String, Vec<u8>>,
    js: String,
    wasm: String,
    css: String,
    favicon: String,
}

impl Build {
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn bytes(&self, name: &str) -> &[u8] {
        &self.files[name]
    }
    /// The hashed assets (everything but index.html).
    fn assets(&self) -> Vec<&str> {
        self.files
            .keys()
            .map(String::as_str)
            .filter(|n| *n != "index.html")
            .collect()
    }
}

fn short_hash(bytes: &[u8]) -> String {
    hex_encode(&Sha256::digest(bytes))[..16].to_string()
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex_encode(&Sha256::digest(bytes))
}

fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// A build whose JS, wasm and CSS differ per `flavour`; the favicon is the
/// same in every build (as it is between real releases).
fn build(flavour: &str) -> Build {
    let dir = tempfile::Builder::new()
        .prefix("uploader-dist-")
        .tempdir()
        .expect("temp dist dir");

    let js = format!(
        "// wasm-bindgen glue, build {flavour}\nlet wasm;\nexport function greet() {{ return 'héllo — {flavour}'; }}\n{}\nexport default async function init(opts) {{ return opts; }}\n",
        "export const filler = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];\n".repeat(200)
    )
    .into_bytes();

    // Binary: the wasm magic, every byte value, invalid UTF-8 sequences, a
    // NUL run, and a compressible tail.
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(0u8..=255);
    wasm.extend([
        0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE,
    ]);
    wasm.extend([0u8; 64]);
    wasm.extend(flavour.as_bytes());
    for i in 0..40_000u32 {
        wasm.push((i.wrapping_mul(2_654_435_761) >> 24) as u8 & 0x0F);
    }
    wasm.extend((0u8..=255).rev());

    let css = format!(
        "/* build {flavour} */\nbody {{ font-family: system-ui, sans-serif; margin: 0; }}\n{}",
        ".task { padding: 0.5rem; border-bottom: 1px solid #ddd; }\n".repeat(100)
    )
    .into_bytes();

    let mut favicon = vec![0u8, 0, 1, 0, 1, 0, 16, 16];
    favicon.extend((0..318u32).map(|i| (i * 7 % 251) as u8));

    let js_name = format!("frontend-{}.js", short_hash(&js));
    let wasm_name = format!("frontend-{}_bg.wasm", short_hash(&wasm));
    let css_name = format!("style-{}.css", short_hash(&css));
    let favicon_name = format!("favicon-{}.ico", short_hash(&favicon));

    // Exactly Trunk 0.21's shape: absolute references, SRI everywhere.
    let index = format!(
        r#"<!DOCTYPE html><html lang="en"><head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Cleaning Task Tracker</title>
    <link rel="stylesheet" href="/{css_name}" integrity="{css_sri}"/>
    <link rel="icon" href="/{favicon_name}" integrity="{favicon_sri}"/>

<link rel="modulepreload" href="/{js_name}" crossorigin="anonymous" integrity="{js_sri}">
<link rel="preload" href="/{wasm_name}" crossorigin="anonymous" integrity="{wasm_sri}" as="fetch" type="application/wasm"></head>
  <body>
<script type="module">
import init, * as bindings from '/{js_name}';
const wasm = await init({{ module_or_path: '/{wasm_name}' }});


window.wasmBindings = bindings;


dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{detail: {{wasm}}}}));

</script></body>
</html>
"#,
        css_sri = sri(&css),
        favicon_sri = sri(&favicon),
        js_sri = sri(&js),
        wasm_sri = sri(&wasm),
    )
    .into_bytes();

    let mut files = BTreeMap::new();
    files.insert("index.html".to_string(), index);
    files.insert(js_name.clone(), js);
    files.insert(wasm_name.clone(), wasm);
    files.insert(css_name.clone(), css);
    files.insert(favicon_name.clone(), favicon);
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("writing the fixture");
    }
    Build {
        dir,
        files,
        js: js_name,
        wasm: wasm_name,
        css: css_name,
        favicon: favicon_name,
    }
}

// ---------------------------------------------------------------- helpers

fn stack() -> Stack {
    Stack::start().expect("starting an isolated stack")
}

fn token(stack: &Stack) -> String {
    stack.publisher_token().expect("publisher token")
}

fn options(stack: &Stack, dist: &Path) -> PublishOptions {
    let mut opts = PublishOptions::new(dist, stack.api_url.clone(), Some(token(stack)));
    opts.retry = Retry {
        retries: 1,
        initial_backoff: std::time::Duration::from_millis(50),
    };
    opts
}

fn api_options(stack: &Stack) -> ApiOptions {
    ApiOptions::new(stack.api_url.clone(), Some(token(stack)))
}

fn publish(stack: &Stack, dist: &Path) -> uploader::PublishSummary {
    uploader::publish(&options(stack, dist)).expect("publish")
}

fn uploader_error(err: &anyhow::Error) -> &Error {
    err.downcast_ref::<Error>()
        .unwrap_or_else(|| panic!("not an uploader::Error: {err:#}"))
}

fn get(stack: &Stack, path: &str, accept: &str, encoding: &str) -> Reply {
    stack
        .api()
        .get_with(path, &[("Accept", accept), ("Accept-Encoding", encoding)])
        .unwrap_or_else(|e| panic!("GET {path}: {e:#}"))
}

fn live_index(stack: &Stack) -> String {
    let reply = get(stack, "/rpc/serve_html", ACCEPT_HTML, "identity");
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.text()
}

/// Every `serve_*?p_asset_name=` reference of a page, as (url path, name).
fn page_references(html: &str) -> Vec<(String, String)> {
    let re = regex_lite(html);
    re.into_iter()
        .map(|(function, name)| (format!("/rpc/{function}?p_asset_name={name}"), name))
        .collect()
}

/// A dependency-free scan for `./serve_X?p_asset_name=NAME`.
fn regex_lite(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(pos) = rest.find("./serve_") {
        let tail = &rest[pos + 2..];
        let end = tail
            .find(|c: char| c == '"' || c == '\'' || c.is_whitespace())
            .unwrap_or(tail.len());
        let url = &tail[..end];
        if let Some((function, name)) = url.split_once("?p_asset_name=") {
            out.push((function.to_string(), name.to_string()));
        }
        rest = &tail[end..];
    }
    out.sort();
    out.dedup();
    out
}

fn accept_for(name: &str) -> &'static str {
    if name.ends_with(".css") {
        ACCEPT_CSS
    } else if name.ends_with(".js") || name.ends_with(".wasm") {
        ACCEPT_ANY
    } else {
        ACCEPT_IMAGE
    }
}

fn expected_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("ico") => "image/x-icon",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn decode(reply: &Reply) -> Vec<u8> {
    match reply.header("content-encoding").as_deref() {
        None => reply.body.clone(),
        Some("gzip") => uploader::compress::gunzip(&reply.body).expect("gunzip"),
        Some("br") => uploader::compress::unbrotli(&reply.body).expect("unbrotli"),
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
}

/// The live site is exactly `files` (plus the rewritten index.html):
/// every asset the page references loads byte-exact with its type, as is
/// and through the compressed variants a browser asks for.
fn assert_site_is(stack: &Stack, files: &BTreeMap<String, Vec<u8>>) {
    let html = live_index(stack);
    assert!(
        !html.contains("\"/frontend-") && !html.contains("'/frontend-"),
        "unrewritten reference: {html}"
    );
    let refs = page_references(&html);
    let expected: Vec<&String> = files.keys().filter(|n| *n != "index.html").collect();
    let mut names: Vec<&String> = refs.iter().map(|(_, n)| n).collect();
    names.sort();
    assert_eq!(
        names, expected,
        "the page references exactly the build's assets"
    );
    for (path, name) in &refs {
        let local = &files[name];
        let plain = get(stack, path, accept_for(name), "identity");
        assert_eq!(plain.status, 200, "{path}: {}", plain.text());
        assert_eq!(
            plain.header("content-type").as_deref(),
            Some(expected_type(name)),
            "{path}"
        );
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert!(
            plain.body == *local,
            "{path}: served bytes differ from the build"
        );
        assert_eq!(
            plain.header("etag"),
            Some(format!("\"{}\"", sha256_hex(local))),
            "{path}"
        );
        assert_eq!(
            plain.header("cache-control").as_deref(),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
        let browser = get(stack, path, accept_for(name), BROWSER_ENCODINGS);
        assert_eq!(browser.status, 200, "{path}");
        assert_eq!(
            browser.header("content-type").as_deref(),
            Some(expected_type(name))
        );
        assert!(
            decode(&browser) == *local,
            "{path}: compressed variant differs"
        );
        let gzip = get(stack, path, accept_for(name), "gzip");
        assert!(decode(&gzip) == *local, "{path}: gzip variant differs");
    }
}

fn assert_index_is(stack: &Stack, build: &Build) {
    let html = live_index(stack);
    for name in build.assets() {
        assert!(
            html.contains(&format!("p_asset_name={name}")),
            "live page lacks {name}"
        );
    }
}

fn manifest_state(stack: &Stack) -> String {
    stack
        .psql("SELECT string_agg(asset_name || ':' || sha256 || ':' || updated_at, ',' ORDER BY asset_name) FROM app_frontend.frontend_assets")
        .expect("reading frontend_assets")
}

fn release_count(stack: &Stack) -> i64 {
    stack
        .query_value("SELECT count(*) FROM app_frontend.releases")
        .expect("counting releases")
        .parse()
        .expect("a number")
}

// ---------------------------------------------------------------- tests

#[test]
fn publish_serves_every_asset_byte_exact_with_browser_headers() {
    let stack = stack();
    let b = build("one");
    let summary = publish(&stack, b.path());
    assert_eq!(summary.uploaded, 5, "{summary:?}");
    assert_eq!(summary.skipped, 0);
    assert!(summary.index_changed);
    assert_eq!(summary.bytes, {
        let assets: u64 = b.assets().iter().map(|n| b.bytes(n).len() as u64).sum();
        assets + live_index(&stack).len() as u64
    });

    // index.html: HTML as navigated to, not cached, every reference rewritten.
    let page = get(&stack, "/rpc/serve_html", ACCEPT_HTML, "identity");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control").as_deref(), Some("no-cache"));
    let html = page.text();
    assert!(html.contains(&format!(
        "import init, * as bindings from './serve_js?p_asset_name={}';",
        b.js
    )));
    assert!(html.contains(&format!(
        "init({{ module_or_path: './serve_wasm?p_asset_name={}' }})",
        b.wasm
    )));
    assert!(html.contains(&format!(
        r#"<link rel="stylesheet" href="./serve_css?p_asset_name={}""#,
        b.css
    )));
    assert!(html.contains(&format!(
        r#"<link rel="icon" href="./serve_asset?p_asset_name={}""#,
        b.favicon
    )));
    // SRI attributes survive, and stay valid since bytes are unchanged.
    assert!(html.contains(&sri(b.bytes(&b.wasm))));
    assert!(html.contains(&sri(b.bytes(&b.js))));
    // Only references changed.
    let original = String::from_utf8(b.bytes("index.html").to_vec()).expect("utf8");
    let undone = html
        .replace("./serve_js?p_asset_name=", "/")
        .replace("./serve_wasm?p_asset_name=", "/")
        .replace("./serve_css?p_asset_name=", "/")
        .replace("./serve_asset?p_asset_name=", "/");
    assert_eq!(undone, original);
    // The compressed page decodes to the same HTML.
    let gz_page = get(&stack, "/rpc/serve_html", ACCEPT_HTML, BROWSER_ENCODINGS);
    assert_eq!(decode(&gz_page), html.as_bytes());

    assert_site_is(&stack, &b.files);

    // The wasm, fetched exactly as `fetch()` does, is byte-exact and typed
    // for streaming compilation.
    let wasm = get(
        &stack,
        &format!("/rpc/serve_wasm?p_asset_name={}", b.wasm),
        ACCEPT_ANY,
        "identity",
    );
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    assert!(wasm.body == b.bytes(&b.wasm));
    assert!(
        std::str::from_utf8(&wasm.body).is_err(),
        "the fixture really is binary"
    );

    // Variants were stored only where smaller: the favicon (noise) has none.
    let manifest = uploader::list(&api_options(&stack)).expect("list");
    let fav = manifest
        .iter()
        .find(|m| m.asset_name == b.favicon)
        .expect("favicon listed");
    assert_eq!(fav.content_type, "image/x-icon");
    let css = manifest
        .iter()
        .find(|m| m.asset_name == b.css)
        .expect("css listed");
    assert!(css.gzip_size.is_some_and(|g| g < css.size), "{css:?}");
    assert!(
        css.br_size
            .is_none_or(|br| br < css.gzip_size.unwrap_or(u64::MAX)),
        "{css:?}"
    );

    // verify agrees, against the server's record and the local build.
    let report = uploader::verify(&VerifyOptions::new(
        stack.api_url.clone(),
        Some(token(&stack)),
        Some(b.path().to_path_buf()),
    ))
    .expect("verify");
    assert_eq!(report.checked.len(), 5);
    assert!(report
        .checked
        .iter()
        .filter(|c| c.name != "index.html")
        .all(|c| c.sri_checked));
}

#[test]
fn second_publish_uploads_nothing_and_a_change_uploads_only_it() {
    let stack = stack();
    let b = build("two");
    let state = manifest_state(&stack);
    let mut dry = options(&stack, b.path());
    dry.dry_run = true;
    let plan = uploader::publish(&dry).expect("dry run");
    assert!(plan.dry_run);
    assert_eq!(plan.uploaded, 5, "{plan:?}");
    assert_eq!(manifest_state(&stack), state, "a dry run sends nothing");

    let first = publish(&stack, b.path());
    assert_eq!(first.uploaded, 5);
    let state = manifest_state(&stack);
    let releases = release_count(&stack);

    let second = publish(&stack, b.path());
    assert_eq!(second.uploaded, 0, "{second:?}");
    assert_eq!(second.skipped, 5);
    assert_eq!(second.bytes, 0);
    assert!(!second.index_changed);
    assert_eq!(second.index_sha256, first.index_sha256);
    assert_eq!(
        manifest_state(&stack),
        state,
        "a no-op publish touches no row"
    );
    assert_eq!(release_count(&stack), releases, "and records no release");

    // A new CSS build: the CSS and index.html go up, nothing else.
    std::fs::remove_file(b.path().join(&b.css)).expect("rm css");
    let css = b"body { color: rebeccapurple; }\n".repeat(40);
    let css_name = format!("style-{}.css", short_hash(&css));
    std::fs::write(b.path().join(&css_name), &css).expect("write css");
    let index = String::from_utf8(b.bytes("index.html").to_vec())
        .expect("utf8")
        .replace(&b.css, &css_name)
        .replace(&sri(b.bytes(&b.css)), &sri(&css));
    std::fs::write(b.path().join("index.html"), &index).expect("write index");
    let third = publish(&stack, b.path());
    let names: Vec<&str> = third
        .uploaded_assets
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, vec!["index.html", css_name.as_str()]);
    assert_eq!(third.skipped, 3);
    assert!(third.index_changed);
    assert_eq!(release_count(&stack), releases + 1);
    let mut files = b.files.clone();
    files.remove(&b.css);
    files.insert(css_name, css);
    assert_site_is(&stack, &files);

    // The JSON summary carries the promised fields.
    let json = serde_json::to_value(&third).expect("json");
    for key in [
        "uploaded",
        "skipped",
        "bytes",
        "seconds",
        "index_changed",
        "uploaded_assets",
    ] {
        assert!(json.get(key).is_some(), "summary lacks {key}: {json}");
    }
}

#[test]
fn interrupted_publish_leaves_the_previous_site_whole() {
    let stack = stack();
    let old = build("old");
    publish(&stack, old.path());
    let before = live_index(&stack);

    let new = build("new");
    let mut opts = options(&stack, new.path());
    opts.fail_after_uploads = Some(2);
    let err = uploader::publish(&opts).expect_err("the injected fault stops the publish");
    assert!(
        matches!(uploader_error(&err), Error::InjectedFault { uploaded: 2 }),
        "{err:#}"
    );
    assert!(
        format!("{err:#}").contains("live site is unchanged"),
        "{err:#}"
    );

    // Some new assets arrived, the page did not change, and everything the
    // old page references still loads.
    assert_eq!(live_index(&stack), before);
    assert_site_is(&stack, &old.files);
    let new_assets_present = new
        .assets()
        .iter()
        .filter(|n| {
            stack
                .query_value(&format!(
                    "SELECT count(*) FROM app_frontend.frontend_assets WHERE asset_name = '{n}'"
                ))
                .expect("count")
                == "1"
        })
        .count();
    assert!(
        new_assets_present >= 2,
        "two uploads went through (the favicon is shared)"
    );

    // Publishing again finishes the job, reusing what arrived.
    let resumed = publish(&stack, new.path());
    assert!(resumed.skipped >= 2, "{resumed:?}");
    assert!(resumed.index_changed);
    assert_site_is(&stack, &new.files);
}

/// Run in a child process by `killed_publish_leaves_the_previous_site_whole`:
/// publishes and ends the process (no unwinding, no error path) right
/// after the second confirmed upload, like `kill -9` mid-publish.
#[test]
#[ignore = "helper: runs only as the child of killed_publish_leaves_the_previous_site_whole"]
fn child_publish_then_abort() {
    let (Ok(api_url), Ok(token), Ok(dist)) = (
        std::env::var("UPLOADER_CHILD_API_URL"),
        std::env::var("UPLOADER_CHILD_TOKEN"),
        std::env::var("UPLOADER_CHILD_DIST"),
    ) else {
        return;
    };
    let mut opts = PublishOptions::new(PathBuf::from(dist), api_url, Some(token));
    opts.jobs = 2;
    let count = Arc::new(Mutex::new(0usize));
    opts.on_uploaded = Some(Arc::new(move |asset: &uploader::UploadedAsset| {
        let mut n = count.lock().expect("counter");
        *n += 1;
        eprintln!("child: uploaded {}", asset.name);
        if *n == 2 {
            // Like SIGKILL: no unwinding, no destructors, the other upload
            // thread cut off mid-request (exit rather than abort: no core dump).
            std::process::exit(137);
        }
    }));
    let _ = uploader::publish(&opts);
    eprintln!("child: publish finished without being killed");
    std::process::exit(3);
}

#[test]
fn killed_publish_leaves_the_previous_site_whole() {
    let stack = stack();
    let old = build("before-kill");
    publish(&stack, old.path());
    let before = live_index(&stack);
    let new = build("after-kill");
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "child_publish_then_abort",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("UPLOADER_CHILD_API_URL", &stack.api_url)
        .env("UPLOADER_CHILD_TOKEN", token(&stack))
        .env("UPLOADER_CHILD_DIST", new.path())
        .output()
        .expect("running the child");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the child was killed: {stderr}");
    assert_eq!(stderr.matches("child: uploaded").count(), 2, "{stderr}");
    assert!(!stderr.contains("uploaded index.html"), "{stderr}");
    assert_eq!(live_index(&stack), before, "the old page is still live");
    assert_site_is(&stack, &old.files);
}

#[test]
fn oversized_asset_is_refused_and_the_site_is_unchanged() {
    let stack = stack();
    let old = build("small");
    publish(&stack, old.path());
    let state = manifest_state(&stack);

    let new = build("big");
    let big = vec![0u8; 16 * 1024 * 1024 + 1];
    std::fs::write(new.path().join("huge-0123456789abcdef.bin"), &big).expect("write big");

    // Caught locally before anything is sent.
    let err = uploader::publish(&options(&stack, new.path())).expect_err("too large");
    assert!(
        matches!(uploader_error(&err), Error::AssetTooLarge { .. }),
        "{err:#}"
    );
    assert_eq!(manifest_state(&stack), state, "nothing was sent");

    // And if the client lets it through, the server's 413 is reported.
    let mut opts = options(&stack, new.path());
    opts.max_asset_bytes = u64::MAX;
    opts.brotli_quality = 0;
    opts.jobs = 1;
    let err = uploader::publish(&opts).expect_err("413");
    assert!(
        matches!(uploader_error(&err), Error::PayloadTooLarge { .. }),
        "{err:#}"
    );
    let line = format!("{err:#}");
    assert!(line.contains("413") && !line.contains('\n'), "{line}");
    assert_eq!(live_index(&stack), {
        let html = live_index(&stack);
        assert!(html.contains(&old.js));
        html
    });
    assert_site_is(&stack, &old.files);
}

#[test]
fn wrong_or_missing_credentials_are_reported_and_change_nothing() {
    let stack = stack();
    let old = build("creds-old");
    publish(&stack, old.path());
    let state = manifest_state(&stack);
    let new = build("creds-new");

    let attempt = |token: Option<String>| -> anyhow::Error {
        let mut opts = PublishOptions::new(new.path(), stack.api_url.clone(), token);
        opts.retry = Retry {
            retries: 0,
            ..Retry::default()
        };
        uploader::publish(&opts).expect_err("must not publish")
    };

    let err = attempt(None);
    assert!(
        matches!(uploader_error(&err), Error::MissingToken),
        "{err:#}"
    );
    assert!(format!("{err}").contains("UPLOADER_TOKEN"));

    let err = attempt(Some("not-a-jwt".into()));
    assert!(
        matches!(uploader_error(&err), Error::Unauthorized { .. }),
        "{err:#}"
    );
    assert!(format!("{err}").contains("401"));

    // Signed with another secret.
    let forged = {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = b64.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = b64.encode(br#"{"role":"api_publisher","exp":4102444800}"#);
        format!("{header}.{claims}.{}", b64.encode([7u8; 32]))
    };
    let err = attempt(Some(forged));
    assert!(
        matches!(uploader_error(&err), Error::Unauthorized { .. }),
        "{err:#}"
    );

    // Expired publisher token.
    let expired = stack
        .sign_claims(&serde_json::json!({"role": "api_publisher", "exp": 1_000_000_000}))
        .expect("sign");
    let err = attempt(Some(expired));
    assert!(
        matches!(uploader_error(&err), Error::Unauthorized { .. }),
        "{err:#}"
    );

    // A household member's token is valid but not allowed: 403.
    let member = stack
        .api()
        .rpc(
            "login",
            &serde_json::json!({"p_username": "user1", "p_password": "password123"}),
        )
        .expect("login")
        .json()["token"]
        .as_str()
        .expect("token")
        .to_string();
    let err = attempt(Some(member.clone()));
    assert!(
        matches!(uploader_error(&err), Error::Forbidden { .. }),
        "{err:#}"
    );
    let line = format!("{err:#}");
    assert!(
        line.contains("403") && line.contains("publisher token") && !line.contains(&member),
        "{line}"
    );

    // Straight at the API: neither anonymous nor a member may write.
    let body = serde_json::json!({"p_asset_name": "index.html", "p_content_type": "text/html", "p_content": "<p>defaced</p>"});
    let anon = stack
        .api()
        .rpc("update_frontend_asset", &body)
        .expect("anon");
    assert_eq!(anon.status, 401, "{}", anon.text());
    assert!(anon.is_json_error());
    let as_member = stack
        .api()
        .with_token(&member)
        .rpc("update_frontend_asset", &body)
        .expect("member");
    assert_eq!(as_member.status, 403, "{}", as_member.text());
    assert!(as_member.is_json_error());
    for ops in [
        uploader::list(&ApiOptions::new(
            stack.api_url.clone(),
            Some(member.clone()),
        ))
        .map(|_| ()),
        uploader::rollback(&ApiOptions::new(
            stack.api_url.clone(),
            Some(member.clone()),
        ))
        .map(|_| ()),
        uploader::prune(
            &ApiOptions::new(stack.api_url.clone(), Some(member.clone())),
            false,
        )
        .map(|_| ()),
    ] {
        let err = ops.expect_err("a member cannot manage the site");
        assert!(
            matches!(uploader_error(&err), Error::Forbidden { .. }),
            "{err:#}"
        );
    }

    assert_eq!(manifest_state(&stack), state, "nothing changed");
    assert_site_is(&stack, &old.files);
}

#[test]
fn verify_fails_when_an_asset_is_tampered_with_in_the_database() {
    let stack = stack();
    let b = build("verify");
    publish(&stack, b.path());
    let with_dist = VerifyOptions::new(
        stack.api_url.clone(),
        Some(token(&stack)),
        Some(b.path().to_path_buf()),
    );
    let server_only = VerifyOptions::new(stack.api_url.clone(), Some(token(&stack)), None);
    uploader::verify(&with_dist).expect("clean site verifies");
    uploader::verify(&server_only).expect("clean site verifies without dist");

    // One byte of the wasm flipped (sha256 is a generated column, so the
    // server's own record follows the tampering; SRI and dist do not).
    stack
        .psql(&format!(
            "UPDATE app_frontend.frontend_assets SET content = set_byte(content, 100, (get_byte(content, 100) + 1) % 256) WHERE asset_name = '{}'",
            b.wasm
        ))
        .expect("tamper");
    for opts in [&with_dist, &server_only] {
        let report = uploader::verify_report(opts).expect("report");
        assert!(!report.ok());
        assert!(
            report.problems.iter().all(|p| p.starts_with(&b.wasm)),
            "{:?}",
            report.problems
        );
        assert!(
            report.problems.iter().any(|p| p.contains("integrity")),
            "{:?}",
            report.problems
        );
        let err = uploader::verify(opts).expect_err("tampered");
        assert!(
            matches!(uploader_error(&err), Error::VerifyFailed { .. }),
            "{err:#}"
        );
    }
    assert!(uploader::verify_report(&with_dist)
        .expect("report")
        .problems
        .iter()
        .any(|p| p.contains("differ")));

    // Republishing repairs it.
    publish(&stack, b.path());
    uploader::verify(&with_dist).expect("repaired");

    // A swapped gzip variant only (valid gzip, other bytes), and a wrong
    // content type, are caught too.
    stack
        .psql(&format!(
            "UPDATE app_frontend.frontend_assets SET content_gzip = (SELECT content_gzip FROM app_frontend.frontend_assets WHERE asset_name = '{}') WHERE asset_name = '{}'",
            b.css, b.js
        ))
        .expect("tamper gzip");
    let report = uploader::verify_report(&server_only).expect("report");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with(&b.js) && p.contains("gzip")),
        "{:?}",
        report.problems
    );
    publish(&stack, b.path()); // same sha256: a plain publish does not notice...
    assert!(!uploader::verify_report(&server_only).expect("report").ok());
    let mut force = options(&stack, b.path());
    force.force = true; // ...a forced one rewrites everything.
    uploader::publish(&force).expect("forced publish");
    uploader::verify(&with_dist).expect("repaired by --force");

    stack
        .psql(&format!(
            "UPDATE app_frontend.frontend_assets SET content_type = 'text/css' WHERE asset_name = '{}'",
            b.favicon
        ))
        .expect("tamper type");
    let report = uploader::verify_report(&server_only).expect("report");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with(&b.favicon) && p.contains("Content-Type")),
        "{:?}",
        report.problems
    );
}

#[test]
fn rollback_restores_the_previous_site() {
    let stack = stack();
    let api = api_options(&stack);
    let err = uploader::rollback(&api).expect_err("nothing to roll back to yet");
    assert!(
        matches!(uploader_error(&err), Error::NoPreviousRelease),
        "{err:#}"
    );

    let a = build("release-a");
    let b = build("release-b");
    publish(&stack, a.path());
    let page_a = live_index(&stack);
    publish(&stack, b.path());
    assert_index_is(&stack, &b);
    assert_site_is(&stack, &b.files);

    let result = uploader::rollback(&api).expect("rollback");
    assert_eq!(live_index(&stack), page_a);
    assert_eq!(result.sha256, sha256_hex(page_a.as_bytes()));
    assert_site_is(&stack, &a.files);
    let releases = uploader::releases(&api).expect("releases");
    assert_eq!(releases.len(), 2);
    assert!(
        releases
            .iter()
            .any(|r| r.is_current && r.sha256 == result.sha256),
        "{releases:?}"
    );
    assert!(releases.iter().any(|r| r.rolled_back_at.is_some()));
    // verify is happy with the rolled-back site and its build.
    uploader::verify(&VerifyOptions::new(
        stack.api_url.clone(),
        Some(token(&stack)),
        Some(a.path().to_path_buf()),
    ))
    .expect("verify after rollback");

    let err = uploader::rollback(&api).expect_err("only one release left");
    assert!(
        matches!(uploader_error(&err), Error::NoPreviousRelease),
        "{err:#}"
    );

    // Publishing B again makes it current again.
    publish(&stack, b.path());
    assert_site_is(&stack, &b.files);
}

#[test]
fn prune_keeps_everything_the_current_and_previous_index_reference() {
    let stack = stack();
    let api = api_options(&stack);
    let (a, b, c) = (build("prune-a"), build("prune-b"), build("prune-c"));
    for x in [&a, &b, &c] {
        publish(&stack, x.path());
    }
    // An upload no page ever referenced (e.g. a stray file).
    std::fs::write(a.path().join("stray-0123456789abcdef.txt"), "stray").expect("stray");
    publish(&stack, a.path()); // A is now current again...
    publish(&stack, c.path()); // ...and C after it: current C, previous A.
    let unique_to_b: Vec<&str> = vec![b.js.as_str(), b.wasm.as_str(), b.css.as_str()];

    let dry = uploader::prune(&api, true).expect("dry run");
    let mut dry_names: Vec<&str> = dry.iter().map(|p| p.asset_name.as_str()).collect();
    dry_names.sort();
    let mut expected = unique_to_b.clone();
    expected.push("stray-0123456789abcdef.txt");
    expected.sort();
    assert_eq!(dry_names, expected);
    assert!(
        stack
            .query_value(&format!(
                "SELECT count(*) FROM app_frontend.frontend_assets WHERE asset_name = '{}'",
                b.wasm
            ))
            .expect("count")
            == "1",
        "a dry run deletes nothing"
    );

    let pruned = uploader::prune(&api, false).expect("prune");
    assert_eq!(pruned.len(), expected.len());
    assert!(pruned
        .iter()
        .any(|p| p.asset_name == b.wasm && p.size == b.bytes(&b.wasm).len() as u64));
    assert!(uploader::prune(&api, false)
        .expect("second prune")
        .is_empty());

    // The current site (C) and the previous one (A) are whole.
    assert_site_is(&stack, &c.files);
    for name in a.assets() {
        let path = format!(
            "/rpc/{}?p_asset_name={name}",
            uploader::dist::serving_function(expected_type(name))
        );
        let reply = get(&stack, &path, accept_for(name), "identity");
        assert_eq!(reply.status, 200, "{name} of the previous release survives");
        assert!(reply.body == a.bytes(name));
    }
    // Rolling back to A still works after the prune.
    uploader::rollback(&api).expect("rollback");
    assert_site_is(&stack, &a.files);
}

#[test]
fn bad_input_and_unreachable_server_fail_with_one_clear_line() {
    let stack = Stack::shared();
    let state = manifest_state(stack);
    let token = Some(token(stack));
    let check = |dist: &Path, api_url: &str, want: fn(&Error) -> bool, hint: &str| {
        let mut opts = PublishOptions::new(dist, api_url, token.clone());
        opts.retry = Retry {
            retries: 1,
            initial_backoff: std::time::Duration::from_millis(10),
        };
        let err = uploader::publish(&opts).expect_err("must fail");
        let line = format!("{err:#}");
        assert!(want(uploader_error(&err)), "{line}");
        assert!(!line.contains('\n'), "one line: {line}");
        assert!(line.contains(hint), "{line} should say {hint:?}");
        if let Some(t) = &token {
            assert!(!line.contains(t.as_str()), "the token leaked: {line}");
        }
    };
    let tmp = tempfile::tempdir().expect("tmp");
    check(
        &tmp.path().join("nope"),
        &stack.api_url,
        |e| matches!(e, Error::DistMissing(_)),
        "trunk build",
    );
    check(
        tmp.path(),
        &stack.api_url,
        |e| matches!(e, Error::NoIndexHtml(_)),
        "index.html",
    );

    let b = build("bad-input");
    std::os::unix::fs::symlink(
        "/nonexistent/target",
        b.path().join("broken-0123456789abcdef.js"),
    )
    .expect("symlink");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::Unreadable { .. }),
        "broken-0123456789abcdef.js",
    );
    std::fs::remove_file(b.path().join("broken-0123456789abcdef.js")).expect("rm");

    std::fs::create_dir(b.path().join("snippets")).expect("mkdir");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::NestedFile(_)),
        "flat",
    );
    std::fs::remove_dir(b.path().join("snippets")).expect("rmdir");

    std::fs::write(b.path().join("bad name.js"), "x").expect("write");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::BadAssetName(_)),
        "rename",
    );
    std::fs::remove_file(b.path().join("bad name.js")).expect("rm");

    std::fs::write(b.path().join("index.html"), [0xFFu8, 0xFE, b'<']).expect("write");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::IndexNotUtf8(_)),
        "UTF-8",
    );
    std::fs::write(b.path().join("index.html"), b.bytes("index.html")).expect("restore");

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    check(
        b.path(),
        &format!("http://127.0.0.1:{closed}"),
        |e| matches!(e, Error::Unreachable { .. }),
        "is PostgREST running",
    );
    for op in [
        uploader::list(&ApiOptions::new(
            format!("http://127.0.0.1:{closed}"),
            Some("x".into()),
        ))
        .map(|_| ()),
        uploader::list(&ApiOptions::new(stack.api_url.clone(), None)).map(|_| ()),
    ] {
        let err = op.expect_err("fails");
        assert!(
            matches!(
                uploader_error(&err),
                Error::Unreachable { .. } | Error::MissingToken
            ),
            "{err:#}"
        );
    }
    assert_eq!(manifest_state(stack), state, "nothing reached the server");
}

#[test]
fn publishes_the_real_trunk_build() {
    let dist = std::env::var_os("UPLOADER_TEST_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no Trunk build: run `trunk build --release` (make test builds it first), or point UPLOADER_TEST_DIST at one",
        dist.display()
    );
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dist).expect("read dist") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && entry.path().is_file() {
            files.insert(name, std::fs::read(entry.path()).expect("read"));
        }
    }
    assert!(
        files.keys().any(|n| n.ends_with("_bg.wasm")),
        "a real build has a wasm"
    );

    let stack = stack();
    let summary = publish(&stack, &dist);
    assert_eq!(summary.uploaded, files.len(), "{summary:?}");
    assert_site_is_named(&stack, &files);
    uploader::verify(&VerifyOptions::new(
        stack.api_url.clone(),
        Some(token(&stack)),
        Some(dist.clone()),
    ))
    .expect("verify the real build");
    let again = publish(&stack, &dist);
    assert_eq!(again.uploaded, 0, "{again:?}");
    assert_eq!(again.skipped, files.len());
}

/// Like `assert_site_is`, for a real build (whose assets need not all be
/// referenced by the page, and whose names carry Trunk's hashes).
fn assert_site_is_named(stack: &Stack, files: &BTreeMap<String, Vec<u8>>) {
    let html = live_index(stack);
    let refs = page_references(&html);
    assert!(
        refs.iter().any(|(p, _)| p.starts_with("/rpc/serve_wasm")),
        "{html}"
    );
    assert!(
        refs.iter().any(|(p, _)| p.starts_with("/rpc/serve_js")),
        "{html}"
    );
    for (path, name) in &refs {
        let local = files
            .get(name)
            .unwrap_or_else(|| panic!("{name} is referenced but not in dist"));
        let reply = get(stack, path, accept_for(name), BROWSER_ENCODINGS);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some(expected_type(name)),
            "{path}"
        );
        assert!(decode(&reply) == *local, "{path} differs");
        let plain = get(stack, path, accept_for(name), "identity");
        assert!(plain.body == *local, "{path} differs");
    }
}
