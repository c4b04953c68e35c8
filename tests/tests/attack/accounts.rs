//! Accounts: password rules, revocable sessions, invites instead of
//! first-come registration, and names that cannot hide or impersonate.

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

fn assert_revoked(stack: &Stack, token: &str, what: &str) {
    let api = as_token(stack, token);
    for (path, reply) in [
        ("GET /rpc/me", api.get("/rpc/me").unwrap()),
        ("GET /tasks", api.get("/tasks").unwrap()),
        ("GET /users", api.get("/users").unwrap()),
        (
            "POST /rpc/complete_assignment",
            rpc(&api, "complete_assignment", json!({"p_assignment_id": 1})),
        ),
    ] {
        assert_eq!(reply.status, 401, "{what}: {path}: {}", reply.text());
        assert_eq!(
            reply.json()["code"],
            json!("PT401"),
            "{what}: {path}: {}",
            reply.text()
        );
    }
}

#[test]
fn sign_out_ends_that_token_only() {
    let stack = stack();
    let member = new_member(stack, "logout");
    let other_session = token(stack, &member.username, MEMBER_PASSWORD);
    let task = new_task(stack, &unique("Logout chore "), "");
    let assignment = crate::assign(stack, task, member.user_id);
    let reply = rpc(&member.api(stack), "logout", json!({}));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json(), json!({"signed_out": true}));
    assert_revoked(stack, &member.token, "after logout");
    let reply = rpc(
        &member.api(stack),
        "complete_assignment",
        json!({"p_assignment_id": assignment}),
    );
    assert_eq!(reply.status, 401);
    let state = stack
        .query_value(&format!(
            "SELECT completed_at IS NULL FROM app_data.task_assignments WHERE assignment_id = {assignment}"
        ))
        .unwrap();
    assert_eq!(state, "t", "the signed-out token changed nothing");
    // The member's other session is untouched.
    assert_eq!(
        as_token(stack, &other_session)
            .get("/rpc/me")
            .unwrap()
            .status,
        200
    );
}

