//! The defences that already held, kept holding: forged tokens, private
//! schemas behind Accept-Profile/Content-Profile, writes on views, and
//! password hashes in any response.

use crate::{admin, base64url, claims, new_member, now, rpc, stack, MEMBER_PASSWORD};
use reqwest::Method;
use serde_json::json;
use tests::{Api, Stack};

const PRIVATE_SCHEMAS: [&str; 4] = ["app_data", "app_functions", "app_frontend", "public"];

fn callers(stack: &Stack) -> Vec<(&'static str, Api)> {
    let member = new_member(stack, "regress");
    vec![
        ("anonymous", stack.api()),
        ("member", member.api(stack)),
        ("admin", admin(stack)),
        (
            "publisher",
            stack.api().with_token(&stack.publisher_token().unwrap()),
        ),
    ]
}

#[test]
fn forged_tokens_are_refused() {
    let stack = stack();
    let member = new_member(stack, "tamper");
    let parts: Vec<&str> = member.token.split('.').collect();
    let genuine = claims(&member.token);
    let now = now();
    let mut forged: Vec<(String, String)> = Vec::new();

    // A member's real token with a changed payload (the signature no
    // longer matches), for each role worth having.
    for role in [
        "postgres",
        "app_owner",
        "api_user",
        "api_publisher",
        "api_anon",
    ] {
        let mut c = genuine.clone();
        c["role"] = json!(role);
        let payload = base64url(c.to_string().as_bytes());
        forged.push((
            format!("member token claiming role {role}"),
            format!("{}.{payload}.{}", parts[0], parts[2]),
        ));
    }
    let mut c = genuine.clone();
    c["user_id"] = json!(4);
    forged.push((
        "member token claiming admin's user_id".into(),
        format!(
            "{}.{}.{}",
            parts[0],
            base64url(c.to_string().as_bytes()),
            parts[2]
        ),
    ));
    // alg none, with and without a signature.
    for header in [
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"None"}"#,
        r#"{"alg":"NONE"}"#,
    ] {
        let mut c = genuine.clone();
        c["role"] = json!("api_publisher");
        let head = base64url(header.as_bytes());
        let payload = base64url(c.to_string().as_bytes());
        forged.push((format!("alg none {header}"), format!("{head}.{payload}.")));
        forged.push((
            format!("alg none {header} with the old signature"),
            format!("{head}.{payload}.{}", parts[2]),
        ));
    }
    // Another secret; HS512 header over the HS256 signature.
    let payload = base64url(
        json!({"role": "api_publisher", "exp": now + 3600})
            .to_string()
            .as_bytes(),
    );
    forged.push((
        "wrong secret".into(),
        format!(
            "{}.{payload}.{}",
            base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            base64url(b"definitely-not-the-signature-xxxxxxxxxxxx")
        ),
    ));
    forged.push((
        "alg switched to HS512".into(),
        format!(
            "{}.{}.{}",
            base64url(br#"{"alg":"HS512","typ":"JWT"}"#),
            parts[1],
            parts[2]
        ),
    ));
    forged.push(("garbage".into(), "not.a.jwt".into()));
    forged.push((
        "empty signature".into(),
        format!("{}.{}.", parts[0], parts[1]),
    ));

    for (what, token) in &forged {
        let api = stack.api().with_token(token);
        for (path, reply) in [
            ("GET /rpc/me", api.get("/rpc/me").unwrap()),
            ("GET /users", api.get("/users").unwrap()),
            (
                "GET /rpc/frontend_asset_manifest",
                api.get("/rpc/frontend_asset_manifest").unwrap(),
            ),
        ] {
            assert_eq!(reply.status, 401, "{what}: {path}: {}", reply.text());
        }
    }

    // Correctly signed (as only someone with the secret could), a role the
    // authenticator may not become still gets nothing.
    for role in ["postgres", "app_owner", "api_user"] {
        let token = stack
            .sign_claims(&json!({"role": role, "user_id": 4, "exp": now + 3600}))
            .unwrap();
        let reply = stack.api().with_token(&token).get("/users").unwrap();
        assert!(
            matches!(reply.status, 401 | 403),
            "signed role {role}: {} {}",
            reply.status,
            reply.text()
        );
    }
    // The unmodified token still works: the refusals are about the forgery.
    assert_eq!(member.api(stack).get("/rpc/me").unwrap().status, 200);
}

