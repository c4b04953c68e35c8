//! The real `dist/` that Trunk built, published and verified.

use crate::fixtures::{
    accept_for, decode, expected_type, get, live_index, page_references, publish, stack, token,
    BROWSER_ENCODINGS,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tests::{project_root, Stack};
use uploader::VerifyOptions;

#[test]
fn publishes_the_real_trunk_build() {
    let dist = std::env::var_os("UPLOADER_TEST_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no Trunk build: run `make frontend` (make test builds it first), or point UPLOADER_TEST_DIST at one",
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