#[test]
fn changing_the_password_revokes_every_earlier_token() {
    let stack = stack();
    let member = new_member(stack, "change");
    let second = token(stack, &member.username, MEMBER_PASSWORD);
    let reply = rpc(
        &member.api(stack),
        "change_password",
        json!({"p_current_password": MEMBER_PASSWORD, "p_new_password": "Brand-new-pass-1"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let fresh = reply.json()["token"]
        .as_str()
        .expect("a new token")
        .to_string();
    assert_revoked(stack, &member.token, "the token that changed it");
    assert_revoked(stack, &second, "another earlier token");
    assert_eq!(as_token(stack, &fresh).get("/rpc/me").unwrap().status, 200);
    assert_eq!(
        login_reply(stack, &member.username, MEMBER_PASSWORD).status,
        401
    );
    assert_eq!(
        login_reply(stack, &member.username, "Brand-new-pass-1").status,
        200
    );
}

#[test]
fn an_admin_reset_revokes_the_members_tokens() {
    let stack = stack();
    let admin = admin(stack);
    let member = new_member(stack, "reset");
    let reply = rpc(
        &admin,
        "reset_member_password",
        json!({"p_user_id": member.user_id, "p_new_password": "Reset-by-admin-7"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.json().get("password_hash").is_none());
    assert_revoked(stack, &member.token, "after an admin reset");
    assert_eq!(
        login_reply(stack, &member.username, "Reset-by-admin-7").status,
        200
    );

    // Members cannot reset or remove anyone (a signed-in member whose
    // token works, so the refusal is about the role).
    let attacker = new_member(stack, "attacker");
    let other = new_member(stack, "victim");
    for (function, args) in [
        (
            "reset_member_password",
            json!({"p_user_id": other.user_id, "p_new_password": "Taken-over-pass-1"}),
        ),
        ("remove_member", json!({"p_user_id": other.user_id})),
    ] {
        let reply = rpc(&attacker.api(stack), function, args);
        assert_eq!(reply.status, 403, "member {function}: {}", reply.text());
    }
    assert_eq!(attacker.api(stack).get("/rpc/me").unwrap().status, 200);
    assert_eq!(other.api(stack).get("/rpc/me").unwrap().status, 200);
}

#[test]
fn a_removed_member_can_neither_sign_in_nor_use_a_token() {
    let stack = stack();
    let admin = admin(stack);
    let leaver = new_member(stack, "removed");
    let task = new_task(stack, &unique("Removed chore "), "");
    crate::assign(stack, task, leaver.user_id);
    let reply = rpc(
        &admin,
        "remove_member",
        json!({"p_user_id": leaver.user_id}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.json()["removed_at"].is_string(), "{}", reply.text());
    assert_revoked(stack, &leaver.token, "after removal");
    let reply = login_reply(stack, &leaver.username, MEMBER_PASSWORD);
    assert_eq!(
        reply.status,
        401,
        "a removed member cannot sign in: {}",
        reply.text()
    );
    let listed = admin
        .get(&format!("/users?user_id=eq.{}", leaver.user_id))
        .unwrap();
    assert_eq!(
        listed.json(),
        json!([]),
        "GET /users lists active members only"
    );
    // History stays.
    let kept = stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.task_assignments WHERE user_id = {}",
            leaver.user_id
        ))
        .unwrap();
    assert_eq!(kept, "1");
    // An admin cannot remove themselves.
    let me = admin.get("/rpc/me").unwrap().json()["user_id"]
        .as_i64()
        .unwrap();
    let reply = rpc(&admin, "remove_member", json!({"p_user_id": me}));
    assert!(
        reply.status >= 400,
        "admin removed themselves: {}",
        reply.text()
    );
    assert_eq!(admin.get("/rpc/me").unwrap().status, 200);
}

#[test]
fn forged_and_expired_session_tokens_are_refused() {
    let stack = stack();
    let member = new_member(stack, "forge");
    let genuine = claims(&member.token);
    let sid = genuine["sid"]
        .as_str()
        .expect("the token carries sid")
        .to_string();
    let now = now();
    let cases = [
        (
            "no sid",
            json!({"role": "api_authenticated", "user_id": member.user_id, "username": member.username,
                   "iat": now, "exp": now + 3600}),
        ),
        (
            "expired",
            json!({"role": "api_authenticated", "user_id": member.user_id, "username": member.username,
                   "sid": sid, "iat": now - 7200, "exp": now - 60}),
        ),
        (
            "made-up sid",
            json!({"role": "api_authenticated", "user_id": member.user_id, "username": member.username,
                   "sid": "00000000-0000-4000-8000-000000000000", "iat": now, "exp": now + 3600}),
        ),
        (
            "someone else's sid",
            json!({"role": "api_authenticated", "user_id": 4, "username": "admin",
                   "sid": sid, "iat": now, "exp": now + 3600}),
        ),
        (
            "sid as a number",
            json!({"role": "api_authenticated", "user_id": member.user_id, "sid": 1,
                   "iat": now, "exp": now + 3600}),
        ),
    ];
    for (what, claims) in cases {
        let forged = stack.sign_claims(&claims).unwrap();
        let api = as_token(stack, &forged);
        for path in ["/rpc/me", "/tasks", "/task_assignments"] {
            let reply = api.get(path).unwrap();
            assert_eq!(reply.status, 401, "{what}: {path}: {}", reply.text());
        }
    }
    // A session that ended in the database, while the token's own exp is
    // still days away.
    let ending = new_member(stack, "ending");
    let ending_sid = claims(&ending.token)["sid"].as_str().unwrap().to_string();
    assert_eq!(ending.api(stack).get("/rpc/me").unwrap().status, 200);
    stack
        .psql(&format!(
            "UPDATE app_data.sessions SET created_at = now() - interval '8 days', \
             expires_at = now() - interval '1 second' WHERE session_id = '{ending_sid}'"
        ))
        .unwrap();
    let reply = ending.api(stack).get("/tasks").unwrap();
    assert_eq!(reply.status, 401, "expired session: {}", reply.text());

    // The genuine token, re-signed unchanged, still works: the refusals
    // above are about the claims, not the signing.
    let resigned = stack.sign_claims(&genuine).unwrap();
    assert_eq!(
        as_token(stack, &resigned).get("/rpc/me").unwrap().status,
        200
    );
}

#[test]
fn registration_needs_an_invite_and_never_makes_an_admin() {
    let _open = registration();
    let stack = stack();
    let admin = admin(stack);

    let name = unique("uninvited");
    let reply = register(stack, &name, MEMBER_PASSWORD, None);
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert!(!exists(stack, &name));
    let reply = register(stack, &name, MEMBER_PASSWORD, Some("not-a-real-code"));
    assert!(matches!(reply.status, 400 | 403), "{}", reply.text());
    assert!(!exists(stack, &name));

    // Only admins invite.
    let member = new_member(stack, "inviter");
    assert_eq!(
        rpc(&member.api(stack), "create_invite", json!({})).status,
        403
    );
    assert_eq!(rpc(&stack.api(), "create_invite", json!({})).status, 401);
    assert_eq!(member.api(stack).get("/rpc/invites").unwrap().status, 403);
    assert_eq!(stack.api().get("/rpc/invites").unwrap().status, 401);

    // A valid code: a member, not an admin; the code is used up.
    let reply = rpc(&admin, "create_invite", json!({"p_max_uses": 1}));
    assert_eq!(reply.status, 201, "{}", reply.text());
    let code = reply.json()["code"].as_str().unwrap().to_string();
    let invite_id = reply.json()["invite_id"].as_i64().unwrap();
    let stored = stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.invites WHERE code_sha256 LIKE '%{code}%'"
        ))
        .unwrap();
    assert_eq!(stored, "0", "the code itself is not stored");
    let listed = admin.get("/rpc/invites").unwrap();
    assert!(
        !listed.text().contains(&code),
        "the list does not show codes again"
    );
    let reply = register(stack, &name, MEMBER_PASSWORD, Some(&code));
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.json()["is_admin"], json!(false));
    let used_up = register(stack, &unique("second"), MEMBER_PASSWORD, Some(&code));
    assert!(
        matches!(used_up.status, 400 | 403 | 409),
        "used-up code: {}",
        used_up.text()
    );
    let listed = admin.get("/rpc/invites").unwrap().json();
    let row = listed
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["invite_id"] == json!(invite_id)))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (row["uses"].clone(), row["is_active"].clone()),
        (json!(1), json!(false)),
        "the used-up invite as listed: {row}"
    );

    // Revoked.
    let reply = rpc(&admin, "create_invite", json!({"p_max_uses": 5}));
    let code = reply.json()["code"].as_str().unwrap().to_string();
    let id = reply.json()["invite_id"].clone();
    let revoked = rpc(&admin, "revoke_invite", json!({"p_invite_id": id}));
    assert_eq!(revoked.status, 200, "{}", revoked.text());
    let name = unique("revoked");
    let reply = register(stack, &name, MEMBER_PASSWORD, Some(&code));
    assert!(
        matches!(reply.status, 400 | 403),
        "revoked code: {}",
        reply.text()
    );
    assert!(!exists(stack, &name));

    // Expired (moved into the past directly: waiting an hour is no test).
    let reply = rpc(&admin, "create_invite", json!({"p_expires_in_hours": 1}));
    let code = reply.json()["code"].as_str().unwrap().to_string();
    let id = reply.json()["invite_id"].as_i64().unwrap();
    stack
        .psql(&format!(
            "UPDATE app_data.invites SET created_at = now() - interval '2 hours', \
             expires_at = now() - interval '1 minute' WHERE invite_id = {id}"
        ))
        .unwrap();
    let name = unique("expired");
    let reply = register(stack, &name, MEMBER_PASSWORD, Some(&code));
    assert!(
        matches!(reply.status, 400 | 403),
        "expired code: {}",
        reply.text()
    );
    assert!(!exists(stack, &name));

    // Bounds on the invite itself.
    for args in [
        json!({"p_expires_in_hours": 0}),
        json!({"p_expires_in_hours": 721}),
        json!({"p_max_uses": 0}),
        json!({"p_max_uses": 101}),
    ] {
        assert_eq!(
            rpc(&admin, "create_invite", args.clone()).status,
            400,
            "{args}"
        );
    }
}

