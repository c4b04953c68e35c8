//! `verify` catches tampering in the database, and publishing repairs it.

use crate::fixtures::{build, options, publish, stack, token, uploader_error};
use uploader::{Error, VerifyOptions};

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
