//! Bad input never gets past validation: every value below must be refused
//! with a 4xx and a JSON message, and leave every row as it was.
use serde_json::{json, Value};
use tests::{Api, Stack};

fn long(n: usize) -> Value {
    json!("x".repeat(n))
}

/// Values every required text parameter must refuse.
fn bad_required_text() -> Vec<Value> {
    vec![
        json!(""),
        json!("   "),
        json!("\t\n"),
        Value::Null,
        long(10_000),
        json!("a\u{1}b"),
        json!("nul\u{0}byte"),
    ]
}

/// Values every id parameter must refuse.
fn bad_ids() -> Vec<Value> {
    vec![
        Value::Null,
        json!(-1),
        json!(0),
        json!("abc"),
        json!(1.5),
        json!(true),
        json!([]),
        json!({}),
        json!("1; DROP TABLE app_data.tasks"),
        json!(999_999_999),
        json!(""),
    ]
}

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

fn targets() -> Vec<Target> {
    let mut usernames = bad_required_text();
    usernames.extend([
        json!("ab"),
        json!("has space"),
        json!("'; DROP TABLE app_data.users; --"),
        json!("ユーザー"),
        json!(12),
        json!({"a": 1}),
        long(33),
    ]);
    let mut passwords = bad_required_text();
    passwords.extend([json!("short"), long(73), json!("ü".repeat(40))]);
    let mut task_names = bad_required_text();
    task_names.extend([
        long(101),
        json!("Kitchen Cleaning"),
        json!("  kitchen cleaning  "),
    ]);
    let mut asset_names = bad_required_text();
    asset_names.extend([
        json!("../etc/passwd"),
        json!("a/b.js"),
        json!(".hidden"),
        long(201),
        json!("spa ce.js"),
    ]);
    vec![
        Target {
            function: "register_user",
            valid: json!({"p_username": "fresh_user", "p_password": "password123"}),
            param: "p_username",
            bad: usernames,
            caller: ANON,
        },
        Target {
            function: "register_user",
            valid: json!({"p_username": "fresh_user", "p_password": "password123"}),
            param: "p_password",
            bad: passwords,
            caller: ANON,
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
        Target {
            function: "create_task",
            valid: json!({"p_task_name": "Fresh task", "p_description": "d"}),
            param: "p_task_name",
            bad: task_names.clone(),
            caller: ADMIN,
        },
        Target {
            function: "create_task",
            valid: json!({"p_task_name": "Fresh task", "p_description": "d"}),
            param: "p_description",
            bad: vec![long(1001), long(10_000)],
            caller: ADMIN,
        },
        Target {
            function: "update_task",
            valid: json!({"p_task_id": 1, "p_task_name": "Kitchen"}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "update_task",
            valid: json!({"p_task_id": 1, "p_task_name": "Kitchen"}),
            param: "p_task_name",
            bad: vec![
                json!(""),
                json!("   "),
                long(10_000),
                json!("Bathroom Cleaning"),
            ],
            caller: ADMIN,
        },
        Target {
            function: "delete_task",
            valid: json!({"p_task_id": 1}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "assign_task",
            valid: json!({"p_task_id": 1, "p_user_id": 2}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "assign_task",
            valid: json!({"p_task_id": 1, "p_user_id": 2}),
            param: "p_user_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "complete_assignment",
            valid: json!({"p_assignment_id": 1}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: MEMBER,
        },
        Target {
            function: "approve_assignment",
            valid: json!({"p_assignment_id": 1}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "reject_assignment",
            valid: json!({"p_assignment_id": 1}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_asset_name",
            bad: asset_names,
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_content_type",
            bad: vec![
                json!(""),
                Value::Null,
                json!("text"),
                json!("text/html\r\nX-Evil: 1"),
                long(10_000),
            ],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x", "p_encoding": "base64"}),
            param: "p_content",
            bad: vec![Value::Null, json!("!!! not base64 !!!")],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_encoding",
            bad: vec![json!("rot13"), json!("")],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "index.html", "p_content_type": "text/html", "p_content": "x"}),
            param: "p_content_type",
            bad: vec![json!("application/javascript")],
            caller: PUBLISHER,
        },
    ]
}

fn callers(stack: &Stack) -> [Api; 4] {
    let anon = stack.api();
    [
        anon.clone(),
        anon.login("user1", "password123").unwrap(),
        anon.login("admin", "password123").unwrap(),
        anon.with_token(&stack.publisher_token().unwrap()),
    ]
}

#[test]
fn bad_input_is_refused_with_a_json_4xx_and_changes_nothing() {
    let stack = Stack::shared();
    let callers = callers(stack);
    let mut failures = Vec::new();
    let mut count = 0;
    for target in targets() {
        for bad in &target.bad {
            count += 1;
            let mut args = target.valid.clone();
            args[target.param] = bad.clone();
            let before = stack.data_fingerprint().unwrap();
            let reply = callers[target.caller].rpc(target.function, &args).unwrap();
            let shown: String = bad.to_string().chars().take(40).collect();
            if !(400..500).contains(&reply.status) || !reply.is_json_error() {
                failures.push(format!(
                    "{}({} = {shown}): {} {}",
                    target.function,
                    target.param,
                    reply.status,
                    reply.text()
                ));
            } else if stack.data_fingerprint().unwrap() != before {
                failures.push(format!(
                    "{}({} = {shown}): refused, yet data changed",
                    target.function, target.param
                ));
            }
        }
    }
    // Malformed requests, not just malformed values.
    let raw: [(&str, &str); 5] = [
        ("create_task", "{not json"),
        ("create_task", r#"{"p_task_name": "x", "p_unknown": 1}"#),
        ("create_task", "[1, 2, 3]"),
        ("complete_assignment", r#"{"p_assignment_id": 1e400}"#),
        ("login", ""),
    ];
    for (function, body) in raw {
        count += 1;
        let before = stack.data_fingerprint().unwrap();
        let reply = callers[ADMIN]
            .raw(
                reqwest::Method::POST,
                &format!("/rpc/{function}"),
                &[("Content-Type", "application/json")],
                Some(body),
            )
            .unwrap();
        if !(400..500).contains(&reply.status)
            || !reply.is_json_error()
            || stack.data_fingerprint().unwrap() != before
        {
            failures.push(format!(
                "{function} raw {body:?}: {} {}",
                reply.status,
                reply.text()
            ));
        }
    }
    eprintln!("bad inputs checked: {count}");
    assert!(count >= 150, "the bad-input table shrank to {count}");
    assert!(
        failures.is_empty(),
        "{} of {count} bad inputs got through:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Awkward but legitimate text is stored exactly as sent, never interpreted.
#[test]
fn sql_metacharacters_and_unicode_are_stored_verbatim() {
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
            .query_value("SELECT count(*) FROM app_data.users")
            .unwrap(),
        "4"
    );
}
