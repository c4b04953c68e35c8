//! No byte a client sends reaches a status line or a header (DESIGN.md fact
//! 10): control characters and header/response-splitting payloads in every
//! parameter of every `api` function (listed from the catalog), as GET query
//! parameters and POST JSON bodies, in every view filter, column name,
//! `select=` and `order=`, as every role. Each response is read raw.

use crate::raw::{attack, pct, RawResponse};
use crate::{heavy, new_admin, new_member, stack};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(8);
const THREADS: usize = 3;

/// Each payload with `{M}` where the request's unique marker goes. The
/// marker sits where an injected header name, value or body would start.
const PAYLOADS: &[(&str, &str)] = &[
    ("CR", "{M}\r{M}: cr"),
    ("LF", "{M}\n{M}: lf"),
    ("CRLF", "{M}\r\n{M}: crlf"),
    ("NUL", "{M}\u{0}{M}"),
    (
        "C0",
        "{M}\u{1}\u{2}\u{7}\u{8}\t\u{b}\u{c}\u{e}\u{1b}\u{1f}{M}: c0",
    ),
    ("DEL", "{M}\u{7f}{M}"),
    ("C1 + line separators", "{M}\u{85}\u{2028}\u{2029}{M}: c1"),
    ("CRLF Set-Cookie", "{M}\r\nSet-Cookie: {M}=1"),
    ("CRLF CRLF body", "{M}\r\n\r\n<script>{M}()</script>"),
    (
        "CRLF second response",
        "{M}\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n{M}: split\r\n\r\n",
    ),
    ("literal %0d%0a", "{M}%0d%0aSet-Cookie: {M}=1"),
    ("bidi + BOM", "{M}\u{202e}\u{200b}\u{feff}{M}"),
];

struct Function {
    name: String,
    /// (name, SQL type) of each input parameter, in order.
    params: Vec<(String, String)>,
}

fn functions() -> Vec<Function> {
    let out = stack()
        .psql(
            "SELECT p.proname, p.provolatile, coalesce((
               SELECT string_agg(a.name || ':' || format_type(a.typ, NULL), ',' ORDER BY a.ord)
               FROM unnest(p.proargnames,
                           coalesce(p.proallargtypes, p.proargtypes::oid[]),
                           coalesce(p.proargmodes, array_fill('i'::\"char\", ARRAY[p.pronargs::int])))
                    WITH ORDINALITY AS a(name, typ, mode, ord)
               WHERE a.mode IN ('i', 'b', 'v') AND a.name IS NOT NULL), '')
             FROM pg_proc p WHERE p.pronamespace = 'api'::regnamespace ORDER BY 1",
        )
        .expect("listing the api functions");
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, '|');
            let name = parts.next().unwrap().to_string();
            // provolatile: every function is probed by GET and POST alike.
            parts.next();
            let params = parts
                .next()
                .unwrap_or("")
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (n, t) = p.split_once(':').unwrap();
                    (n.to_string(), t.to_string())
                })
                .collect();
            Function { name, params }
        })
        .collect()
}

/// (view, its columns, a text column to filter on).
fn views() -> Vec<(String, Vec<String>, String)> {
    let out = stack()
        .psql(
            "SELECT c.relname,
                    (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                    coalesce((SELECT a.attname FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                       AND a.atttypid = 'text'::regtype ORDER BY a.attnum LIMIT 1), '')
             FROM pg_class c
             WHERE c.relnamespace = 'api'::regnamespace AND c.relkind IN ('v', 'r', 'm', 'f', 'p')
             ORDER BY 1",
        )
        .expect("listing the api views");
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.splitn(3, '|').collect();
            (
                parts[0].to_string(),
                parts[1].split(',').map(str::to_string).collect(),
                parts[2].to_string(),
            )
        })
        .collect()
}