#[test]
fn an_open_registration_window_lets_anyone_in_until_closed() {
    let _open = registration();
    let stack = stack();
    let admin = admin(stack);
    let member = new_member(stack, "opener");
    assert_eq!(
        rpc(
            &member.api(stack),
            "open_registration",
            json!({"p_minutes": 5})
        )
        .status,
        403
    );
    assert_eq!(
        rpc(&stack.api(), "open_registration", json!({"p_minutes": 5})).status,
        401
    );
    assert_eq!(
        rpc(&admin, "open_registration", json!({"p_minutes": 10081})).status,
        400
    );

    let reply = rpc(&admin, "open_registration", json!({"p_minutes": 5}));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(
        reply.json()["registration_open_until"].is_string(),
        "{}",
        reply.text()
    );
    let settings = admin.get("/rpc/registration_settings").unwrap();
    assert_eq!(
        settings.json()["registration_open_until"],
        reply.json()["registration_open_until"]
    );
    let names: Vec<String> = (0..2).map(|_| unique("walkin")).collect();
    for name in &names {
        let reply = register(stack, name, MEMBER_PASSWORD, None);
        assert_eq!(reply.status, 201, "{}", reply.text());
        assert_eq!(reply.json()["is_admin"], json!(false));
    }
    let reply = rpc(&admin, "open_registration", json!({"p_minutes": 0}));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["registration_open_until"], json!(null));
    let late = unique("late");
    assert_eq!(register(stack, &late, MEMBER_PASSWORD, None).status, 403);
    assert!(!exists(stack, &late));
}

