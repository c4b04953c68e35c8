//! Bad input never gets past validation: every value below must be refused
//! with a 4xx and a JSON message, and leave every row as it was.
//!
//! - `refusals`: every bad value of every target, and malformed requests.
//! - `verbatim`: awkward text stored as sent, names normalised, input only
//!   in "details", field errors naming their parameter.
//! - `completeness`: every `api` parameter and view has cases here.
//! - `values`: the bad values; `*_targets`: the endpoints they are sent to.

mod account_targets;
mod chore_targets;
mod completeness;
mod points_targets;
mod reading_targets;
mod refusals;
mod task_targets;
mod values;
mod verbatim;

use serde_json::{json, Value};
use tests::{Api, Stack};
use values::*;

/// Every test here takes this first: each compares fingerprints around its
/// requests, so none may write while another looks.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// New accounts may not use the seeded "password123".
const STRONG: &str = "correct-horse-battery-1";
const OTHER_STRONG: &str = "staple-orbit-lantern-7";

struct Target {
    function: &'static str,
    /// Valid arguments; each bad value replaces `param`.
    valid: Value,
    param: &'static str,
    bad: Vec<Value>,
    caller: usize,
}

const ANON: usize = 0;
const MEMBER: usize = 1;
const ADMIN: usize = 2;
const PUBLISHER: usize = 3;
/// A member of its own, whose password the change_password rows try to set.
const CHANGER: usize = 4;

/// Accounts and invites the bad values are tried against, made before any
/// fingerprint is taken. Their names start with "bad_input_".
struct Fixtures {
    callers: [Api; 5],
    invite_code: String,
    revoked_code: String,
    used_up_code: String,
    invite_id: i64,
    /// A member whose password the reset rows try to set and whom the
    /// remove rows try to remove.
    target_id: i64,
    /// A member removed already.
    removed_id: i64,
}

fn register(stack: &Stack, username: &str, code: &str) -> i64 {
    let reply = stack
        .api()
        .rpc(
            "register_user",
            &json!({"p_username": username, "p_password": STRONG, "p_invite_code": code}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{username}: {}", reply.text());
    reply.json()["user_id"].as_i64().unwrap()
}

fn fixtures(stack: &Stack) -> &'static Fixtures {
    static FIXTURES: std::sync::OnceLock<Fixtures> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| {
        let anon = stack.api();
        let admin = anon.login("admin", "password123").unwrap();
        let invite_code = stack.invite_code().unwrap();
        let new_invite = || {
            let reply = admin.rpc("create_invite", &json!({})).unwrap();
            assert_eq!(reply.status, 201, "{}", reply.text());
            (
                reply.json()["invite_id"].as_i64().unwrap(),
                reply.json()["code"].as_str().unwrap().to_string(),
            )
        };
        let (revoked_id, revoked_code) = new_invite();
        let reply = admin
            .rpc("revoke_invite", &json!({"p_invite_id": revoked_id}))
            .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text());
        let (_, used_up_code) = new_invite();
        register(stack, "bad_input_used_invite", &used_up_code);
        let (invite_id, _) = new_invite();

        register(stack, "bad_input_changer", &invite_code);
        let target_id = register(stack, "bad_input_target", &invite_code);
        let removed_id = register(stack, "bad_input_removed", &invite_code);
        stack
            .psql(&format!(
                "UPDATE app_data.users SET removed_at = now() WHERE user_id = {removed_id}"
            ))
            .unwrap();
        Fixtures {
            callers: [
                anon.clone(),
                anon.login("user1", "password123").unwrap(),
                admin.clone(),
                anon.with_token(&stack.publisher_token().unwrap()),
                anon.login("bad_input_changer", STRONG).unwrap(),
            ],
            invite_code,
            revoked_code,
            used_up_code,
            invite_id,
            target_id,
            removed_id,
        }
    })
}

fn targets(fixtures: &Fixtures) -> Vec<Target> {
    account_targets::targets(fixtures)
        .into_iter()
        .chain(task_targets::targets())
        .chain(chore_targets::targets(fixtures))
        .chain(points_targets::targets(fixtures))
        .chain(reading_targets::targets())
        .chain(task_targets::served())
        .collect()
}
