//! No byte a client sends reaches a status line or a header (DESIGN.md fact
//! 10): control characters and header/response-splitting payloads in every
//! parameter of every `api` function (listed from the catalog), as GET query
//! parameters and POST JSON bodies, in every view filter, column name,
//! `select=` and `order=`, as every role. Each response is read raw.
//!
//! `probes` builds the requests, `checks` judges an answer's body,
//! `headers` attacks request headers and paths, and error details.

mod checks;
mod headers;
mod probes;

use crate::raw::{attack, pct, RawResponse};
use crate::{heavy, new_admin, new_member, stack};
use checks::*;
use probes::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(8);
const THREADS: usize = 3;

#[test]
fn no_request_byte_reaches_a_status_line_or_a_header() {
    let _heavy = heavy();
    let stack = stack();
    let member = new_member(stack, "fuzzm");
    let admin = new_admin(stack, "fuzza");
    let publisher = stack.publisher_token().unwrap();
    let tokens: [Option<String>; 4] =
        [None, Some(member.token), Some(admin.token), Some(publisher)];

    let functions = functions();
    let views = views();
    assert!(
        functions.len() >= 15 && views.len() >= 3,
        "the catalog lists the API: {} functions, {} views",
        functions.len(),
        views.len()
    );
    let probes = probes(&functions, &views);
    assert!(
        // Grows with the API (every parameter × payload × role × method);
        // the bound keeps `make test` inside its budget.
        (1000..=30_000).contains(&probes.len()),
        "a bounded suite: {} requests",
        probes.len()
    );

    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let statuses: Mutex<BTreeMap<(usize, u16), usize>> = Mutex::new(BTreeMap::new());
    let reflected_in_body = AtomicUsize::new(0);
    let port = stack.api_port;
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(probe) = probes.get(i) else { break };
                let bearer = tokens[probe.role].as_ref().map(|t| format!("Bearer {t}"));
                let mut headers: Vec<(&str, &str)> = vec![("Accept", "*/*")];
                if let Some(b) = &bearer {
                    headers.push(("Authorization", b));
                }
                if probe.body.is_some() {
                    headers.push(("Content-Type", "application/json"));
                }
                let result = attack(
                    port,
                    probe.method,
                    &probe.target,
                    &headers,
                    probe.body.as_deref(),
                    &probe.marker,
                    TIMEOUT,
                );
                let describe = |problem: &str| {
                    format!(
                        "{} as {}: {problem}\n    request: {} {}{}",
                        probe.what,
                        ROLES[probe.role],
                        probe.method,
                        probe.target,
                        probe
                            .body
                            .as_ref()
                            .map(|b| format!(" {}", String::from_utf8_lossy(b)))
                            .unwrap_or_default()
                    )
                };
                match result {
                    Err(e) => failures.lock().unwrap().push(describe(&e)),
                    Ok(RawResponse {
                        status,
                        problems,
                        body,
                        ..
                    }) => {
                        if String::from_utf8_lossy(&body).contains(&probe.marker) {
                            reflected_in_body.fetch_add(1, Ordering::Relaxed);
                        }
                        if probe.get_of_post_only {
                            if let Some(p) = post_only_problem(status, &body) {
                                failures
                                    .lock()
                                    .unwrap()
                                    .push(describe(&format!("HTTP {status}: {p}")));
                            }
                        }
                        for p in error_body_problems(&body, &probe.marker) {
                            failures
                                .lock()
                                .unwrap()
                                .push(describe(&format!("HTTP {status}: {p}")));
                        }
                        *statuses
                            .lock()
                            .unwrap()
                            .entry((probe.role, status))
                            .or_default() += 1;
                        for p in problems {
                            failures
                                .lock()
                                .unwrap()
                                .push(describe(&format!("HTTP {status}: {p}")));
                        }
                    }
                }
            });
        }
    });
    let statuses = statuses.into_inner().unwrap();
    let mut summary = String::new();
    for ((role, status), n) in &statuses {
        summary.push_str(&format!("{}:{status}×{n} ", ROLES[*role]));
    }
    let reflected = reflected_in_body.into_inner();
    eprintln!(
        "injection: {} requests ({} functions, {} views, {} payloads, 4 roles), \
         marker echoed in {reflected} bodies: {summary}",
        probes.len(),
        functions.len(),
        views.len(),
        PAYLOADS.len()
    );
    let failures = failures.into_inner().unwrap();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for f in &failures {
        let head = f.lines().next().unwrap_or("");
        // "<what> [<payload kind>] as <role>: <problem>": one line per what,
        // role and kind of problem.
        let (what, rest) = head.split_once(" [").unwrap_or((head, ""));
        let rest = rest.split_once("] ").map(|r| r.1).unwrap_or(rest);
        let problem: String = rest.chars().take_while(|c| *c != '"').collect();
        *kinds.entry(format!("{what} {problem}")).or_default() += 1;
    }
    for (kind, n) in &kinds {
        eprintln!("{n:5} × {kind}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} responses were wrong; the first ones:\n{}",
        failures.len(),
        probes.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The payloads really reached the functions and PostgREST's messages
    // (echoed, escaped, in JSON bodies), so the headers had every chance.
    assert!(
        reflected > 100,
        "the marker came back in only {reflected} bodies: {summary}"
    );
}

/// The checker itself: each way a split response can look is caught.
#[test]
fn the_raw_checker_catches_split_and_injected_responses() {
    use crate::raw::parse;
    let ok =
        b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    assert!(parse(ok, "GET").problems.is_empty());
    let cases: [&[u8]; 6] = [
        b"HTTP/1.1 404 x\r\nSet-Cookie: a=1\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200 OK\r\n\r\n",
        b"HTTP/1.1 404 Not Found\r\nbad line\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 404 Not Found\r\nX: a\nB: c\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\nextra",
        b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
    ];
    for raw in cases {
        assert!(
            !parse(raw, "GET").problems.is_empty(),
            "{:?}",
            String::from_utf8_lossy(raw)
        );
    }
    assert!(!crate::raw::header_allowed("Set-Cookie"));
    assert!(crate::raw::header_allowed("Access-Control-Allow-Origin"));
}