/// A harmless value for a parameter that does not carry the payload: ids
/// that match nothing, a wrong password, a name of our own.
fn benign(name: &str, sql_type: &str) -> Value {
    if sql_type.ends_with("[]") {
        return json!([]);
    }
    match sql_type {
        "bigint" | "integer" | "smallint" | "numeric" => {
            if name.ends_with("_id") {
                json!(987_654_321)
            } else {
                json!(1)
            }
        }
        "boolean" => json!(true),
        "json" | "jsonb" => json!({}),
        _ if name.contains("password") => json!("Not-the-passw0rd-attack"),
        _ if name.contains("content_type") => json!("text/plain"),
        _ if name.contains("encoding") => json!("utf8"),
        _ if name.contains("asset_name") => json!("attack-fuzz.txt"),
        _ => json!("attack-fuzz"),
    }
}

fn query_value(value: &Value) -> String {
    match value {
        Value::String(s) => pct(s),
        Value::Array(_) => pct("{}"),
        other => pct(&other.to_string()),
    }
}

/// Control characters and invisible format characters (Unicode Cc, and
/// the Cf characters that hide or reorder text).
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// The contract for the API's own errors (`code` "PTnnn"): `message` and
/// `hint` are fixed texts (no request input), `details` holds input only
/// with every invisible character written as visible `\uXXXX` text.
fn error_body_problems(body: &[u8], marker: &str) -> Vec<String> {
    let Ok(Value::Object(error)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let is_api_error = error
        .get("code")
        .and_then(Value::as_str)
        .is_some_and(|c| c.starts_with("PT"));
    if !is_api_error {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for field in ["message", "hint"] {
        if let Some(text) = error.get(field).and_then(Value::as_str) {
            if text.contains(marker) {
                problems.push(format!("request input in the error's {field}: {text:?}"));
            }
        }
    }
    for field in ["message", "hint", "details"] {
        if let Some(text) = error.get(field).and_then(Value::as_str) {
            if text.chars().any(is_invisible) {
                problems.push(format!(
                    "raw invisible character in the error's {field}: {text:?}"
                ));
            }
        }
    }
    problems
}

const POST_ONLY: [&str; 3] = ["login", "register_user", "change_password"];

/// A GET of a POST-only function may be refused by PostgREST before the
/// function runs (a NUL in a parameter, no EXECUTE for the role, no token)
/// or by the function with 405; it never signs in, registers, changes a
/// password or says anything about an account.
fn post_only_problem(status: u16, body: &[u8]) -> Option<String> {
    let code = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|b| b["code"].as_str().map(str::to_string))
        .unwrap_or_default();
    let fine = match status {
        405 => true,
        400 | 403 => !code.starts_with("PT"),
        // Anonymous: no EXECUTE (42501), or the function's own "sign in".
        401 => !code.starts_with("PT") || String::from_utf8_lossy(body).contains("Sign in first"),
        _ => false,
    };
    (!fine).then(|| format!("GET of a POST-only function answered {status} {code}"))
}

struct Probe {
    what: String,
    method: &'static str,
    target: String,
    body: Option<Vec<u8>>,
    role: usize,
    marker: String,
    /// GET of `login`, `register_user` or `change_password`, which take
    /// POST only (passwords stay out of URLs).
    get_of_post_only: bool,
}

static MARKERS: AtomicUsize = AtomicUsize::new(0);

fn marker() -> String {
    format!("zqinj{:05}q", MARKERS.fetch_add(1, Ordering::Relaxed))
}

fn payload(template: &str, marker: &str) -> String {
    template.replace("{M}", marker)
}

const ROLES: [&str; 4] = ["anonymous", "member", "admin", "publisher"];

fn probes(functions: &[Function], views: &[(String, Vec<String>, String)]) -> Vec<Probe> {
    let mut probes = Vec::new();
    for role in 0..ROLES.len() {
        for (kind, template) in PAYLOADS {
            let mut add = |what: String,
                           method: &'static str,
                           target: String,
                           body: Option<Value>,
                           m: String,
                           post_only: bool| {
                probes.push(Probe {
                    get_of_post_only: post_only && method == "GET",
                    what: format!("{what} [{kind}]"),
                    method,
                    target,
                    body: body.map(|b| b.to_string().into_bytes()),
                    role,
                    marker: m,
                })
            };
            for f in functions {
                // A parameter that does not exist, for functions without
                // parameters (its name ends up in PostgREST's 404 message).
                let mut slots: Vec<Option<usize>> = (0..f.params.len()).map(Some).collect();
                if f.params.is_empty() {
                    slots.push(None);
                }
                for slot in slots {
                    let m = marker();
                    let p = payload(template, &m);
                    let mut args = Map::new();
                    let mut query = Vec::new();
                    for (i, (name, sql_type)) in f.params.iter().enumerate() {
                        let value = if Some(i) == slot {
                            json!(p)
                        } else {
                            benign(name, sql_type)
                        };
                        query.push(format!("{name}={}", query_value(&value)));
                        args.insert(name.clone(), value);
                    }
                    let param = match slot {
                        Some(i) => f.params[i].0.clone(),
                        None => {
                            let bogus = format!("p_{m}{p}");
                            query.push(format!("{}=1", pct(&bogus)));
                            args.insert(bogus, json!(1));
                            "<unknown parameter name>".to_string()
                        }
                    };
                    let what = format!("{}({param})", f.name);
                    // (With an unknown parameter there is no function to
                    // call.)
                    let post_only = POST_ONLY.contains(&f.name.as_str()) && slot.is_some();
                    add(
                        format!("GET {what}"),
                        "GET",
                        format!("/rpc/{}?{}", f.name, query.join("&")),
                        None,
                        m.clone(),
                        post_only,
                    );
                    add(
                        format!("POST {what}"),
                        "POST",
                        format!("/rpc/{}", f.name),
                        Some(Value::Object(args)),
                        m,
                        post_only,
                    );
                }
            }
            // The payload as a function name.
            let m = marker();
            let p = payload(template, &m);
            add(
                "GET /rpc/<payload>".into(),
                "GET",
                format!("/rpc/{}", pct(&p)),
                None,
                m.clone(),
                false,
            );
            add(
                "POST /rpc/<payload>".into(),
                "POST",
                format!("/rpc/{}", pct(&p)),
                Some(json!({})),
                m,
                false,
            );
            for (view, columns, text_column) in views {
                let column = if text_column.is_empty() {
                    &columns[0]
                } else {
                    text_column
                };
                let mut targets: Vec<(String, String)> = Vec::new();
                let mut next = |label: &str, make: &dyn Fn(&str) -> String| {
                    let m = marker();
                    let p = payload(template, &m);
                    targets.push((format!("GET /{view} {label}"), make(&p)));
                    m
                };
                let markers = [
                    next(&format!("{column}=eq."), &|p| {
                        format!("/{view}?{column}=eq.{}", pct(p))
                    }),
                    next(&format!("{column}=like."), &|p| {
                        format!("/{view}?{column}=like.*{}*", pct(p))
                    }),
                    next(&format!("{column}=match."), &|p| {
                        format!("/{view}?{column}=match.{}", pct(p))
                    }),
                    next("<payload>=eq.", &|p| format!("/{view}?{}=eq.1", pct(p))),
                    next(&format!("{column}=<payload>."), &|p| {
                        format!("/{view}?{column}={}.1", pct(p))
                    }),
                    next("select=", &|p| format!("/{view}?select={}", pct(p))),
                    next("order=", &|p| format!("/{view}?order={}", pct(p))),
                    next("order=<column>.<payload>", &|p| {
                        format!("/{view}?order={column}.{}", pct(p))
                    }),
                ];
                for ((what, target), m) in targets.into_iter().zip(markers) {
                    add(what, "GET", target, None, m, false);
                }
            }
        }
    }
    probes
}

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
