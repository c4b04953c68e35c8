//! Awkward text is stored as sent, names are normalised, request input
//! reaches errors only in "details", field errors name their parameter.

use super::*;

/// Awkward but legitimate text is stored exactly as sent, never interpreted.
#[test]
fn sql_metacharacters_and_unicode_are_stored_verbatim() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let admin = stack.api().login("admin", "password123").unwrap();
    for (name, description) in [
        (
            "Robert'); DROP TABLE app_data.tasks;--",
            "' OR 1=1 -- \\ \" %_ $$ $1",
        ),
        ("Fensterputzen 🪟 – ステップ", "Ünïcödé ✓ 清洁 العربية"),
        ("50% off; <script>alert(1)</script>", "line one\nline two"),
    ] {
        let reply = admin
            .rpc(
                "create_task",
                &json!({"p_task_name": name, "p_description": description}),
            )
            .unwrap();
        assert_eq!(reply.status, 201, "{name}: {}", reply.text());
        let id = reply.json()["task_id"].as_i64().unwrap();
        let stored = admin
            .get(&format!("/tasks?task_id=eq.{id}"))
            .unwrap()
            .json();
        assert_eq!(stored[0]["task_name"], json!(name));
        assert_eq!(stored[0]["description"], json!(description));
    }
    assert_eq!(
        stack
            .query_value(
                "SELECT count(*) FROM app_data.users WHERE username NOT LIKE 'bad\\_input\\_%'"
            )
            .unwrap(),
        "4",
        "no account beyond the seed and the fixtures"
    );
}

/// Names are NFC-normalised: two names that look the same are the same.
#[test]
fn names_that_look_the_same_are_the_same() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let admin = stack.api().login("admin", "password123").unwrap();
    let decomposed = "Cafe\u{301} corner";
    let composed = "Caf\u{e9} corner";
    let reply = admin
        .rpc("create_task", &json!({"p_task_name": decomposed}))
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.json()["task_name"], json!(composed));
    let before = stack.data_fingerprint().unwrap();
    let again = admin
        .rpc("create_task", &json!({"p_task_name": composed}))
        .unwrap();
    assert_eq!(again.status, 409, "{}", again.text());
    assert_eq!(stack.data_fingerprint().unwrap(), before);

    let code = stack.invite_code().unwrap();
    let reply = stack
        .api()
        .rpc(
            "register_user",
            &json!({"p_username": "bad_input_nfc", "p_password": STRONG, "p_invite_code": code}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
}

/// Request input reaches an error only inside "details", with every
/// invisible character written out; the message stays the fixed text.
#[test]
fn errors_quote_request_input_only_in_details() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let admin = stack.api().login("admin", "password123").unwrap();
    let reply = admin
        .rpc("create_task", &json!({"p_task_name": "Kitchen Cleaning"}))
        .unwrap();
    assert_eq!(reply.status, 409, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["code"], json!("PT409"));
    assert_eq!(
        body["message"],
        json!("A task with this name already exists")
    );
    for id in [999_999_998_i64, 999_999_997] {
        let reply = admin
            .rpc("revoke_invite", &json!({"p_invite_id": id}))
            .unwrap();
        assert_eq!(reply.status, 404, "{}", reply.text());
        assert!(
            !reply.json()["message"]
                .as_str()
                .unwrap()
                .contains(&id.to_string()),
            "{}",
            reply.text()
        );
    }
    // A CR/LF in an asset name never reaches the status line or a header.
    let reply = stack
        .api()
        .get_with(
            "/rpc/serve_js?p_asset_name=a%0D%0AX-Evil:%201%0D%0A%0D%0A",
            &[("Accept", "*/*")],
        )
        .unwrap();
    assert_eq!(reply.status, 404, "{}", reply.text());
    assert!(reply.header("x-evil").is_none());
    let details = reply.json()["details"].as_str().unwrap_or("").to_string();
    assert!(
        !details.contains('\r') && !details.contains('\n'),
        "{details:?}"
    );
    assert!(details.contains("\\u000d\\u000a"), "{details:?}");
    assert_eq!(
        reply.json()["message"],
        json!("No published asset with this name")
    );
}

/// A refusal about one argument names that parameter, and only it, in
/// "details" (docs/SECURITY-API.md, "Field errors"): what the app's forms
/// go by. Wrong credentials name no field.
#[test]
fn field_errors_name_their_parameter_in_details() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let anon = stack.api();
    let member = anon.login("user1", "password123").unwrap();
    let admin = anon.login("admin", "password123").unwrap();
    // caller, function, status, "details" ("-": none), arguments
    let cases = r#"
        admin  create_task     400 p_task_name        {"p_task_name": " "}
        admin  create_task     409 p_task_name        {"p_task_name": "Kitchen Cleaning"}
        admin  create_task     400 p_description      {"p_task_name": "Fielded", "p_description": "LONG"}
        admin  assign_task     400 p_task_id          {"p_task_id": 0, "p_user_id": 1}
        admin  create_invite   400 p_expires_in_hours {"p_expires_in_hours": 0}
        member change_password 400 p_new_password     {"p_current_password": "password123", "p_new_password": "short"}
        member change_password 403 p_current_password {"p_current_password": "not-it-at-all", "p_new_password": "STRONG"}
        anon   register_user   400 p_username         {"p_username": "x", "p_password": "STRONG"}
        anon   register_user   400 p_password         {"p_username": "fielded", "p_password": "short"}
        anon   register_user   403 p_invite_code      {"p_username": "fielded", "p_password": "STRONG"}
        anon   login           401 -                  {"p_username": "fielded", "p_password": "STRONG"}
    "#;
    for case in cases.trim().lines() {
        let (head, args) = case.split_at(case.find('{').unwrap());
        let [caller, function, status, field] = head.split_whitespace().collect::<Vec<_>>()[..]
        else {
            panic!("four words before the arguments: {case}");
        };
        let caller = match caller {
            "admin" => &admin,
            "member" => &member,
            _ => &anon,
        };
        let args = args
            .replace("LONG", &"x".repeat(1001))
            .replace("STRONG", OTHER_STRONG);
        let reply = caller
            .rpc(function, &serde_json::from_str(&args).unwrap())
            .unwrap();
        assert_eq!(reply.status.to_string(), status, "{case}: {}", reply.text());
        let details = reply.json()["details"].as_str().unwrap_or("-").to_string();
        assert_eq!(details, field, "{case}");
    }
}
