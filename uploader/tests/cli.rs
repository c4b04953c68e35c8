//! The binary's contract without a server: exit codes, one-line errors that
//! say what to do, and a credential that never shows up in output.

use std::path::PathBuf;
use std::process::{Command, Output};

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
    assert_fails_with(&out, "run `trunk build --release` first");
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
