//! The app as a browser gets it from PostgREST: raw bodies with the right
//! media types, byte-exact binaries, revalidation, pre-compressed variants,
//! the security headers computed at publish time, and exact rollback.
use base64::Engine;
use serde_json::{json, Value};
use sha2::Digest;
use std::io::Read;
use tests::{Api, Reply, Stack};

const HTML_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const CSS_ACCEPT: &str = "text/css,*/*;q=0.1";
const JS: &str = "frontend-0123456789abcdef.js";
const WASM: &str = "frontend-0123456789abcdef_bg.wasm";
const CSS: &str = "style-fedcba9876543210.css";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Every byte value and sequences that are not valid UTF-8, as in a .wasm.
fn wasm_bytes() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    bytes.extend([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x00]);
    bytes
}

fn publish(publisher: &Api, name: &str, content_type: &str, bytes: &[u8], gzip_variant: bool) {
    publish_with_hashes(publisher, name, content_type, bytes, gzip_variant, None);
}

fn publish_with_hashes(
    publisher: &Api,
    name: &str,
    content_type: &str,
    bytes: &[u8],
    gzip_variant: bool,
    inline_script_hashes: Option<&[String]>,
) {
    let mut args = json!({"p_asset_name": name, "p_content_type": content_type,
                          "p_content": b64(bytes), "p_encoding": "base64"});
    if gzip_variant {
        args["p_content_gzip"] = json!(b64(&gzip(bytes)));
    }
    if let Some(hashes) = inline_script_hashes {
        args["p_inline_script_hashes"] = json!(hashes);
    }
    let reply = publisher.rpc("update_frontend_asset", &args).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// The CSP source of an inline script, as the uploader computes it: sha384
/// over the exact bytes between `<script ...>` and `</script>`.
fn csp_hash(script: &str) -> String {
    format!("sha384-{}", b64(&sha2::Sha384::digest(script.as_bytes())))
}

/// The policy serve_html sends for a page with these inline-script hashes.
fn expected_csp(hashes: &[String]) -> String {
    let mut sources = hashes.iter().map(|h| format!("'{h}'")).collect::<Vec<_>>();
    sources.sort();
    let mut script_src = "script-src 'self' 'wasm-unsafe-eval'".to_string();
    for source in sources {
        script_src.push(' ');
        script_src.push_str(&source);
    }
    format!(
        "default-src 'self'; {script_src}; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

const INLINE_SCRIPT: &str =
    "import init from './serve_js?p_asset_name=frontend-0123456789abcdef.js';";

fn published() -> (&'static Stack, Api) {
    let stack = Stack::shared();
    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let html = format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"serve_css?p_asset_name={CSS}\"></head>\
         <body><script type=\"module\">{INLINE_SCRIPT}</script></body></html>"
    );
    publish(
        &publisher,
        JS,
        "text/javascript",
        b"export default function init() { return 42; }\n",
        true,
    );
    publish(&publisher, WASM, "application/wasm", &wasm_bytes(), true);
    publish(
        &publisher,
        CSS,
        "text/css",
        b"body { color: #222; }\n",
        false,
    );
    // Every test publishes the same page with the same hash (as the
    // uploader would), so they can run side by side.
    publish_with_hashes(
        &publisher,
        "index.html",
        "text/html; charset=utf-8",
        html.as_bytes(),
        true,
        Some(&[csp_hash(INLINE_SCRIPT)]),
    );
    (stack, stack.api())
}

#[test]
fn a_browser_navigation_gets_raw_html() {
    let (_, anon) = published();
    for accept in [HTML_ACCEPT, "*/*"] {
        let reply = anon
            .get_with("/rpc/serve_html", &[("Accept", accept)])
            .unwrap();
        assert_eq!(reply.status, 200, "{accept}: {}", reply.text());
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert!(
            reply.text().starts_with("<!doctype html>"),
            "raw, not JSON-quoted: {}",
            reply.text()
        );
        assert_eq!(reply.header("cache-control").as_deref(), Some("no-cache"));
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string())
        );
    }
}

