//! Publishing: every asset served byte-exact with a browser's headers, and
//! re-publishing uploads only what changed.

use crate::fixtures::{
    api_options, assert_site_is, build, decode, get, live_index, manifest_state, options, publish,
    release_count, short_hash, sri, stack, token, ACCEPT_ANY, ACCEPT_HTML, BROWSER_ENCODINGS,
};
use uploader::VerifyOptions;

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

/// The exact text of each `<script>` element without `src`, in page order.
fn inline_script_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(body[..close].to_string());
        }
        rest = &body[close..];
    }
    out
}

/// `serve_html`'s CSP allows exactly the published page's inline scripts
/// (the hashes the uploader sent as `p_inline_script_hashes`).
fn assert_csp_allows(stack: &tests::Stack, expected: &[String]) {
    let page = get(stack, "/rpc/serve_html", ACCEPT_HTML, "identity");
    let csp = page
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("serve_html sends no Content-Security-Policy"));
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("no script-src in {csp}"));
    for hash in expected {
        assert!(
            script_src.contains(&format!("'{hash}'")),
            "{hash} missing from {script_src}"
        );
    }
    assert!(!script_src.contains("'unsafe-inline'"), "{script_src}");
}

#[test]
fn publish_sends_the_inline_script_hashes_of_the_published_page() {
    let stack = stack();
    let b = build("csp");
    // Two inline scripts (one with attributes) and an external one.
    let index = String::from_utf8(b.bytes("index.html").to_vec())
        .expect("utf8")
        .replace(
            "</head>",
            "<script src=\"https://example.com/x.js\" defer></script>\n<script data-extra=\"1\">\n  window.extra = 'é';\n</script></head>",
        );
    std::fs::write(b.path().join("index.html"), &index).expect("write index");
    let summary = publish(&stack, b.path());
    let html = live_index(&stack);
    let texts = inline_script_texts(&html);
    assert_eq!(texts.len(), 2, "{html}");
    assert!(
        texts[1].contains("./serve_wasm?p_asset_name="),
        "hashed after rewriting"
    );
    let expected: Vec<String> = texts.iter().map(|t| sri(t.as_bytes())).collect();
    assert_eq!(summary.inline_script_hashes, expected);
    assert_csp_allows(&stack, &expected);
    // verify checks the CSP too.
    uploader::verify(&VerifyOptions::new(
        stack.api_url.clone(),
        Some(token(&stack)),
        Some(b.path().to_path_buf()),
    ))
    .expect("verify");
}
