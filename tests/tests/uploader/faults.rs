//! A publish that stops part-way (an injected fault, a killed process) or
//! is refused for size leaves the previous site whole.

use crate::fixtures::{
    assert_site_is, build, live_index, manifest_state, options, publish, stack, token,
    uploader_error,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use uploader::{Error, PublishOptions};

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

/// The child half of `killed_publish_leaves_the_previous_site_whole`: the
/// test binary re-runs that one test with `UPLOADER_CHILD_DIST` set, and it
/// publishes and ends the process (no unwinding, no error path) right after
/// the second confirmed upload, like `kill -9` mid-publish.
fn publish_then_die(api_url: String, token: String, dist: String) -> ! {
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
    if let (Ok(api_url), Ok(token), Ok(dist)) = (
        std::env::var("UPLOADER_CHILD_API_URL"),
        std::env::var("UPLOADER_CHILD_TOKEN"),
        std::env::var("UPLOADER_CHILD_DIST"),
    ) {
        publish_then_die(api_url, token, dist);
    }
    let stack = stack();
    let old = build("before-kill");
    publish(&stack, old.path());
    let before = live_index(&stack);
    let new = build("after-kill");
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            // libtest's name for this very test: the module path inside the target.
            "faults::killed_publish_leaves_the_previous_site_whole",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("UPLOADER_CHILD_API_URL", &stack.api_url)
        .env("UPLOADER_CHILD_TOKEN", token(&stack))
        .env("UPLOADER_CHILD_DIST", new.path())
        .output()
        .expect("running the child");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(137),
        "the child died mid-publish: {stderr}"
    );
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
