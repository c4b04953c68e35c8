//! The app page's own defences: CSP, Referrer-Policy and nosniff on every
//! version of index.html, a rollback that restores bytes and headers
//! exactly, and stored XSS rendered by the real app in headless Chromium.

use crate::{assign, new_member, new_task, rpc, unique};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha384};
use std::io::Write;
use std::sync::OnceLock;
use tests::{Reply, Stack};

/// A stack of this binary's own for tests that change index.html or fill
/// tables (the shared one carries the real app for the browser test).
pub fn private_stack() -> &'static Stack {
    static PRIVATE: OnceLock<Stack> = OnceLock::new();
    PRIVATE.get_or_init(|| Stack::start().expect("starting a second test stack"))
}

fn csp_hash(script: &str) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(script.as_bytes()))
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// The CSP defences every version of the page must carry.
pub fn assert_page_defences(reply: &Reply, hashes: &[String]) {
    let csp = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no Content-Security-Policy: {:?}", reply.headers));
    let directives: Vec<Vec<&str>> = csp
        .split(';')
        .map(|d| d.split_whitespace().collect())
        .filter(|d: &Vec<&str>| !d.is_empty())
        .collect();
    let directive = |name: &str| {
        directives
            .iter()
            .find(|d| d[0].eq_ignore_ascii_case(name))
            .map(|d| d[1..].to_vec())
            .unwrap_or_else(|| panic!("CSP has no {name}: {csp}"))
    };
    assert_eq!(directive("frame-ancestors"), ["'none'"], "{csp}");
    assert_eq!(directive("object-src"), ["'none'"], "{csp}");
    assert_eq!(directive("base-uri"), ["'none'"], "{csp}");
    let script_src = directive("script-src");
    assert!(
        !script_src.contains(&"'unsafe-inline'") && !script_src.contains(&"'unsafe-eval'"),
        "{csp}"
    );
    assert!(
        !script_src.contains(&"*") && !script_src.contains(&"data:"),
        "{csp}"
    );
    for hash in hashes {
        assert!(
            script_src.contains(&format!("'{hash}'").as_str()),
            "script-src lacks the inline script's hash {hash}: {csp}"
        );
    }
    assert_eq!(
        reply.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(
        reply.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
}

/// The CSP hash of every inline `<script>` (no `src`) in a page.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>').map(|e| start + e + 1) else {
            break;
        };
        let tag = &rest[start..tag_end];
        let Some(end) = rest[tag_end..].find("</script>").map(|e| tag_end + e) else {
            break;
        };
        if !tag.contains(" src=") {
            hashes.push(csp_hash(&rest[tag_end..end]));
        }
        rest = &rest[end..];
    }
    hashes
}

struct Version {
    content_type: &'static str,
    html: String,
    hash: String,
    gzip: Option<Vec<u8>>,
}

fn version(content_type: &'static str, text: &str, with_gzip: bool) -> Version {
    let script = format!("document.title = {text:?};");
    let html = format!(
        "<!doctype html><html><head><script>{script}</script></head><body>{text}</body></html>"
    );
    Version {
        content_type,
        gzip: with_gzip.then(|| gzip(html.as_bytes())),
        hash: csp_hash(&script),
        html,
    }
}

fn publish(stack: &Stack, version: &Version) {
    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let mut args = json!({
        "p_asset_name": "index.html",
        "p_content_type": version.content_type,
        "p_content": version.html,
        "p_inline_script_hashes": [version.hash],
    });
    if let Some(gz) = &version.gzip {
        args["p_content_gzip"] =
            Value::String(base64::engine::general_purpose::STANDARD.encode(gz));
    }
    let reply = rpc(&publisher, "update_frontend_asset", args);
    assert_eq!(reply.status, 200, "publish: {}", reply.text());
}

/// Status, headers (but Date) and body of serve_html for one encoding.
fn page(stack: &Stack, accept_encoding: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let reply = stack
        .api()
        .get_with(
            "/rpc/serve_html",
            &[
                ("Accept", "text/html"),
                ("Accept-Encoding", accept_encoding),
            ],
        )
        .unwrap();
    let mut headers: Vec<(String, String)> = reply
        .headers
        .iter()
        .filter(|(n, _)| n.as_str() != "date")
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("?").to_string()))
        .collect();
    headers.sort();
    (reply.status, headers, reply.body)
}

