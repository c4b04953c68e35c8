//! Registering, common passwords, and a new household's first admin.

use super::*;

#[test]
fn registered_users_can_sign_in_and_are_members() {
    let stack = Stack::shared();
    let api = stack.api();
    let reply = stack.register("newcomer", STRONG).unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.json()["is_admin"], json!(false));
    assert!(reply.json().get("password_hash").is_none());
    let again = stack.register("NEWCOMER", OTHER_STRONG).unwrap();
    assert_eq!(again.status, 409, "{}", again.text());
    let me = api
        .login("newcomer", STRONG)
        .unwrap()
        .get("/rpc/me")
        .unwrap();
    assert_eq!(me.json()["username"], json!("newcomer"));
    assert_eq!(me.json()["is_admin"], json!(false));
}

/// The seeded accounts still have "password123"; nobody new may pick it or
/// anything else from the common-password list.
#[test]
fn new_accounts_cannot_use_common_passwords() {
    let stack = Stack::shared();
    for password in [
        "password123",
        "PASSWORD123",
        "Password123",
        "qwerty123",
        "12345678",
        "iloveyou",
        "aaaaaaaaaaaa",
    ] {
        let name = unique("weakling");
        let reply = stack.register(&name, password).unwrap();
        assert_eq!(reply.status, 400, "{password}: {}", reply.text());
        assert_eq!(reply.json()["code"], json!("PT400"));
        assert_eq!(
            reply.json()["message"],
            json!("Password is too common"),
            "{password}"
        );
        assert_eq!(
            stack
                .query_value(&format!(
                    "SELECT count(*) FROM app_data.users WHERE username = '{name}'"
                ))
                .unwrap(),
            "0"
        );
    }
    for (password, message) in [
        ("short1!", "Password must be at least 8 characters"),
        ("        ", "Password is required"),
    ] {
        let reply = stack.register(&unique("weakling"), password).unwrap();
        assert_eq!(reply.status, 400, "{password:?}: {}", reply.text());
        assert_eq!(reply.json()["message"], json!(message));
    }
    let reply = stack
        .register(&unique("weakling"), &"ü".repeat(40))
        .unwrap();
    assert_eq!(reply.status, 400, "80 bytes: {}", reply.text());
    assert_eq!(
        reply.json()["message"],
        json!("Password must be at most 72 bytes")
    );
}

/// A new household (no seed, as after a production deploy) has no
/// first-come admin: registering without an invite is refused, whoever
/// installs creates the first admin (`create_first_admin`, app_owner only),
/// and everyone who joins after, by invite or open registration, is a member.
#[test]
fn a_new_household_gets_its_first_admin_from_the_installer_not_from_registration() {
    let stack = Stack::start_with(false).expect("an unseeded stack");
    let api = stack.api();
    let reply = api
        .rpc(
            "register_user",
            &json!({"p_username": "founder", "p_password": STRONG}),
        )
        .unwrap();
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(
        reply.json()["message"],
        json!("Registration needs an invite code")
    );
    assert_eq!(
        stack
            .query_value("SELECT count(*) FROM app_data.users")
            .unwrap(),
        "0"
    );

    // Not over HTTP, not with a common password.
    let reply = api
        .rpc(
            "create_first_admin",
            &json!({"p_username": "founder", "p_password": STRONG}),
        )
        .unwrap();
    assert_eq!(reply.status, 404, "{}", reply.text());
    assert!(stack
        .psql("SELECT app_functions.create_first_admin('founder', 'password123')")
        .is_err());

    let founder_id = stack
        .query_value(&format!(
            "SELECT app_functions.create_first_admin('founder', '{STRONG}')"
        ))
        .unwrap();
    assert!(founder_id.parse::<i64>().is_ok(), "{founder_id:?}");
    let second = stack
        .query_value(&format!(
            "SELECT coalesce(app_functions.create_first_admin('usurper', '{STRONG}')::text, 'none')"
        ))
        .unwrap();
    assert_eq!(second, "none", "only while there is no admin");

    let founder = api.login("founder", STRONG).unwrap();
    let me = founder.get("/rpc/me").unwrap().json();
    assert_eq!(me["is_admin"], json!(true));
    let invite = founder
        .rpc("create_invite", &json!({"p_max_uses": 5}))
        .unwrap();
    assert_eq!(invite.status, 201, "{}", invite.text());
    let code = invite.json()["code"].as_str().unwrap().to_string();
    let mut admins = Vec::new();
    for name in ["second", "third"] {
        let reply = api
            .rpc(
                "register_user",
                &json!({"p_username": name, "p_password": STRONG, "p_invite_code": code}),
            )
            .unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
        admins.push(reply.json()["is_admin"].as_bool());
    }
    let opened = founder
        .rpc("open_registration", &json!({"p_minutes": 5}))
        .unwrap();
    assert_eq!(opened.status, 200, "{}", opened.text());
    let reply = api
        .rpc(
            "register_user",
            &json!({"p_username": "fourth", "p_password": STRONG}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    admins.push(reply.json()["is_admin"].as_bool());
    assert_eq!(admins, [Some(false), Some(false), Some(false)]);
    assert_eq!(
        stack
            .query_value("SELECT string_agg(username, ',' ORDER BY username) FROM app_data.users WHERE is_admin")
            .unwrap(),
        "founder"
    );

    let reply = founder
        .rpc("create_task", &json!({"p_task_name": "Water the plants"}))
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    let second = api.login("second", STRONG).unwrap();
    let reply = second
        .rpc("create_task", &json!({"p_task_name": "Feed the cat"}))
        .unwrap();
    assert_eq!(reply.status, 403, "{}", reply.text());
}
