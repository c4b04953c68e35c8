//! Fixture builds in Trunk's exact output format, and the helpers every
//! uploader test shares: a stack of its own, publish options, GETs with a
//! browser's headers, and assertions on what the live site serves.

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::collections::BTreeMap;
use std::path::Path;
use tests::{Reply, Stack};
use uploader::{ApiOptions, Error, PublishOptions, Retry};

pub const ACCEPT_HTML: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
pub const ACCEPT_CSS: &str = "text/css,*/*;q=0.1";
pub const ACCEPT_ANY: &str = "*/*";
pub const ACCEPT_IMAGE: &str = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
pub const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

// ---------------------------------------------------------------- fixtures

/// A Trunk-shaped build in a temporary directory.
pub struct Build {
    dir: tempfile::TempDir,
    /// name -> bytes, index.html included (as Trunk wrote it).
    pub files: BTreeMap<String, Vec<u8>>,
    pub js: String,
    pub wasm: String,
    pub css: String,
    pub favicon: String,
}

impl Build {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn bytes(&self, name: &str) -> &[u8] {
        &self.files[name]
    }
    /// The hashed assets (everything but index.html).
    pub fn assets(&self) -> Vec<&str> {
        self.files
            .keys()
            .map(String::as_str)
            .filter(|n| *n != "index.html")
            .collect()
    }
}

pub fn short_hash(bytes: &[u8]) -> String {
    hex_encode(&Sha256::digest(bytes))[..16].to_string()
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_encode(&Sha256::digest(bytes))
}

pub fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// A build whose JS, wasm and CSS differ per `flavour`; the favicon is the
/// same in every build (as it is between real releases).
pub fn build(flavour: &str) -> Build {
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

pub fn stack() -> Stack {
    Stack::start().expect("starting an isolated stack")
}

pub fn token(stack: &Stack) -> String {
    stack.publisher_token().expect("publisher token")
}

pub fn options(stack: &Stack, dist: &Path) -> PublishOptions {
    let mut opts = PublishOptions::new(dist, stack.api_url.clone(), Some(token(stack)));
    opts.api.retry = Retry {
        retries: 1,
        initial_backoff: std::time::Duration::from_millis(50),
    };
    opts
}

pub fn api_options(stack: &Stack) -> ApiOptions {
    ApiOptions::new(stack.api_url.clone(), Some(token(stack)))
}

pub fn publish(stack: &Stack, dist: &Path) -> uploader::PublishSummary {
    uploader::publish(&options(stack, dist)).expect("publish")
}

pub fn uploader_error(err: &anyhow::Error) -> &Error {
    err.downcast_ref::<Error>()
        .unwrap_or_else(|| panic!("not an uploader::Error: {err:#}"))
}

pub fn get(stack: &Stack, path: &str, accept: &str, encoding: &str) -> Reply {
    stack
        .api()
        .get_with(path, &[("Accept", accept), ("Accept-Encoding", encoding)])
        .unwrap_or_else(|e| panic!("GET {path}: {e:#}"))
}

pub fn live_index(stack: &Stack) -> String {
    let reply = get(stack, "/rpc/serve_html", ACCEPT_HTML, "identity");
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.text()
}

/// Every `serve_*?p_asset_name=` reference of a page, as (url path, name).
pub fn page_references(html: &str) -> Vec<(String, String)> {
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

pub fn accept_for(name: &str) -> &'static str {
    if name.ends_with(".css") {
        ACCEPT_CSS
    } else if name.ends_with(".js") || name.ends_with(".wasm") {
        ACCEPT_ANY
    } else {
        ACCEPT_IMAGE
    }
}

pub fn expected_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("ico") => "image/x-icon",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("webmanifest") => "application/manifest+json",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub fn decode(reply: &Reply) -> Vec<u8> {
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
pub fn assert_site_is(stack: &Stack, files: &BTreeMap<String, Vec<u8>>) {
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

pub fn assert_index_is(stack: &Stack, build: &Build) {
    let html = live_index(stack);
    for name in build.assets() {
        assert!(
            html.contains(&format!("p_asset_name={name}")),
            "live page lacks {name}"
        );
    }
}

pub fn manifest_state(stack: &Stack) -> String {
    stack
        .psql("SELECT string_agg(asset_name || ':' || sha256 || ':' || updated_at, ',' ORDER BY asset_name) FROM app_frontend.frontend_assets")
        .expect("reading frontend_assets")
}

pub fn release_count(stack: &Stack) -> i64 {
    stack
        .query_value("SELECT count(*) FROM app_frontend.releases")
        .expect("counting releases")
        .parse()
        .expect("a number")
}
