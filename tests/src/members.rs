//! Fresh members for the test binaries that register many: each signs up
//! through an invite good for 100 (a new one once it is used up) and is
//! signed in.
use crate::{Api, Stack};
use std::collections::HashMap;
use std::sync::Mutex;

/// What new accounts use: the seeded "password123" is on the common list.
pub const STRONG_PASSWORD: &str = "correct-horse-battery-1";

/// Registers `username` with [`STRONG_PASSWORD`] and signs in: (user id,
/// their API).
pub fn register(stack: &Stack, username: &str) -> (i64, Api) {
    let reply = stack
        .api()
        .rpc(
            "register_user",
            &serde_json::json!({"p_username": username, "p_password": STRONG_PASSWORD,
                                "p_invite_code": invite_code(stack)}),
        )
        .unwrap_or_else(|e| panic!("registering {username}: {e:#}"));
    assert_eq!(reply.status, 201, "{username}: {}", reply.text());
    let id = reply.json()["user_id"].as_i64().expect("a user_id");
    let api = stack
        .api()
        .login(username, STRONG_PASSWORD)
        .unwrap_or_else(|e| panic!("signing in as {username}: {e:#}"));
    (id, api)
}

/// An invite with uses left, per stack (a binary may start its own).
fn invite_code(stack: &Stack) -> String {
    static CODES: Mutex<Option<HashMap<String, (String, usize)>>> = Mutex::new(None);
    let mut codes = CODES.lock().unwrap_or_else(|p| p.into_inner());
    let codes = codes.get_or_insert_with(HashMap::new);
    if let Some((code, used)) = codes.get_mut(&stack.api_url) {
        if *used < 100 {
            *used += 1;
            return code.clone();
        }
    }
    let admin = stack
        .api()
        .login("admin", "password123")
        .expect("the seeded admin signs in");
    let reply = admin
        .rpc(
            "create_invite",
            &serde_json::json!({"p_expires_in_hours": 24, "p_max_uses": 100}),
        )
        .expect("create_invite");
    assert_eq!(reply.status, 201, "{}", reply.text());
    let code = reply.json()["code"].as_str().expect("a code").to_string();
    codes.insert(stack.api_url.clone(), (code.clone(), 1));
    code
}