fn refused_name(api: &Api, function: &str, args: serde_json::Value) {
    let reply = rpc(api, function, args.clone());
    assert_eq!(reply.status, 400, "{function} {args}: {}", reply.text());
}

#[test]
fn names_are_normalised_and_cannot_hide_characters() {
    let stack = stack();
    let admin = admin(stack);
    let base = unique("Caf");
    let composed = format!("{base} caf\u{e9}");
    let decomposed = format!("{base} cafe\u{301}");
    new_task(stack, &composed, "");
    let reply = rpc(&admin, "create_task", json!({"p_task_name": decomposed}));
    assert_eq!(
        reply.status,
        409,
        "the decomposed é is the same name: {}",
        reply.text()
    );
    // And a decomposed name is stored composed.
    let other = unique("Nfc");
    let reply = rpc(
        &admin,
        "create_task",
        json!({"p_task_name": format!("{other} cre\u{300}me")}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(
        reply.json()["task_name"],
        json!(format!("{other} cr\u{e8}me"))
    );

    let task = new_task(stack, &unique("Rename me "), "");
    for (what, bad) in [
        ("RLO", "\u{202e}"),
        ("LRI", "\u{2066}"),
        ("ZWSP", "\u{200b}"),
        ("ZWJ", "\u{200d}"),
        ("BOM", "\u{feff}"),
        ("soft hyphen", "\u{ad}"),
        ("CR", "\r"),
        ("LF", "\n"),
        ("TAB", "\t"),
        ("NUL-ish C0", "\u{1}"),
        ("C1", "\u{85}"),
    ] {
        let name = format!("{} {what} x{bad}y", unique("Bad"));
        refused_name(&admin, "create_task", json!({"p_task_name": name}));
        refused_name(
            &admin,
            "update_task",
            json!({"p_task_id": task, "p_task_name": name}),
        );
        let username = format!("{}{bad}z", unique("u"));
        let reply = register(stack, &username, MEMBER_PASSWORD, Some(&invite(stack)));
        assert_eq!(reply.status, 400, "username with {what}: {}", reply.text());
        if bad != "\n" && bad != "\t" {
            // Descriptions may hold LF and TAB only.
            refused_name(
                &admin,
                "create_task",
                json!({"p_task_name": unique("Desc "), "p_description": format!("a{bad}b")}),
            );
        }
    }
    let reply = rpc(
        &admin,
        "create_task",
        json!({"p_task_name": unique("Multi-line "), "p_description": "line 1\n\tline 2"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
}

/// Without an invite nobody learns which names exist, and a single-use code
/// raced by several registrations admits exactly one.
#[test]
fn invites_do_not_leak_names_and_single_use_codes_admit_one() {
    let _open = registration();
    let stack = stack();
    let taken = register(stack, "user1", MEMBER_PASSWORD, None);
    let free = register(stack, &unique("free"), MEMBER_PASSWORD, None);
    assert_eq!(taken.status, 403, "{}", taken.text());
    assert_eq!(
        (taken.status, taken.json()),
        (free.status, free.json()),
        "the same refusal for a taken and a free name"
    );
    let bad_code = register(stack, "user1", MEMBER_PASSWORD, Some("wrong-code"));
    let bad_code_free = register(stack, &unique("free"), MEMBER_PASSWORD, Some("wrong-code"));
    assert_eq!(
        (bad_code.status, bad_code.json()),
        (bad_code_free.status, bad_code_free.json())
    );

    let reply = rpc(&admin(stack), "create_invite", json!({"p_max_uses": 1}));
    assert_eq!(reply.status, 201, "{}", reply.text());
    let code = reply.json()["code"].as_str().unwrap().to_string();
    let names: Vec<String> = (0..6).map(|_| unique("race")).collect();
    let barrier = std::sync::Barrier::new(names.len());
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = names
            .iter()
            .map(|name| {
                let (barrier, code) = (&barrier, &code);
                scope.spawn(move || {
                    barrier.wait();
                    register(stack, name, MEMBER_PASSWORD, Some(code)).status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut sorted = statuses.clone();
    sorted.sort();
    assert_eq!(sorted, [201, 403, 403, 403, 403, 403], "{statuses:?}");
    let joined = names.iter().filter(|n| exists(stack, n)).count();
    assert_eq!(joined, 1, "one account from a single-use code");
}
