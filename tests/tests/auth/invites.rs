//! Invite codes and the open-registration window.

use super::*;

#[test]
fn registration_needs_a_valid_invite_code() {
    let _closed = REGISTRATION_WINDOW
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let stack = Stack::shared();
    let api = stack.api();
    for (code, message) in [
        (Value::Null, "Registration needs an invite code"),
        (json!(""), "Registration needs an invite code"),
        (json!("   "), "Registration needs an invite code"),
        (json!("AAAA-BBBB-CCCC"), "This invite code is not valid"),
        (json!("' OR '1'='1"), "This invite code is not valid"),
    ] {
        let name = unique("uninvited");
        let reply = api
            .rpc(
                "register_user",
                &json!({"p_username": name, "p_password": STRONG, "p_invite_code": code}),
            )
            .unwrap();
        assert_eq!(reply.status, 403, "{code}: {}", reply.text());
        assert_eq!(reply.json()["code"], json!("PT403"));
        assert_eq!(reply.json()["message"], json!(message), "{code}");
        let login = login_reply(&api, &name, STRONG);
        assert_eq!(login.status, 401, "{code}: no account was created");
    }
}

#[test]
fn an_invite_admits_as_many_members_as_it_allows_and_never_an_admin() {
    let stack = Stack::shared();
    let admin = admin(stack);
    let reply = admin
        .rpc(
            "create_invite",
            &json!({"p_expires_in_hours": 2, "p_max_uses": 2}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    let invite = reply.json();
    let code = invite["code"].as_str().expect("a code").to_string();
    let invite_id = invite["invite_id"].as_i64().expect("an invite_id");
    assert_eq!(invite["max_uses"], json!(2));
    assert_eq!(invite["uses"], json!(0));
    assert_eq!(invite["is_active"], json!(true));
    assert!(invite["expires_at"].is_string());
    let groups: Vec<&str> = code.split('-').collect();
    assert_eq!(groups.len(), 3, "XXXX-XXXX-XXXX: {code}");
    for group in &groups {
        assert_eq!(group.len(), 4, "{code}");
        assert!(
            group
                .chars()
                .all(|c| "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".contains(c)),
            "easy to read aloud: {code}"
        );
    }

    // Only the code's SHA-256 is stored.
    let plain = code.replace('-', "");
    assert_eq!(
        stack
            .query_value(&format!(
                "SELECT count(*) FROM app_data.invites i WHERE i.invite_id = {invite_id} \
                 AND i.code_sha256 = encode(sha256(convert_to('{plain}', 'UTF8')), 'hex') \
                 AND position('{plain}' IN i::text) = 0"
            ))
            .unwrap(),
        "1"
    );

    // Any case, with or without dashes or spaces, is the same code.
    let api = stack.api();
    for variant in [plain.to_lowercase(), groups.join(" ")] {
        let name = unique("invited");
        let reply = api
            .rpc(
                "register_user",
                &json!({"p_username": name, "p_password": STRONG, "p_invite_code": variant}),
            )
            .unwrap();
        assert_eq!(reply.status, 201, "{variant}: {}", reply.text());
        assert_eq!(reply.json()["is_admin"], json!(false), "never an admin");
    }
    let used_up = api
        .rpc(
            "register_user",
            &json!({"p_username": unique("invited"), "p_password": STRONG, "p_invite_code": code}),
        )
        .unwrap();
    assert_eq!(used_up.status, 403, "{}", used_up.text());
    assert_eq!(
        used_up.json()["message"],
        json!("This invite code is not valid")
    );

    let listed = admin.get("/rpc/invites").unwrap();
    assert_eq!(listed.status, 200, "{}", listed.text());
    let rows = listed.json();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["invite_id"] == json!(invite_id))
        .expect("the invite is listed")
        .clone();
    assert_eq!(row["uses"], json!(2));
    assert_eq!(row["is_active"], json!(false));
    assert_eq!(row["created_by"], json!(4));
    assert!(
        !listed.text().contains(&code) && !listed.text().contains(&plain),
        "the code is shown only once"
    );
    assert!(row.get("code_sha256").is_none());
    // Newest first.
    let ids: Vec<i64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["invite_id"].as_i64().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
}

#[test]
fn revoked_and_expired_invites_admit_nobody() {
    let stack = Stack::shared();
    let admin = admin(stack);
    let api = stack.api();
    let create = || {
        let reply = admin.rpc("create_invite", &json!({})).unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
        assert_eq!(reply.json()["max_uses"], json!(1), "one use by default");
        (
            reply.json()["invite_id"].as_i64().unwrap(),
            reply.json()["code"].as_str().unwrap().to_string(),
        )
    };
    let register = |code: &str| {
        api.rpc(
            "register_user",
            &json!({"p_username": unique("late"), "p_password": STRONG, "p_invite_code": code}),
        )
        .unwrap()
    };

    let (revoked_id, revoked_code) = create();
    let reply = admin
        .rpc("revoke_invite", &json!({"p_invite_id": revoked_id}))
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let revoked_at = reply.json()["revoked_at"].clone();
    assert!(revoked_at.is_string(), "{}", reply.text());
    assert_eq!(reply.json()["is_active"], json!(false));
    let reply = register(&revoked_code);
    assert_eq!(reply.status, 403, "revoked: {}", reply.text());
    // Revoking again changes nothing.
    let again = admin
        .rpc("revoke_invite", &json!({"p_invite_id": revoked_id}))
        .unwrap();
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json()["revoked_at"], revoked_at);

    let (expired_id, expired_code) = create();
    stack
        .psql(&format!(
            "UPDATE app_data.invites SET created_at = now() - interval '2 hours', \
             expires_at = now() - interval '1 hour' WHERE invite_id = {expired_id}"
        ))
        .unwrap();
    let reply = register(&expired_code);
    assert_eq!(reply.status, 403, "expired: {}", reply.text());

    let missing = admin
        .rpc("revoke_invite", &json!({"p_invite_id": 999_999_999}))
        .unwrap();
    assert_eq!(missing.status, 404, "{}", missing.text());
    assert_eq!(missing.json()["code"], json!("PT404"));
}

