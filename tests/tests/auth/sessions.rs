//! Sign-out, password change, an admin's reset and removal end sessions.

use super::*;

#[test]
fn logout_ends_only_the_session_it_was_called_with() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("leaving");
    new_member(stack, &name, STRONG);
    let first = api.login(&name, STRONG).unwrap();
    let second = api.login(&name, STRONG).unwrap();
    let reply = first.rpc("logout", &json!({})).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json(), json!({"signed_out": true}));
    for path in ["/rpc/me", "/tasks", "/users"] {
        let reply = first.get(path).unwrap();
        assert_session_ended(&reply, path);
    }
    assert_eq!(
        first.get("/rpc/me").unwrap().json()["message"],
        json!("This session has ended")
    );
    assert_session_ended(&first.rpc("logout", &json!({})).unwrap(), "logout again");
    let me = second.get("/rpc/me").unwrap();
    assert_eq!(me.status, 200, "the other session lives on: {}", me.text());
    // Anonymous callers have nothing to sign out of.
    assert_eq!(api.rpc("logout", &json!({})).unwrap().status, 401);
}

#[test]
fn changing_the_password_revokes_every_earlier_token() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("changer");
    new_member(stack, &name, STRONG);
    let first = api.login(&name, STRONG).unwrap();
    let second = api.login(&name, STRONG).unwrap();
    let change = |current: &str, new: &str| {
        first
            .rpc(
                "change_password",
                &json!({"p_current_password": current, "p_new_password": new}),
            )
            .unwrap()
    };

    let wrong = change("not-my-password", OTHER_STRONG);
    assert_eq!(wrong.status, 403, "{}", wrong.text());
    assert_eq!(
        wrong.json()["message"],
        json!("The current password is wrong")
    );
    let weak = change(STRONG, "password123");
    assert_eq!(weak.status, 400, "{}", weak.text());
    assert_eq!(weak.json()["message"], json!("Password is too common"));
    let same = change(STRONG, STRONG);
    assert_eq!(same.status, 400, "{}", same.text());
    assert_eq!(
        first.get("/rpc/me").unwrap().status,
        200,
        "nothing changed yet"
    );

    let changed = change(STRONG, OTHER_STRONG);
    assert_eq!(changed.status, 200, "{}", changed.text());
    let token = token_of(&changed);
    assert_eq!(changed.json()["user"]["username"], json!(name));
    assert!(claims(&token)["sid"].is_string());
    assert_session_ended(&first.get("/rpc/me").unwrap(), "the caller's old token");
    assert_session_ended(&second.get("/rpc/me").unwrap(), "another old token");
    let me = api.with_token(&token).get("/rpc/me").unwrap();
    assert_eq!(me.status, 200, "the new token works: {}", me.text());
    assert_eq!(login_reply(&api, &name, STRONG).status, 401);
    assert_eq!(login_reply(&api, &name, OTHER_STRONG).status, 200);
}

#[test]
fn an_admin_reset_password_signs_the_member_out_everywhere() {
    let stack = Stack::shared();
    let api = stack.api();
    let admin = admin(stack);
    let name = unique("forgetful");
    let user_id = new_member(stack, &name, STRONG);
    let token = api.login(&name, STRONG).unwrap();

    let member = api.login("user2", "password123").unwrap();
    let refused = member
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": user_id, "p_new_password": OTHER_STRONG}),
        )
        .unwrap();
    assert_eq!(refused.status, 403, "{}", refused.text());
    let weak = admin
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": user_id, "p_new_password": "password123"}),
        )
        .unwrap();
    assert_eq!(weak.status, 400, "{}", weak.text());
    assert_eq!(token.get("/rpc/me").unwrap().status, 200);

    let reply = admin
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": user_id, "p_new_password": OTHER_STRONG}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["user_id"], json!(user_id));
    assert!(reply.json().get("password_hash").is_none());
    assert_session_ended(&token.get("/rpc/me").unwrap(), "after a reset");
    assert_eq!(login_reply(&api, &name, STRONG).status, 401);
    assert_eq!(login_reply(&api, &name, OTHER_STRONG).status, 200);

    let missing = admin
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": 999_999_999, "p_new_password": OTHER_STRONG}),
        )
        .unwrap();
    assert_eq!(missing.status, 404, "{}", missing.text());
}

#[test]
fn a_removed_member_can_no_longer_sign_in_but_keeps_their_history() {
    let stack = Stack::shared();
    let api = stack.api();
    let admin = admin(stack);
    let name = unique("mover");
    let user_id = new_member(stack, &name, STRONG);
    let member = api.login(&name, STRONG).unwrap();
    let task = admin
        .rpc(
            "create_task",
            &json!({"p_task_name": unique("Farewell task ")}),
        )
        .unwrap();
    assert_eq!(task.status, 201, "{}", task.text());
    let task_id = task.json()["task_id"].as_i64().unwrap();
    let assigned = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task_id, "p_user_id": user_id}),
        )
        .unwrap();
    assert_eq!(assigned.status, 201, "{}", assigned.text());
    let assignment_id = assigned.json()["assignment_id"].as_i64().unwrap();
    let done = member
        .rpc(
            "complete_assignment",
            &json!({"p_assignment_id": assignment_id}),
        )
        .unwrap();
    assert_eq!(done.status, 200, "{}", done.text());

    let yourself = admin
        .rpc("remove_member", &json!({"p_user_id": 4}))
        .unwrap();
    assert_eq!(yourself.status, 409, "{}", yourself.text());
    assert_eq!(
        yourself.json()["message"],
        json!("You cannot remove yourself")
    );

    let removed = admin
        .rpc("remove_member", &json!({"p_user_id": user_id}))
        .unwrap();
    assert_eq!(removed.status, 200, "{}", removed.text());
    assert_eq!(removed.json()["user_id"], json!(user_id));
    assert!(
        removed.json()["removed_at"].is_string(),
        "{}",
        removed.text()
    );

    assert_session_ended(&member.get("/rpc/me").unwrap(), "a removed member's token");
    let login = login_reply(&api, &name, STRONG);
    assert_eq!(login.status, 401, "{}", login.text());
    assert_eq!(
        login.json()["message"],
        json!("Invalid username or password"),
        "the same answer as a wrong password"
    );
    let users = admin.get("/users").unwrap().json();
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["user_id"] != json!(user_id)),
        "GET /users lists active members only: {users}"
    );
    assert!(users.as_array().unwrap().len() >= 4, "{users}");
    let history = admin
        .get(&format!(
            "/task_assignments?assignment_id=eq.{assignment_id}"
        ))
        .unwrap()
        .json();
    assert_eq!(history[0]["assigned_to"], json!(name), "history stays");
    assert_eq!(history[0]["status"], json!("waiting"));

    let again = admin
        .rpc("remove_member", &json!({"p_user_id": user_id}))
        .unwrap();
    assert_eq!(again.status, 404, "{}", again.text());
    let reassign = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task_id, "p_user_id": user_id}),
        )
        .unwrap();
    assert_eq!(reassign.status, 404, "{}", reassign.text());
    let reuse = stack.register(&name, OTHER_STRONG).unwrap();
    assert_eq!(reuse.status, 409, "the name stays taken: {}", reuse.text());
}
