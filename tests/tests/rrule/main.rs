//! The schedule rule engine (db/api/12_schedule_rules.sql,
//! 13_schedule_instances.sql; docs/DESIGN.md "Schedule rules").
//!
//! - `differential`: thousands of seeded random rules across zones with DST,
//!   starts on DST changes included, against the `rrule` crate: zero
//!   mismatches.
//! - `semantics`: hand-checked instants where the RFC's DST rules or the
//!   database's documented choices matter.
//! - `preview`, `refusals`: `GET /rpc/preview_schedule` over HTTP: answers,
//!   bounds, the household's zone; each bad part, start and zone refused.
//! - `engine`: time zone validation; how fast the next instance is found.

mod differential;
mod engine;
mod generate;
mod preview;
mod reference;
mod refusals;
mod semantics;

use serde_json::Value;
use std::sync::OnceLock;
use tests::{Api, Reply, Stack};

pub fn stack() -> &'static Stack {
    Stack::shared()
}

/// A signed-in member (user1).
pub fn member() -> &'static Api {
    static MEMBER: OnceLock<Api> = OnceLock::new();
    MEMBER.get_or_init(|| stack().api().login("user1", "password123").unwrap())
}

/// Percent-encodes a query value.
pub fn pct(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `GET /rpc/preview_schedule` with the given arguments.
pub fn preview(api: &Api, args: &[(&str, &str)]) -> Reply {
    let query: Vec<String> = args
        .iter()
        .map(|(k, v)| format!("{k}={}", pct(v)))
        .collect();
    api.get(&format!("/rpc/preview_schedule?{}", query.join("&")))
        .unwrap()
}

/// The instants of a 200 answer, as strings.
pub fn instants(reply: &Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{}", reply.text());
    match reply.json() {
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().expect("an ISO 8601 string").to_string())
            .collect(),
        other => panic!("not an array: {other}"),
    }
}

/// The first `count` instants of a rule from a start, in a zone.
pub fn first(rule: &str, start: &str, zone: &str, count: usize) -> Vec<String> {
    instants(&preview(
        member(),
        &[
            ("p_rule", rule),
            ("p_start", start),
            ("p_time_zone", zone),
            ("p_count", &count.to_string()),
        ],
    ))
}
