//! Bad input for accounts, sessions and invites (db/api/20_auth.sql,
//! 25_members.sql): every parameter.
use super::*;

pub fn targets(fixtures: &Fixtures) -> Vec<Target> {
    let mut usernames = bad_required_text();
    usernames.extend([
        json!("ab"),
        json!("has space"),
        json!("'; DROP TABLE app_data.users; --"),
        json!("ユーザー"),
        json!(12),
        json!({"a": 1}),
        json!(["admin"]),
        long(33),
        json!("user1"),
        json!("ADMIN"),
    ]);
    usernames.extend(invisible_in("newname"));
    let register_valid = json!({"p_username": "bad_input_fresh", "p_password": STRONG,
                                "p_invite_code": fixtures.invite_code});
    let mut ids_of_members = bad_ids();
    ids_of_members.push(json!(fixtures.removed_id));
    vec![
        Target {
            function: "register_user",
            valid: register_valid.clone(),
            param: "p_username",
            bad: usernames,
            caller: ANON,
        },
        Target {
            function: "register_user",
            valid: register_valid.clone(),
            param: "p_password",
            bad: bad_passwords(),
            caller: ANON,
        },
        Target {
            function: "register_user",
            valid: register_valid,
            param: "p_invite_code",
            bad: bad_invite_codes(fixtures),
            caller: ANON,
        },
        Target {
            function: "login",
            valid: json!({"p_username": "user3", "p_password": "password123"}),
            param: "p_username",
            bad: invisible_in("user3"),
            caller: ANON,
        },
        Target {
            function: "login",
            valid: json!({"p_username": "user3", "p_password": "password123"}),
            param: "p_password",
            bad: vec![
                json!("password123\r\n"),
                json!("password\u{0}123"),
                json!("password\u{202e}123"),
                json!("password\u{200b}123"),
                json!(["password123"]),
                json!({"p": "password123"}),
                json!(true),
            ],
            caller: ANON,
        },
        // The new password is checked before the current one: no sign-in
        // failure is counted for these.
        Target {
            function: "change_password",
            valid: json!({"p_current_password": STRONG, "p_new_password": OTHER_STRONG}),
            param: "p_new_password",
            bad: plus(bad_passwords(), [json!(STRONG)]),
            caller: CHANGER,
        },
        // Wrong current passwords count as failed sign-ins: after five the
        // account is locked (429), which is a refusal too.
        Target {
            function: "change_password",
            valid: json!({"p_current_password": STRONG, "p_new_password": OTHER_STRONG}),
            param: "p_current_password",
            bad: vec![
                json!(""),
                Value::Null,
                json!("not-my-password"),
                json!(format!("{STRONG}\r\n")),
                json!(format!("{STRONG}\u{200b}")),
                json!(STRONG.to_uppercase()),
                json!("' OR '1'='1"),
                long(10_000),
            ],
            caller: CHANGER,
        },
        Target {
            function: "reset_member_password",
            valid: json!({"p_user_id": fixtures.target_id, "p_new_password": OTHER_STRONG}),
            param: "p_user_id",
            bad: ids_of_members.clone(),
            caller: ADMIN,
        },
        Target {
            function: "reset_member_password",
            valid: json!({"p_user_id": fixtures.target_id, "p_new_password": OTHER_STRONG}),
            param: "p_new_password",
            bad: bad_passwords(),
            caller: ADMIN,
        },
        Target {
            function: "remove_member",
            valid: json!({"p_user_id": fixtures.target_id}),
            param: "p_user_id",
            bad: plus(ids_of_members, [json!(4)]), // the admin calling
            caller: ADMIN,
        },
        Target {
            function: "create_invite",
            valid: json!({"p_expires_in_hours": 1, "p_max_uses": 1}),
            param: "p_expires_in_hours",
            bad: vec![
                Value::Null,
                json!(0),
                json!(-1),
                json!(721),
                json!(99_999_999_999_i64),
                json!(1.5),
                json!("abc"),
                json!(""),
                json!("72; DROP TABLE app_data.invites"),
                json!("7\u{200b}2"),
                json!(true),
                json!([]),
                json!({}),
            ],
            caller: ADMIN,
        },
        Target {
            function: "create_invite",
            valid: json!({"p_expires_in_hours": 1, "p_max_uses": 1}),
            param: "p_max_uses",
            bad: vec![
                Value::Null,
                json!(0),
                json!(-1),
                json!(101),
                json!(2_147_483_648_i64),
                json!(2.5),
                json!("x"),
                json!("1\r\n2"),
                json!([1]),
            ],
            caller: ADMIN,
        },
        Target {
            function: "revoke_invite",
            valid: json!({"p_invite_id": fixtures.invite_id}),
            param: "p_invite_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "open_registration",
            valid: json!({"p_minutes": 0}),
            param: "p_minutes",
            bad: vec![
                Value::Null,
                json!(-1),
                json!(10_081),
                json!(99_999_999_999_i64),
                json!(1.5),
                json!("abc"),
                json!(""),
                json!("60; DROP TABLE app_data.household"),
                json!("6\u{202e}0"),
                json!(true),
                json!([]),
                json!({}),
            ],
            caller: ADMIN,
        },
        Target {
            function: "login",
            valid: json!({"p_username": "user1", "p_password": "password123"}),
            param: "p_username",
            bad: vec![
                json!(""),
                json!("   "),
                Value::Null,
                long(10_000),
                json!("' OR '1'='1"),
                json!("user1' --"),
            ],
            caller: ANON,
        },
        Target {
            function: "login",
            valid: json!({"p_username": "user1", "p_password": "password123"}),
            param: "p_password",
            bad: vec![
                json!(""),
                Value::Null,
                long(10_000),
                json!("' OR '1'='1"),
                json!("password123 "),
            ],
            caller: ANON,
        },
    ]
}
