//! Accounts: password rules, revocable sessions, invites instead of
//! first-come registration, and names that cannot hide or impersonate.
//!
//! `sessions`: sign-out, password change, reset, removal, forged tokens;
//! `invites`: registration by invite or an open window; `names`: names
//! that cannot hide characters or impersonate.

mod invites;
mod names;
mod sessions;

use crate::{
    admin, as_token, claims, invite, login_reply, new_member, new_task, now, registration, rpc,
    stack, token, unique, MEMBER_PASSWORD,
};
use serde_json::json;
use tests::{Api, Reply, Stack};

fn register(stack: &Stack, username: &str, password: &str, code: Option<&str>) -> Reply {
    let mut args = json!({"p_username": username, "p_password": password});
    if let Some(code) = code {
        args["p_invite_code"] = json!(code);
    }
    rpc(&stack.api(), "register_user", args)
}

fn exists(stack: &Stack, username: &str) -> bool {
    stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.users WHERE lower(username) = lower('{}')",
            username.replace('\'', "''")
        ))
        .unwrap()
        == "1"
}

/// (password, accepted?) per the contract: 8..=72 bytes, not in the shipped
/// common-password list (nor one character repeated), not only whitespace.
fn password_cases(stack: &Stack) -> Vec<(String, bool)> {
    let listed = |p: &str| {
        stack
            .query_value(&format!(
                "SELECT count(*) FROM app_data.common_passwords WHERE password = lower('{p}')"
            ))
            .unwrap()
            == "1"
    };
    let multibyte_72 = format!("{}abcdé", "€".repeat(22)); // 27 characters, 72 bytes
    assert_eq!(multibyte_72.len(), 72);
    let ascii_73 = format!("{}x", "Kq7-".repeat(18));
    assert_eq!(ascii_73.len(), 73);
    let multibyte_73 = format!("{}é", "€".repeat(23).to_owned() + "ab"); // 69 + 2 + 2
    assert_eq!(multibyte_73.len(), 73);
    assert!(listed("password") && listed("12345678"), "the shipped list");
    vec![
        ("password".into(), false),
        ("PassWord".into(), false),
        ("12345678".into(), false),
        // Not in the shipped list, but one character repeated: refused
        // as too common too.
        ("aaaaaaaa".into(), false),
        ("ZZZZZZZZZZZZ".into(), false),
        ("Kq7-xZ9".into(), false),      // 7 characters
        ("        ".into(), false),     // only whitespace
        ("\t \n \t \n ".into(), false), // only whitespace
        (ascii_73, false),              // 73 bytes
        (multibyte_73, false),          // 73 bytes, fewer characters
        (multibyte_72, true),           // exactly 72 bytes
        ("Kq7-xZ9!".into(), true),      // exactly 8
    ]
}

#[test]
fn password_rules_hold_for_registration_and_change() {
    let stack = stack();
    for (password, accepted) in password_cases(stack) {
        let name = unique("pw");
        let reply = register(stack, &name, &password, Some(&invite(stack)));
        if accepted {
            assert_eq!(reply.status, 201, "{password:?}: {}", reply.text());
            // The whole password counts: one byte less does not sign in.
            assert_eq!(login_reply(stack, &name, &password).status, 200);
            let mut shorter = password.clone();
            shorter.pop();
            assert_eq!(login_reply(stack, &name, &shorter).status, 401);
        } else {
            assert_eq!(reply.status, 400, "{password:?} refused: {}", reply.text());
            assert_eq!(reply.json()["code"], json!("PT400"), "{}", reply.text());
            assert!(!exists(stack, &name), "{password:?}: nobody registered");
        }

        let member = new_member(stack, "cpw");
        let reply = rpc(
            &member.api(stack),
            "change_password",
            json!({"p_current_password": MEMBER_PASSWORD, "p_new_password": password}),
        );
        if accepted {
            assert_eq!(reply.status, 200, "{password:?}: {}", reply.text());
            assert!(reply.json()["token"].is_string(), "{}", reply.text());
            assert_eq!(login_reply(stack, &member.username, &password).status, 200);
        } else {
            assert_eq!(reply.status, 400, "{password:?}: {}", reply.text());
            // Unchanged: the old password still works, the token too.
            assert_eq!(
                login_reply(stack, &member.username, MEMBER_PASSWORD).status,
                200
            );
            assert_eq!(member.api(stack).get("/rpc/me").unwrap().status, 200);
        }
    }
    // The current password is checked.
    let member = new_member(stack, "cpw");
    let reply = rpc(
        &member.api(stack),
        "change_password",
        json!({"p_current_password": "wrong-current-1", "p_new_password": "Another-Pass-42"}),
    );
    assert!(
        matches!(reply.status, 400 | 401 | 403),
        "wrong current password: {} {}",
        reply.status,
        reply.text()
    );
    assert_eq!(
        login_reply(stack, &member.username, MEMBER_PASSWORD).status,
        200
    );
}
