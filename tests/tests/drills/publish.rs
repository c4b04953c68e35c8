//! A publish killed (`kill -9` of the real uploader process) at every asset
//! boundary and at the final index.html switch: the site served is always
//! one whole release.

use crate::common::stack;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use tests::{project_root, Stack};

use crate::site::{assert_site_is, build, live_index, Build};

/// `UPLOADER_BIN`, or the release build (`make test` builds it first), or
/// the debug one.
pub(crate) fn uploader_bin() -> String {
    let mut candidates: Vec<std::path::PathBuf> = Vec::new();
    if let Ok(bin) = std::env::var("UPLOADER_BIN") {
        candidates.push(bin.into());
    }
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        candidates.push(Path::new(&dir).join("release/uploader"));
    }
    candidates.push(project_root().join("target/release/uploader"));
    candidates.push(project_root().join("target/debug/uploader"));
    candidates
        .iter()
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| panic!("no uploader binary in {candidates:?}"))
}

/// Runs `uploader publish --force --jobs 1` and kills it (SIGKILL) as soon
/// as it reported `kill_after` uploads (`None`: let it finish). Returns the
/// uploads it reported and whether it was killed.
pub(crate) fn publish_killed_after(
    stack: &Stack,
    dist: &Path,
    kill_after: Option<usize>,
) -> (Vec<String>, bool) {
    publish_killed_later(stack, dist, kill_after, Duration::ZERO)
}

/// [`publish_killed_after`], killing `delay` after the `kill_after`-th upload.
fn publish_killed_later(
    stack: &Stack,
    dist: &Path,
    kill_after: Option<usize>,
    delay: Duration,
) -> (Vec<String>, bool) {
    let mut child = Command::new(uploader_bin())
        .args([
            "publish",
            "--force",
            "--jobs",
            "1",
            "--no-progress-bar",
            "--retries",
            "0",
        ])
        .arg(dist)
        .args(["--api-url", &stack.api_url])
        .env("UPLOADER_TOKEN", stack.publisher_token().expect("token"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the uploader");
    let mut uploaded = Vec::new();
    let mut killed = false;
    if kill_after == Some(0) {
        child.kill().expect("kill");
        killed = true;
    }
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    for line in stderr.lines() {
        let line = line.expect("uploader output");
        if let Some(rest) = line.strip_prefix("uploaded ") {
            uploaded.push(rest.split(' ').next().unwrap_or_default().to_string());
            if !killed && Some(uploaded.len()) == kill_after {
                std::thread::sleep(delay);
                child.kill().expect("kill -9 the uploader");
                killed = true;
            }
        }
    }
    let status = child.wait().expect("uploader exit");
    if killed {
        // A request the uploader had sent still completes on the server
        // (or not) after the kill: let it settle before looking.
        std::thread::sleep(Duration::from_millis(300));
    }
    if !killed {
        assert!(status.success(), "the uploader failed: {status}");
    }
    (uploaded, killed)
}

/// The live page is one of the builds, and everything it references loads
/// byte-exact.
pub(crate) fn whole<'a>(stack: &Stack, builds: [&'a Build; 2]) -> &'a Build {
    let html = live_index(stack);
    let live = builds
        .into_iter()
        .find(|b| html.contains(&b.js))
        .unwrap_or_else(|| panic!("the live page is neither release: {html}"));
    assert_site_is(stack, &live.files);
    live
}

#[test]
fn publish_killed_at_every_step_leaves_one_whole_release() {
    let (_one, stack) = stack();
    let old = build("drill-old");
    let new = build("drill-new");
    let (_, killed) = publish_killed_after(stack, old.path(), None);
    assert!(!killed);
    whole(stack, [&old, &new]);
    let assets = new.assets().len();
    // Killed before anything, after each asset, and right after the last
    // asset (the index.html switch in flight).
    for n in 0..=assets {
        let (uploaded, killed) = publish_killed_after(stack, new.path(), Some(n));
        assert!(
            killed,
            "the uploader finished before upload {n}: {uploaded:?}"
        );
        let live = whole(stack, [&old, &new]);
        println!(
            "publish killed after {n} uploads (reported {uploaded:?}): serving {}",
            if std::ptr::eq(live, &old) {
                "old"
            } else {
                "new"
            }
        );
        if !uploaded.iter().any(|u| u == "index.html") && n < assets {
            assert!(std::ptr::eq(live, &old), "switched without index.html");
        }
        if std::ptr::eq(live, &new) {
            // The switch went through before the kill: start from old again.
            publish_killed_after(stack, old.path(), None);
            whole(stack, [&old, &new]);
        }
    }
    // The interrupted switch, many times: kill 0, 3, 6, ... ms after the
    // last asset, while index.html (the switch) is on its way.
    let mut switched = 0;
    for round in 0..6u64 {
        let (uploaded, _) = publish_killed_later(
            stack,
            new.path(),
            Some(assets),
            Duration::from_millis(3 * round),
        );
        let live = whole(stack, [&old, &new]);
        if std::ptr::eq(live, &new) {
            switched += 1;
            publish_killed_after(stack, old.path(), None);
            whole(stack, [&old, &new]);
        }
        let _ = (round, uploaded);
    }
    println!("final-switch kills: {switched} of 6 had switched, the rest served old; all whole");
    // And a publish that runs to the end serves the new release.
    publish_killed_after(stack, new.path(), None);
    assert!(std::ptr::eq(whole(stack, [&old, &new]), &new));
}