#[test]
fn index_html_revalidates_with_etag_and_304() {
    let (_, anon) = published();
    let first = anon
        .get_with("/rpc/serve_html", &[("Accept", HTML_ACCEPT)])
        .unwrap();
    let etag = first.header("etag").expect("an ETag");
    let again = anon
        .get_with(
            "/rpc/serve_html",
            &[("Accept", HTML_ACCEPT), ("If-None-Match", &etag)],
        )
        .unwrap();
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let weak = anon
        .get_with(
            "/rpc/serve_html",
            &[
                ("Accept", HTML_ACCEPT),
                ("If-None-Match", &format!("\"other\", W/{etag}")),
            ],
        )
        .unwrap();
    assert_eq!(weak.status, 304, "a list containing the (weak) tag matches");
    let stale = anon
        .get_with(
            "/rpc/serve_html",
            &[("Accept", HTML_ACCEPT), ("If-None-Match", "\"stale\"")],
        )
        .unwrap();
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body, first.body);
}

#[test]
fn scripts_and_wasm_requested_with_any_accept_are_byte_exact() {
    let (_, anon) = published();
    let js = anon
        .get_with(
            &format!("/rpc/serve_js?p_asset_name={JS}"),
            &[("Accept", "*/*")],
        )
        .unwrap();
    assert_eq!(js.status, 200, "{}", js.text());
    assert_eq!(
        js.header("content-type").as_deref(),
        Some("text/javascript")
    );
    assert_eq!(js.body, b"export default function init() { return 42; }\n");
    assert_eq!(
        js.header("cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );

    let wasm = anon
        .get_with(
            &format!("/rpc/serve_wasm?p_asset_name={WASM}"),
            &[("Accept", "*/*")],
        )
        .unwrap();
    assert_eq!(wasm.status, 200);
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    assert_eq!(wasm.body, wasm_bytes(), "the wasm must arrive byte-exact");

    let css = anon
        .get_with(
            &format!("/rpc/serve_css?p_asset_name={CSS}"),
            &[("Accept", CSS_ACCEPT)],
        )
        .unwrap();
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type").as_deref(), Some("text/css"));
    assert_eq!(css.body, b"body { color: #222; }\n");
}

#[test]
fn precompressed_variants_follow_accept_encoding() {
    let (_, anon) = published();
    let path = format!("/rpc/serve_wasm?p_asset_name={WASM}");
    let gz = anon
        .get_with(
            &path,
            &[("Accept", "*/*"), ("Accept-Encoding", "gzip, deflate, br")],
        )
        .unwrap();
    assert_eq!(
        gz.header("content-encoding").as_deref(),
        Some("gzip"),
        "no br variant stored, so gzip"
    );
    assert_eq!(gz.header("vary").as_deref(), Some("Accept-Encoding"));
    assert!(gz.body.len() < wasm_bytes().len());
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, wasm_bytes());

    for encoding in ["identity", "gzip;q=0", "br"] {
        let plain = anon
            .get_with(&path, &[("Accept", "*/*"), ("Accept-Encoding", encoding)])
            .unwrap();
        assert_eq!(plain.header("content-encoding"), None, "{encoding}");
        assert_eq!(plain.body, wasm_bytes(), "{encoding}");
    }
}

/// A navigation as Chromium sends it: many headers, an encoding list, and on
/// a reload the ETag it holds. asset_response reads the request's headers
/// once, before its query (DESIGN.md, "Serving at the floor"); every choice
/// must still follow them, weights and case included.
#[test]
fn a_browsers_full_request_picks_encoding_and_revalidates() {
    let (_, anon) = published();
    let navigate = |extra: &[(&str, &str)]| {
        let mut headers = vec![
            ("Accept", HTML_ACCEPT),
            ("Accept-Language", "en-US,en;q=0.9"),
            ("Cache-Control", "max-age=0"),
            ("Sec-Fetch-Dest", "document"),
            ("Sec-Fetch-Mode", "navigate"),
            ("Upgrade-Insecure-Requests", "1"),
            (
                "User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0",
            ),
        ];
        headers.extend_from_slice(extra);
        anon.get_with("/rpc/serve_html", &headers).unwrap()
    };
    let browser_encodings = ("Accept-Encoding", "gzip, deflate, br, zstd");
    let first = navigate(&[browser_encodings]);
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(
        first.header("content-encoding").as_deref(),
        Some("gzip"),
        "no br variant stored, so gzip"
    );
    let etag = first.header("etag").expect("an ETag");
    let reload = navigate(&[browser_encodings, ("If-None-Match", &etag)]);
    assert_eq!(reload.status, 304);
    assert!(reload.body.is_empty());
    assert_eq!(reload.header("etag"), Some(etag.clone()));
    let other = navigate(&[browser_encodings, ("If-None-Match", "W/\"other\"")]);
    assert_eq!(other.status, 200);

    for (encoding, expected) in [
        ("GZIP", Some("gzip")),
        ("gzip;q=0.5, identity", Some("gzip")),
        ("gzip ;q=0.001", Some("gzip")),
        ("gzip; q=0", None),
        ("br;q=1, gzip;q=0.0", None),
        ("deflate", None),
    ] {
        let reply = navigate(&[("Accept-Encoding", encoding)]);
        assert_eq!(reply.status, 200, "{encoding}: {}", reply.text());
        assert_eq!(
            reply.header("content-encoding").as_deref(),
            expected,
            "{encoding}"
        );
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string()),
            "{encoding}"
        );
    }
}

