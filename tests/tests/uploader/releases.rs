//! Releases: rollback to the previous site, and pruning what neither the
//! current nor the previous page references.

use crate::fixtures::{
    accept_for, api_options, assert_index_is, assert_site_is, build, expected_type, get,
    live_index, publish, sha256_hex, stack, token, uploader_error,
};
use uploader::{Error, VerifyOptions};

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