/// The one test of this binary that opens the registration window (every
/// other test registers with an invite).
#[test]
fn without_an_invite_one_joins_only_while_an_admin_keeps_registration_open() {
    let _window = REGISTRATION_WINDOW
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let stack = Stack::shared();
    let admin = admin(stack);
    let api = stack.api();
    let register = |name: &str| {
        api.rpc(
            "register_user",
            &json!({"p_username": name, "p_password": STRONG}),
        )
        .unwrap()
    };
    let settings = admin.get("/rpc/registration_settings").unwrap();
    assert_eq!(settings.status, 200, "{}", settings.text());
    assert_eq!(settings.json(), json!({"registration_open_until": null}));
    let closed = register(&unique("walkin"));
    assert_eq!(closed.status, 403, "{}", closed.text());
    assert_eq!(
        closed.json()["message"],
        json!("Registration needs an invite code")
    );

    let opened = admin
        .rpc("open_registration", &json!({"p_minutes": 30}))
        .unwrap();
    assert_eq!(opened.status, 200, "{}", opened.text());
    let until = opened.json()["registration_open_until"].clone();
    assert!(until.is_string(), "{}", opened.text());
    let settings = admin.get("/rpc/registration_settings").unwrap();
    assert_eq!(settings.json()["registration_open_until"], until);
    let name = unique("walkin");
    let joined = register(&name);
    assert_eq!(joined.status, 201, "{}", joined.text());
    assert_eq!(
        joined.json()["is_admin"],
        json!(false),
        "nobody becomes admin by registering"
    );
    assert!(api.login(&name, STRONG).is_ok());

    let closed = admin
        .rpc("open_registration", &json!({"p_minutes": 0}))
        .unwrap();
    assert_eq!(closed.status, 200, "{}", closed.text());
    assert_eq!(closed.json(), json!({"registration_open_until": null}));
    let settings = admin.get("/rpc/registration_settings").unwrap();
    assert_eq!(settings.json(), json!({"registration_open_until": null}));
    let refused = register(&unique("walkin"));
    assert_eq!(refused.status, 403, "{}", refused.text());
}
