//! The app as a browser gets it from PostgREST: raw bodies with the right
//! media types, byte-exact binaries, revalidation and pre-compressed variants.
use base64::Engine;
use serde_json::json;
use std::io::Read;
use tests::{Api, Stack};

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
    let mut args = json!({"p_asset_name": name, "p_content_type": content_type,
                          "p_content": b64(bytes), "p_encoding": "base64"});
    if gzip_variant {
        args["p_content_gzip"] = json!(b64(&gzip(bytes)));
    }
    let reply = publisher.rpc("update_frontend_asset", &args).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
}

fn published() -> (&'static Stack, Api) {
    let stack = Stack::shared();
    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let html = format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"serve_css?p_asset_name={CSS}\"></head>\
         <body><script type=\"module\">import init from './serve_js?p_asset_name={JS}';</script></body></html>"
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
    publish(
        &publisher,
        "index.html",
        "text/html; charset=utf-8",
        html.as_bytes(),
        true,
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