/// A page-sized asset is read from its row, not fetched back from TOAST and
/// decompressed on every load (migration 20261126000009): with its gzip
/// variant and four prepared header lists it stays whole and uncompressed
/// (stored size = bytes + varlena header; compressed or moved out it would
/// be smaller), while the big .wasm still goes out.
#[test]
fn a_page_sized_asset_stays_whole_in_its_row() {
    let (stack, anon) = published();
    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let name = "page-0123456789abcdef.html";
    let page = format!(
        "<!doctype html><title>t</title>{}",
        "<p>the same paragraph, compressible</p>\n".repeat(75)
    );
    assert!(
        page.len() > 2_100,
        "bigger than PostgreSQL's 2 KB toast threshold"
    );
    publish(
        &publisher,
        name,
        "text/html; charset=utf-8",
        page.as_bytes(),
        true,
    );
    let reply = anon
        .get_with(
            &format!("/rpc/serve_asset?p_asset_name={name}"),
            &[("Accept", "*/*")],
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.body, page.as_bytes());

    let inline = |asset: &str| {
        stack
            .query_value(&format!(
                "SELECT pg_column_size(content) > octet_length(content) \
                   AND pg_column_size(content_gzip) > octet_length(content_gzip) \
                 FROM app_frontend.frontend_assets WHERE asset_name = '{asset}'"
            ))
            .unwrap()
    };
    assert_eq!(inline(name), "t", "the page is stored whole in its row");
    assert_eq!(inline(WASM), "f", "a 70 KB asset still goes to TOAST");
}

