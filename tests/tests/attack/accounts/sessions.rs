//! Sessions end when they should: sign-out, a password change, an admin's
//! reset, removal; forged and expired tokens are refused.

use super::*;

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
