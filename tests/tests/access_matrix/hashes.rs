//! No answer to anyone, on any path, ever contains a password hash.

use super::*;

/// method, path, headers, body
type Probe = (
    Method,
    &'static str,
    Vec<(&'static str, &'static str)>,
    Option<&'static str>,
);

/// No answer to anyone, on any path, ever contains a password hash (or an
/// invite code's hash).
#[test]
fn password_hashes_never_leave_the_database() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let callers = callers(stack);
    let probes: Vec<Probe> = vec![
        (Method::GET, "/users", vec![], None),
        (Method::GET, "/users?select=*", vec![], None),
        (Method::GET, "/users?select=password_hash", vec![], None),
        (
            Method::GET,
            "/users",
            vec![("Accept-Profile", "app_data")],
            None,
        ),
        (
            Method::GET,
            "/users",
            vec![("Accept-Profile", "public")],
            None,
        ),
        (
            Method::GET,
            "/task_assignments?select=*,users(*)",
            vec![],
            None,
        ),
        (
            Method::GET,
            "/task_assignments?select=*,users(password_hash)",
            vec![],
            None,
        ),
        (Method::GET, "/rpc/me", vec![], None),
        (Method::GET, "/rpc/invites", vec![], None),
        (Method::GET, "/rpc/registration_settings", vec![], None),
        (
            Method::POST,
            "/rpc/change_password",
            vec![("Content-Type", "application/json")],
            Some(r#"{"p_current_password":"wrong-password","p_new_password":"qwerty123"}"#),
        ),
        (
            Method::POST,
            "/rpc/reset_member_password",
            vec![("Content-Type", "application/json")],
            Some(r#"{"p_user_id":1,"p_new_password":"qwerty123"}"#),
        ),
        (
            Method::POST,
            "/rpc/remove_member",
            vec![("Content-Type", "application/json")],
            Some(r#"{"p_user_id":4}"#),
        ),
        (Method::GET, "/", vec![], None),
        (Method::GET, "/", vec![("Accept-Profile", "app_data")], None),
        (
            Method::POST,
            "/rpc/login",
            vec![("Content-Type", "application/json")],
            Some(r#"{"p_username":"user1","p_password":"password123"}"#),
        ),
        (
            Method::POST,
            "/rpc/register_user",
            vec![("Content-Type", "application/json")],
            Some(r#"{"p_username":"user1","p_password":"password123"}"#),
        ),
        (
            Method::POST,
            "/users",
            vec![
                ("Content-Profile", "app_data"),
                ("Content-Type", "application/json"),
                ("Prefer", "return=representation"),
            ],
            Some(r#"{"username":"sneaky","password_hash":"$2a$06$x"}"#),
        ),
    ];
    // Invite codes are stored as SHA-256 only: that never leaves either.
    stack.invite_code().unwrap();
    let hashes: Vec<String> = stack
        .psql(
            "SELECT password_hash FROM app_data.users \
             UNION ALL SELECT code_sha256 FROM app_data.invites",
        )
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(hashes.len() >= 5);
    for api in &callers.all {
        for (method, path, headers, body) in &probes {
            let reply = api.raw(method.clone(), path, headers, *body).unwrap();
            let text = reply.text();
            assert!(
                !text.contains("$2a$") && !text.contains("$2b$"),
                "{method} {path}: a bcrypt hash leaked: {text}"
            );
            for hash in &hashes {
                assert!(
                    !text.contains(hash.as_str()),
                    "{method} {path} leaked a stored hash"
                );
            }
            if let Value::Array(rows) = reply.json() {
                for row in rows {
                    assert!(row.get("password_hash").is_none(), "{method} {path}: {row}");
                }
            }
        }
    }
}
