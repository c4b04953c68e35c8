//! The attack suite (issue 8): every defence of the security contract
//! (docs/SECURITY-API.md) attacked over real HTTP against the real stack.
//!
//! - `injection`: no byte a client sends reaches a status line or a header
//!   (every parameter of every `api` function, every view filter, every role).
//! - `bounded`: pathological regex filters end at the statement timeout
//!   while the app stays fast; `db-max-rows` caps `limit`.
//! - `throttle`: sign-in throttling, POST-only sign-in and registration.
//! - `accounts`: passwords, sessions, invites, names.
//! - `state`: concurrent state changes are atomic.
//! - `page`: CSP and friends on the app page, exact rollback, stored XSS in
//!   headless Chromium.
//! - `regression`: forged tokens, private schemas, view writes,
//!   password hashes.
//!
//! Tests that measure time or flood the server take [`heavy`], so they never
//! overlap one another; the rest run alongside.

mod accounts;
mod bounded;
mod injection;
mod page;
mod raw;
mod regression;
mod state;
mod throttle;

use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use tests::{Api, Reply, Stack};

/// The seeded accounts' password (on the common list: new accounts cannot
/// have it).
pub const PASSWORD: &str = "password123";
/// What the members this suite registers sign in with.
pub const MEMBER_PASSWORD: &str = "Attack-suite-pass-1";

pub fn stack() -> &'static Stack {
    Stack::shared()
}

/// Serialises the tests that flood the server or measure time.
pub fn heavy() -> MutexGuard<'static, ()> {
    static HEAVY: Mutex<()> = Mutex::new(());
    HEAVY.lock().unwrap_or_else(|p| p.into_inner())
}

/// Serialises the tests that depend on whether registration is open.
pub fn registration() -> MutexGuard<'static, ()> {
    static REGISTRATION: Mutex<()> = Mutex::new(());
    REGISTRATION.lock().unwrap_or_else(|p| p.into_inner())
}

/// A name no other test (or earlier run against the same stack) uses:
/// letters and digits only, valid as a username and a task name.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}{n}x{:x}", nanos & 0xfffff)
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub fn rpc(api: &Api, function: &str, args: Value) -> Reply {
    api.rpc(function, &args)
        .unwrap_or_else(|e| panic!("POST /rpc/{function}: {e:#}"))
}

/// `POST /rpc/login`, the whole reply.
pub fn login_reply(stack: &Stack, username: &str, password: &str) -> Reply {
    rpc(
        &stack.api(),
        "login",
        json!({"p_username": username, "p_password": password}),
    )
}

/// Signs in and returns the bare token.
pub fn token(stack: &Stack, username: &str, password: &str) -> String {
    let reply = login_reply(stack, username, password);
    assert_eq!(reply.status, 200, "login {username}: {}", reply.text());
    reply.json()["token"]
        .as_str()
        .expect("login returns a token")
        .to_string()
}

pub fn as_token(stack: &Stack, token: &str) -> Api {
    stack.api().with_token(token)
}

/// The seeded household admin, signed in once per test binary.
pub fn admin(stack: &Stack) -> Api {
    static ADMIN: OnceLock<String> = OnceLock::new();
    let token = ADMIN.get_or_init(|| token(stack, "admin", PASSWORD));
    as_token(stack, token)
}

/// A fresh invite code from the seeded admin.
pub fn invite(stack: &Stack) -> String {
    let reply = rpc(&admin(stack), "create_invite", json!({}));
    assert_eq!(reply.status, 201, "create_invite: {}", reply.text());
    reply.json()["code"]
        .as_str()
        .expect("create_invite returns the code")
        .to_string()
}

pub struct Member {
    pub username: String,
    pub user_id: i64,
    pub token: String,
}

impl Member {
    pub fn api(&self, stack: &Stack) -> Api {
        as_token(stack, &self.token)
    }
}

/// A new member (invited, registered, signed in).
pub fn new_member(stack: &Stack, prefix: &str) -> Member {
    let username = unique(prefix);
    let reply = rpc(
        &stack.api(),
        "register_user",
        json!({"p_username": username, "p_password": MEMBER_PASSWORD, "p_invite_code": invite(stack)}),
    );
    assert_eq!(reply.status, 201, "register {username}: {}", reply.text());
    let user_id = reply.json()["user_id"].as_i64().expect("user_id");
    let token = token(stack, &username, MEMBER_PASSWORD);
    Member {
        username,
        user_id,
        token,
    }
}

/// A new household admin of its own (so its requests never count against
/// the seeded admin's concurrency cap).
pub fn new_admin(stack: &Stack, prefix: &str) -> Member {
    let member = new_member(stack, prefix);
    stack
        .psql(&format!(
            "UPDATE app_data.users SET is_admin = true WHERE user_id = {}",
            member.user_id
        ))
        .expect("promoting a test admin");
    member
}

pub fn new_task(stack: &Stack, name: &str, description: &str) -> i64 {
    let reply = rpc(
        &admin(stack),
        "create_task",
        json!({"p_task_name": name, "p_description": description}),
    );
    assert_eq!(reply.status, 201, "create_task: {}", reply.text());
    reply.json()["task_id"].as_i64().expect("task_id")
}

pub fn assign(stack: &Stack, task_id: i64, user_id: i64) -> i64 {
    let reply = rpc(
        &admin(stack),
        "assign_task",
        json!({"p_task_id": task_id, "p_user_id": user_id}),
    );
    assert_eq!(reply.status, 201, "assign_task: {}", reply.text());
    reply.json()["assignment_id"]
        .as_i64()
        .expect("assignment_id")
}

/// The claims of a JWT (no signature check: for reading our own tokens).
pub fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

pub fn base64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
