//! The binary's contract without a server: exit codes, one-line errors that
//! say what to do, and a credential that never shows up in output.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SECRET: &str = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";

fn uploader(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uploader"))
        .args(args)
        .env_remove("UPLOADER_API_URL")
        .env_remove("UPLOADER_TOKEN_FILE")
        .env("UPLOADER_TOKEN", SECRET)
        .output()
        .expect("running the uploader binary")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("uploader-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Fails with exit code 1 and exactly one stderr line containing `hint`.
fn assert_fails_with(out: &Output, hint: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("uploader: error: "), "{stderr}");
    assert!(stderr.contains(hint), "{stderr:?} should contain {hint:?}");
    assert!(
        !stderr.contains(SECRET) && !stdout.contains(SECRET),
        "the token leaked"
    );
}

fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("addr").port()
    )
}

#[test]
fn missing_dist_directory() {
    let dir = scratch("missing");
    let missing = dir.join("dist");
    let out = uploader(&["publish", missing.to_str().expect("utf8 path")]);
    assert_fails_with(&out, "build the app first (`make frontend`)");
}

#[test]
fn dist_without_index_html() {
    let dir = scratch("noindex");
    std::fs::write(dir.join("app-0123456789abcdef.js"), "x").expect("write");
    let out = uploader(&["publish", dir.to_str().expect("utf8 path")]);
    assert_fails_with(&out, "has no index.html");
}

#[test]
fn unreachable_server() {
    let dir = scratch("unreachable");
    std::fs::write(dir.join("index.html"), "<!doctype html><p>hi</p>").expect("write");
    let url = closed_port_url();
    let out = uploader(&[
        "--retries",
        "0",
        "--api-url",
        &url,
        "publish",
        dir.to_str().expect("utf8"),
    ]);
    assert_fails_with(&out, "is PostgREST running");
    let out = uploader(&["--retries", "0", "--api-url", &url, "list"]);
    assert_fails_with(&out, "cannot reach the API");
}

#[test]
fn missing_credential() {
    let dir = scratch("notoken");
    std::fs::write(dir.join("index.html"), "<!doctype html><p>hi</p>").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_uploader"))
        .args([
            "--api-url",
            &closed_port_url(),
            "publish",
            dir.to_str().expect("utf8"),
        ])
        .env_remove("UPLOADER_TOKEN")
        .env_remove("UPLOADER_TOKEN_FILE")
        .output()
        .expect("run");
    assert_fails_with(&out, "UPLOADER_TOKEN");
    let out = uploader(&["--token-file", "/nonexistent/token", "list"]);
    assert_fails_with(&out, "--token-file");
}

#[test]
fn bad_api_url() {
    let out = uploader(&["--api-url", "ftp://example", "list"]);
    assert_fails_with(&out, "http://");
}

#[test]
fn help_never_shows_the_token() {
    for args in [&["--help"][..], &["publish", "--help"][..]] {
        let out = uploader(args);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("UPLOADER_TOKEN") || args.len() == 1, "{text}");
        assert!(!text.contains(SECRET), "{text}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = uploader(&["publish", "--brotli-quality", "12"]);
    assert_eq!(out.status.code(), Some(2));
    let out = uploader(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `uploader list | head -n1`: the reader goes away after one line, and the
/// uploader ends quietly with status 0 (no panic, nothing on stderr).
#[test]
fn closed_pipe_ends_quietly() {
    // Far more than a pipe holds (64 KiB), so the uploader is still writing
    // when head exits.
    let rows: Vec<String> = (0..5000)
        .map(|i| {
            format!(
                r#"{{"asset_name":"app-{i:016x}.js","content_type":"text/javascript","size":{i},"sha256":"{}","gzip_size":null,"br_size":null,"updated_at":"2024-01-01T00:00:00+00:00"}}"#,
                "ab".repeat(32)
            )
        })
        .collect();
    let (url, _) = support::scripted(vec![Some((200, format!("[{}]", rows.join(","))))]);
    for (args, first_line) in [(&["list"][..], "name "), (&["list", "--json"][..], "[")] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_uploader"))
            .args(["--api-url", &url])
            .args(args)
            .env("UPLOADER_TOKEN", SECRET)
            .env_remove("UPLOADER_TOKEN_FILE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("running the uploader binary");
        let head = Command::new("head")
            .arg("-n1")
            .stdin(child.stdout.take().expect("stdout pipe"))
            .output()
            .expect("running head");
        let out = child.wait_with_output().expect("waiting for the uploader");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        let shown = String::from_utf8_lossy(&head.stdout);
        assert!(shown.starts_with(first_line), "{args:?}: {shown}");
    }
}

/// Fault injection is for test builds only: no flag, and without the
/// `fault-injection` feature not even its message in the binary.
#[test]
fn no_fault_injection_in_the_binary() {
    let out = uploader(&["publish", "--fail-after-uploads", "1"]);
    assert_eq!(out.status.code(), Some(2));
    let help = uploader(&["publish", "--help"]);
    assert!(!String::from_utf8_lossy(&help.stdout).contains("fail-after"));
    if !cfg!(feature = "fault-injection") {
        let binary = std::fs::read(env!("CARGO_BIN_EXE_uploader")).expect("read the binary");
        assert!(
            !String::from_utf8_lossy(&binary).contains("by the injected fault"),
            "a binary without the feature carries fault injection"
        );
    }
}
