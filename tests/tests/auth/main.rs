//! Sign-in and tokens: login → JWT → authorised request, and every way a
//! token can be wrong; sessions that end (sign-out, password change, reset,
//! removal), sign-in throttling, invites and the registration window, the
//! per-member concurrency cap, and how a new household gets its first admin.
//!
//! - `tokens`: what login returns, GET refused, wrong, expired, forged tokens.
//! - `accounts`: registering, common passwords, a new household's first admin.
//! - `invites`: invite codes and the open-registration window.
//! - `throttling`: failed sign-ins lock a username for a while.
//! - `sessions`: sign-out, password change, reset and removal end sessions.
//! - `slots`: the per-member cap of running requests, one export at a time.

mod accounts;
mod invites;
mod sessions;
mod slots;
mod throttling;
mod tokens;

use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tests::{Api, Reply, Stack};

/// What new accounts use: the seeded "password123" is refused for them.
const STRONG: &str = "correct-horse-battery-1";
const OTHER_STRONG: &str = "staple-orbit-lantern-7";

static COUNTER: AtomicUsize = AtomicUsize::new(0);
/// Held by the tests that depend on whether registration is open.
static REGISTRATION_WINDOW: Mutex<()> = Mutex::new(());
/// A username no other test of this binary uses.
fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn admin(stack: &Stack) -> Api {
    stack.api().login("admin", "password123").unwrap()
}

/// Registers a fresh member (through the stack's invite) and returns its id.
fn new_member(stack: &Stack, username: &str, password: &str) -> i64 {
    let reply = stack.register(username, password).unwrap();
    assert_eq!(reply.status, 201, "{username}: {}", reply.text());
    assert_eq!(reply.json()["is_admin"], json!(false));
    reply.json()["user_id"].as_i64().expect("a user_id")
}

fn login_reply(api: &Api, username: &str, password: &str) -> Reply {
    api.rpc(
        "login",
        &json!({"p_username": username, "p_password": password}),
    )
    .unwrap()
}

/// The claims of a JWT (not verified: the server did that).
fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

fn token_of(reply: &Reply) -> String {
    reply.json()["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a token in {}", reply.text()))
        .to_string()
}

fn assert_session_ended(reply: &Reply, what: &str) {
    assert_eq!(reply.status, 401, "{what}: {}", reply.text());
    assert_eq!(reply.json()["code"], json!("PT401"), "{what}");
}