#[test]
fn private_schemas_are_not_reachable_by_profile_headers() {
    let stack = stack();
    let relations = stack
        .psql(
            "SELECT n.nspname || '|' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname IN ('app_data', 'app_functions', 'app_frontend', 'public') AND c.relkind IN ('r','v','m','p','f') \
             ORDER BY 1",
        )
        .unwrap();
    let functions = stack
        .psql(
            "SELECT n.nspname || '|' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE n.nspname IN ('app_data', 'app_functions', 'app_frontend') ORDER BY 1",
        )
        .unwrap();
    assert!(relations.contains("app_data|users") && functions.contains("app_functions|sign_jwt"));
    for (who, api) in callers(stack) {
        for line in relations.lines().filter(|l| !l.is_empty()) {
            let (schema, relation) = line.split_once('|').unwrap();
            let reply = api
                .get_with(&format!("/{relation}"), &[("Accept-Profile", schema)])
                .unwrap();
            assert_eq!(
                reply.status,
                406,
                "{who} GET /{relation} as {schema}: {}",
                reply.text()
            );
            for method in [Method::POST, Method::PATCH, Method::DELETE] {
                let reply = api
                    .raw(
                        method.clone(),
                        &format!("/{relation}"),
                        &[
                            ("Content-Profile", schema),
                            ("Content-Type", "application/json"),
                        ],
                        Some("{}"),
                    )
                    .unwrap();
                assert_eq!(
                    reply.status,
                    406,
                    "{who} {method} /{relation} as {schema}: {}",
                    reply.text()
                );
            }
        }
        for line in functions.lines().filter(|l| !l.is_empty()) {
            let (schema, function) = line.split_once('|').unwrap();
            let reply = api
                .raw(
                    Method::POST,
                    &format!("/rpc/{function}"),
                    &[
                        ("Content-Profile", schema),
                        ("Content-Type", "application/json"),
                    ],
                    Some(r#"{"p_claims":{"role":"api_publisher"}}"#),
                )
                .unwrap();
            assert_eq!(
                reply.status,
                406,
                "{who} POST /rpc/{function} as {schema}: {}",
                reply.text()
            );
            let reply = api
                .get_with(&format!("/rpc/{function}"), &[("Accept-Profile", schema)])
                .unwrap();
            assert_eq!(
                reply.status,
                406,
                "{who} GET /rpc/{function} as {schema}: {}",
                reply.text()
            );
        }
        for schema in PRIVATE_SCHEMAS {
            let reply = api.get_with("/", &[("Accept-Profile", schema)]).unwrap();
            assert_eq!(
                reply.status,
                406,
                "{who} GET / as {schema}: {}",
                reply.text()
            );
        }
    }
}

/// A fingerprint of the seeded users, tasks and assignments.
fn seeded_rows(stack: &Stack) -> String {
    stack
        .query_value(
            "SELECT md5(concat_ws('|', (SELECT string_agg(u::text, ',' ORDER BY user_id) FROM app_data.users u WHERE user_id <= 4), \
             (SELECT string_agg(t::text, ',' ORDER BY task_id) FROM app_data.tasks t WHERE task_id <= 6), \
             (SELECT string_agg(a::text, ',' ORDER BY assignment_id) FROM app_data.task_assignments a WHERE assignment_id <= 6)))",
        )
        .unwrap()
}

#[test]
fn writes_on_every_view_are_refused() {
    let stack = stack();
    let views = stack
        .psql("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'api'::regnamespace AND c.relkind IN ('v','r','m') ORDER BY 1")
        .unwrap();
    let before = seeded_rows(stack);
    let mut tried = 0;
    for (who, api) in callers(stack) {
        for view in views.lines().filter(|l| !l.is_empty()) {
            let key = match view {
                "users" => "user_id=eq.1",
                "tasks" => "task_id=eq.1",
                "task_assignments" => "assignment_id=eq.1",
                "rewards" => "reward_id=eq.1",
                "redemptions" => "redemption_id=eq.1",
                "point_balances" => "user_id=eq.1",
                "away_periods" => "away_id=eq.1",
                "swap_offers" => "offer_id=eq.1",
                _ => "",
            };
            let body = match view {
                "users" => r#"{"username":"intruder","is_admin":true}"#,
                "tasks" => r#"{"task_name":"Intruder task","description":"x"}"#,
                "task_assignments" => {
                    r#"{"is_approved":true,"completed_at":"2020-01-01T00:00:00Z"}"#
                }
                "rewards" => r#"{"name":"Intruder reward","cost":1}"#,
                "redemptions" => r#"{"status":"approved","reward_id":1,"user_id":1,"cost":1}"#,
                "point_balances" => r#"{"user_id":1,"balance":1000000}"#,
                "away_periods" => {
                    r#"{"user_id":2,"starts_on":"2020-01-01","ends_on":"2020-01-02"}"#
                }
                "swap_offers" => r#"{"status":"accepted","to_user_id":1}"#,
                _ => "{}",
            };
            for (method, path) in [
                (Method::POST, format!("/{view}")),
                (Method::PATCH, format!("/{view}?{key}")),
                (Method::PATCH, format!("/{view}")),
                (Method::PUT, format!("/{view}?{key}")),
                (Method::DELETE, format!("/{view}?{key}")),
                (Method::DELETE, format!("/{view}")),
            ] {
                let reply = api
                    .raw(
                        method.clone(),
                        &path,
                        &[
                            ("Content-Type", "application/json"),
                            ("Prefer", "return=representation"),
                        ],
                        Some(body),
                    )
                    .unwrap();
                tried += 1;
                // PUT needs the key in the body: PostgREST refuses it with
                // a 400 before asking the database. The rest reach it.
                let refused = if method == Method::PUT {
                    (400..500).contains(&reply.status)
                } else {
                    matches!(reply.status, 401 | 403 | 405)
                };
                assert!(
                    refused,
                    "{who} {method} {path}: {} {}",
                    reply.status,
                    reply.text()
                );
            }
        }
    }
    let after = seeded_rows(stack);
    assert_eq!(
        before, after,
        "the seeded rows are unchanged after {tried} refused writes"
    );
    let intruders = stack
        .query_value("SELECT count(*) FROM app_data.users WHERE username = 'intruder'")
        .unwrap();
    assert_eq!(intruders, "0");
}

#[test]
fn no_response_contains_a_password_hash() {
    let stack = stack();
    let hashes: Vec<String> = stack
        .psql("SELECT password_hash FROM app_data.users")
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    assert!(hashes.len() >= 4);
    let views = stack
        .psql("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'api'::regnamespace AND c.relkind IN ('v','r','m')")
        .unwrap();
    let stable = stack
        .psql("SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'api'::regnamespace AND p.provolatile <> 'v'")
        .unwrap();
    let member = new_member(stack, "hashless");
    let mut paths: Vec<String> = Vec::new();
    for view in views.lines().filter(|l| !l.is_empty()) {
        for query in [
            "",
            "?select=*",
            "?select=password_hash",
            "?select=*,password_hash",
            "?password_hash=like.$2*",
            "?order=password_hash",
        ] {
            paths.push(format!("/{view}{query}"));
        }
    }
    for function in stable.lines().filter(|l| !l.is_empty()) {
        paths.push(format!("/rpc/{function}"));
    }
    let check = |who: &str, what: &str, text: &str| {
        for hash in &hashes {
            assert!(
                !text.contains(hash.as_str()),
                "{who} {what} returned a password hash"
            );
        }
        assert!(
            !text.contains("$2a$") && !text.contains("$2b$"),
            "{who} {what} returned something bcrypt-shaped: {text}"
        );
    };
    let mut all = callers(stack);
    all.push(("fresh member", member.api(stack)));
    for (who, api) in &all {
        for path in &paths {
            let reply = api.get(path).unwrap();
            check(who, path, &reply.text());
        }
    }
    // And what the account functions return.
    for (what, reply) in [
        (
            "login",
            crate::login_reply(stack, &member.username, MEMBER_PASSWORD),
        ),
        ("me", member.api(stack).get("/rpc/me").unwrap()),
        (
            "register_user",
            rpc(
                &stack.api(),
                "register_user",
                json!({"p_username": crate::unique("hashless"), "p_password": MEMBER_PASSWORD,
                       "p_invite_code": crate::invite(stack)}),
            ),
        ),
        (
            "change_password",
            rpc(
                &member.api(stack),
                "change_password",
                json!({"p_current_password": MEMBER_PASSWORD, "p_new_password": "Hashless-pass-9"}),
            ),
        ),
    ] {
        assert!(reply.status < 300, "{what}: {}", reply.text());
        check("caller", what, &reply.text());
        assert!(
            !reply.text().contains("password_hash"),
            "{what}: {}",
            reply.text()
        );
    }
}
