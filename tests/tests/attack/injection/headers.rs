//! Request headers and paths are never echoed into headers; input in an
//! error's details is escaped and truncated.

use super::*;

/// Request headers and paths: what PostgREST itself might copy into its
/// answer (preferences, profiles, ranges, media types, CORS), with the
/// bytes a header value can carry (no CR/LF: those end the header).
#[test]
fn request_headers_and_paths_are_not_echoed_into_headers() {
    let stack = stack();
    let member = new_member(stack, "hdrfuzz");
    let bearer = format!("Bearer {}", member.token);
    let port = stack.api_port;
    let values = [
        "{M}",
        "{M}\u{1}\u{7f}{M}",
        "x, {M}=1",
        "\"{M}\"",
        "{M}; q=0.5",
    ];
    let headers = [
        "Prefer",
        "Accept",
        "Accept-Profile",
        "Content-Profile",
        "Range",
        "Range-Unit",
        "If-None-Match",
        "If-Match",
        "Accept-Encoding",
        "Origin",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Method",
        "Content-Type",
        "X-Forwarded-For",
        "X-Forwarded-Host",
        "Host",
    ];
    let targets = [
        ("GET", "/users"),
        ("GET", "/rpc/serve_html"),
        ("GET", "/rpc/me"),
        ("POST", "/rpc/login"),
        ("OPTIONS", "/users"),
        ("OPTIONS", "/rpc/login"),
    ];
    let mut failures = Vec::new();
    let mut count = 0;
    for template in values {
        for header in headers {
            for (method, path) in targets {
                let m = marker();
                let value = payload(template, &m);
                let mut request_headers: Vec<(&str, &str)> = vec![("Authorization", &bearer)];
                let body = (method == "POST").then(|| {
                    br#"{"p_username":"nobody-hdr","p_password":"x-wrong-password"}"#.to_vec()
                });
                if body.is_some() && header != "Content-Type" {
                    request_headers.push(("Content-Type", "application/json"));
                }
                let raw_host;
                let request = if header == "Host" {
                    // Host is written by request_bytes: send it raw.
                    raw_host = format!(
                        "{method} {path} HTTP/1.1\r\nHost: {value}\r\nConnection: close\r\n\r\n"
                    );
                    Some(raw_host.as_bytes().to_vec())
                } else {
                    request_headers.push((header, &value));
                    None
                };
                count += 1;
                let result = match request {
                    Some(bytes) => crate::raw::exchange(port, &bytes, TIMEOUT).map(|raw| {
                        let mut r = crate::raw::parse(&raw, method);
                        for (n, v) in &r.headers {
                            if v.to_ascii_lowercase().contains(&m) || !crate::raw::header_allowed(n)
                            {
                                r.problems.push(format!("header {n:?}: {v:?}"));
                            }
                        }
                        r
                    }),
                    None => attack(
                        port,
                        method,
                        path,
                        &request_headers,
                        body.as_deref(),
                        &m,
                        TIMEOUT,
                    ),
                };
                match result {
                    Err(e) => {
                        failures.push(format!("{method} {path} with {header}: {value:?}: {e}"))
                    }
                    Ok(r) => {
                        for p in r.problems {
                            failures.push(format!(
                                "{method} {path} with {header}: {value:?}: HTTP {}: {p}",
                                r.status
                            ));
                        }
                    }
                }
            }
        }
    }
    // The payload as a path.
    for (_, template) in PAYLOADS {
        for prefix in ["/", "/rpc/", "/users/"] {
            let m = marker();
            let target = format!("{prefix}{}", pct(&payload(template, &m)));
            count += 1;
            match attack(
                port,
                "GET",
                &target,
                &[("Authorization", &bearer)],
                None,
                &m,
                TIMEOUT,
            ) {
                Err(e) => failures.push(format!("GET {target}: {e}")),
                Ok(r) => failures.extend(
                    r.problems
                        .into_iter()
                        .map(|p| format!("GET {target}: HTTP {}: {p}", r.status)),
                ),
            }
        }
    }
    eprintln!("header and path probes: {count}");
    assert!(
        failures.is_empty(),
        "{} of {count} responses were wrong:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Input in an error's `details` is escaped (`\uXXXX` text) and truncated
/// to 200 characters (docs/SECURITY-API.md, "Errors").
#[test]
fn error_details_are_escaped_and_truncated() {
    let stack = stack();
    let api = stack.api();
    let m = marker();
    let reply = api
        .get(&format!(
            "/rpc/serve_asset?p_asset_name={}",
            pct(&format!("{m}\r\n\u{202e}x"))
        ))
        .unwrap();
    assert_eq!(reply.status, 404, "{}", reply.text());
    let details = reply.json()["details"].as_str().unwrap_or("").to_string();
    assert!(
        details.contains(&m) && details.contains("\\u000d\\u000a\\u202e"),
        "the input, escaped, in details: {:?}",
        reply.text()
    );
    assert!(!details.chars().any(is_invisible), "{details:?}");

    let long = format!("{m}{}", "A".repeat(1000));
    let reply = api
        .get(&format!("/rpc/serve_asset?p_asset_name={}", pct(&long)))
        .unwrap();
    assert_eq!(reply.status, 404, "{}", reply.text());
    let body = reply.json();
    let details = body["details"].as_str().unwrap_or("");
    assert!(details.starts_with(&m), "{details:?}");
    assert!(
        details.chars().count() <= 203,
        "details holds {} characters of input (the contract says at most 200): {}",
        details.chars().count(),
        reply.text()
    );
}
