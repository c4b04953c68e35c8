//! The probes: every payload in every parameter of every `api` function
//! and in every view's filters, columns, `select=` and `order=`, as every
//! role.

use super::*;

/// Each payload with `{M}` where the request's unique marker goes. The
/// marker sits where an injected header name, value or body would start.
pub const PAYLOADS: &[(&str, &str)] = &[
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

pub struct Function {
    pub name: String,
    /// (name, SQL type) of each input parameter, in order.
    pub params: Vec<(String, String)>,
}

pub fn functions() -> Vec<Function> {
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
pub fn views() -> Vec<(String, Vec<String>, String)> {
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
pub fn benign(name: &str, sql_type: &str) -> Value {
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

pub fn query_value(value: &Value) -> String {
    match value {
        Value::String(s) => pct(s),
        Value::Array(_) => pct("{}"),
        other => pct(&other.to_string()),
    }
}

pub struct Probe {
    pub what: String,
    pub method: &'static str,
    pub target: String,
    pub body: Option<Vec<u8>>,
    pub role: usize,
    pub marker: String,
    /// GET of `login`, `register_user` or `change_password`, which take
    /// POST only (passwords stay out of URLs).
    pub get_of_post_only: bool,
}

static MARKERS: AtomicUsize = AtomicUsize::new(0);

pub fn marker() -> String {
    format!("zqinj{:05}q", MARKERS.fetch_add(1, Ordering::Relaxed))
}

pub fn payload(template: &str, marker: &str) -> String {
    template.replace("{M}", marker)
}

pub const ROLES: [&str; 4] = ["anonymous", "member", "admin", "publisher"];

pub fn probes(functions: &[Function], views: &[(String, Vec<String>, String)]) -> Vec<Probe> {
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
