//! Registration needs an invite (or an open window), never makes an admin,
//! and tells nobody which names exist.

use super::*;

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