#[test]
fn every_page_version_has_its_defences_and_rollback_restores_it_exactly() {
    let stack = private_stack();
    let first = version("text/html; charset=utf-8", "first release", true);
    let second = version("text/html", "second release, other bytes", false);

    publish(stack, &first);
    let reply = stack
        .api()
        .get_with("/rpc/serve_html", &[("Accept", "text/html")])
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_page_defences(&reply, std::slice::from_ref(&first.hash));
    let first_plain = page(stack, "identity");
    let first_gzip = page(stack, "gzip");
    assert_eq!(first_plain.2, first.html.as_bytes());
    assert_eq!(Some(&first_gzip.2), first.gzip.as_ref(), "the gzip variant");

    publish(stack, &second);
    let reply = stack
        .api()
        .get_with("/rpc/serve_html", &[("Accept", "text/html")])
        .unwrap();
    assert_page_defences(&reply, std::slice::from_ref(&second.hash));
    let second_plain = page(stack, "identity");
    assert_eq!(second_plain.2, second.html.as_bytes());
    assert_ne!(
        second_plain.1, first_plain.1,
        "the versions' headers differ"
    );
    assert_eq!(
        page(stack, "gzip").2,
        second.html.as_bytes(),
        "no stale gzip variant of the first release"
    );
    let csp = reply.header("content-security-policy").unwrap();
    assert!(!csp.contains(&first.hash), "old hash still allowed: {csp}");

    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let rolled = rpc(&publisher, "rollback_frontend", json!({}));
    assert_eq!(rolled.status, 200, "rollback: {}", rolled.text());
    assert_eq!(
        page(stack, "identity"),
        first_plain,
        "after rollback, plain"
    );
    assert_eq!(page(stack, "gzip"), first_gzip, "after rollback, gzip");
}

/// Stored XSS: task names and descriptions full of markup, shown by the
/// real app (published from dist/) in headless Chromium, run nothing.
#[test]
fn stored_markup_in_tasks_does_not_execute_in_the_app() {
    use tests::browser::{run_scenario, texts, wait_css};
    use tests::browser_fixtures::{app, sign_in};
    let stack = app();
    let page = stack
        .api()
        .get_with("/rpc/serve_html", &[("Accept", "text/html")])
        .unwrap();
    assert_eq!(page.status, 200);
    let inline = inline_script_hashes(&page.text());
    assert!(!inline.is_empty(), "the app has its inline loader script");
    assert_page_defences(&page, &inline);

    let member = new_member(stack, "xss");
    let suffix = unique("");
    let names = [
        format!("<img src=x onerror=\"window.__xss=1\">{suffix}"),
        format!("<script>window.__xss=1</script>{suffix}"),
        format!("<svg onload=window.__xss=1>{suffix}"),
    ];
    for name in &names {
        let task = new_task(
            stack,
            name,
            "<img src=x onerror=window.__xss=1><script>window.__xss=1</script>\n\"'><iframe src=javascript:window.__xss=1>",
        );
        assign(stack, task, member.user_id);
    }
    let username = member.username.clone();
    run_scenario("stored_xss", &[], |client| async move {
        sign_in(&client, stack, &username, crate::MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks .assignment").await?;
        // All three cards rendered, their names as text.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        let shown = loop {
            let shown = texts(&client, "#my-tasks .task-name").await?;
            if names.iter().all(|n| shown.contains(n)) || std::time::Instant::now() > deadline {
                break shown;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        anyhow::ensure!(
            names.iter().all(|n| shown.contains(n)),
            "the names are shown as text: {shown:?}"
        );
        let injected = client
            .execute(
                "return [typeof window.__xss, document.querySelectorAll('img[src=x], svg[onload], iframe, #my-tasks script').length];",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            injected == json!(["undefined", 0]),
            "markup from the database ran or became elements: {injected}"
        );
        Ok(())
    });
}