#[test]
fn missing_or_mistyped_assets_are_json_404s() {
    let (_, anon) = published();
    for path in [
        "/rpc/serve_js?p_asset_name=nope.js".to_string(),
        format!("/rpc/serve_js?p_asset_name={CSS}"),
        format!("/rpc/serve_html?p_asset_name={JS}"),
        "/rpc/serve_wasm?p_asset_name=".to_string(),
    ] {
        let reply = anon.get_with(&path, &[("Accept", "*/*")]).unwrap();
        assert!(
            matches!(reply.status, 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert!(reply.is_json_error(), "{path}: {}", reply.text());
    }
}

fn assert_common_security_headers(reply: &Reply, what: &str) {
    assert_eq!(
        reply.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        reply.header("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
}

#[test]
fn the_page_allows_exactly_its_own_inline_scripts() {
    let (_, anon) = published();
    let page = anon
        .get_with("/rpc/serve_html", &[("Accept", HTML_ACCEPT)])
        .unwrap();
    assert_eq!(page.status, 200, "{}", page.text());
    let csp = page
        .header("content-security-policy")
        .expect("a Content-Security-Policy");
    assert_eq!(csp, expected_csp(&[csp_hash(INLINE_SCRIPT)]));
    assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"));
    // frame-ancestors does its job; X-Frame-Options is the proxy's.
    assert_eq!(page.header("x-frame-options"), None);
    assert_common_security_headers(&page, "index.html");

    // The inline script the page holds is the one its policy allows.
    let text = page.text();
    let start = text.find("<script type=\"module\">").unwrap() + "<script type=\"module\">".len();
    let end = text[start..].find("</script>").unwrap() + start;
    assert!(csp.contains(&csp_hash(&text[start..end])));

    // Revalidation and the compressed variant carry the same headers.
    let etag = page.header("etag").unwrap();
    for (headers, what) in [
        (
            vec![("Accept", HTML_ACCEPT), ("If-None-Match", etag.as_str())],
            "304",
        ),
        (
            vec![("Accept", HTML_ACCEPT), ("Accept-Encoding", "gzip")],
            "gzip",
        ),
    ] {
        let reply = anon.get_with("/rpc/serve_html", &headers).unwrap();
        assert_eq!(
            reply.header("content-security-policy").as_deref(),
            Some(csp.as_str()),
            "{what}"
        );
        assert_common_security_headers(&reply, what);
    }
}

#[test]
fn every_asset_is_served_with_nosniff_and_no_referrer() {
    let (_, anon) = published();
    for path in [
        format!("/rpc/serve_js?p_asset_name={JS}"),
        format!("/rpc/serve_wasm?p_asset_name={WASM}"),
        format!("/rpc/serve_css?p_asset_name={CSS}"),
        format!("/rpc/serve_asset?p_asset_name={CSS}"),
    ] {
        for encoding in ["identity", "gzip"] {
            let reply = anon
                .get_with(&path, &[("Accept", "*/*"), ("Accept-Encoding", encoding)])
                .unwrap();
            assert_eq!(reply.status, 200, "{path}: {}", reply.text());
            assert_common_security_headers(&reply, &path);
            assert_eq!(
                reply.header("content-security-policy"),
                None,
                "{path}: the policy is the page's"
            );
        }
    }
}

/// One response's bytes and the headers that describe them.
fn snapshot(reply: &Reply) -> Value {
    let header = |name: &str| json!(reply.header(name));
    json!({
        "status": reply.status,
        "body": b64(&reply.body),
        "content-type": header("content-type"),
        "content-encoding": header("content-encoding"),
        "content-length": header("content-length"),
        "etag": header("etag"),
        "cache-control": header("cache-control"),
        "content-security-policy": header("content-security-policy"),
        "x-frame-options": header("x-frame-options"),
        "x-content-type-options": header("x-content-type-options"),
        "referrer-policy": header("referrer-policy"),
    })
}

fn page_snapshots(anon: &Api) -> Vec<Value> {
    ["identity", "gzip"]
        .iter()
        .map(|encoding| {
            snapshot(
                &anon
                    .get_with(
                        "/rpc/serve_html",
                        &[("Accept", HTML_ACCEPT), ("Accept-Encoding", encoding)],
                    )
                    .unwrap(),
            )
        })
        .collect()
}

/// A stack of its own: rolling back changes what every other test here sees.
#[test]
fn rollback_restores_bytes_type_and_headers_exactly() {
    let stack = Stack::start().expect("a stack of its own");
    let anon = stack.api();
    let publisher = anon.with_token(&stack.publisher_token().unwrap());
    let first_script = "console.log('first');";
    let first = format!("<!doctype html><title>first</title><script>{first_script}</script>");
    publish_with_hashes(
        &publisher,
        "index.html",
        "text/html; charset=utf-8",
        first.as_bytes(),
        true,
        Some(&[csp_hash(first_script)]),
    );
    let before = page_snapshots(&anon);
    assert_eq!(before[0]["status"], json!(200), "{before:?}");
    assert_eq!(
        before[0]["content-security-policy"],
        json!(expected_csp(&[csp_hash(first_script)]))
    );
    assert_eq!(before[1]["content-encoding"], json!("gzip"));

    let scripts = ["window.second = 2;", "window.third = 3;"];
    let second = format!(
        "<!doctype html><title>second</title><script>{}</script><script>{}</script>",
        scripts[0], scripts[1]
    );
    let hashes: Vec<String> = scripts.iter().map(|s| csp_hash(s)).collect();
    publish_with_hashes(
        &publisher,
        "index.html",
        "text/html",
        second.as_bytes(),
        false,
        Some(&hashes),
    );
    let during = page_snapshots(&anon);
    assert_eq!(during[0]["body"], json!(b64(second.as_bytes())));
    assert_eq!(during[0]["content-type"], json!("text/html"));
    assert_eq!(
        during[0]["content-security-policy"],
        json!(expected_csp(&hashes))
    );
    assert_eq!(
        during[1]["content-encoding"],
        Value::Null,
        "no gzip variant"
    );

    let reply = publisher.rpc("rollback_frontend", &json!({})).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(page_snapshots(&anon), before, "exactly the first release");

    // Only one release is left behind the current one: nothing to go back to.
    let reply = publisher.rpc("rollback_frontend", &json!({})).unwrap();
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(page_snapshots(&anon), before);
}
