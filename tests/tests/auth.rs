//! Sign-in and tokens: login → JWT → authorised request, and every way a
//! token can be wrong.
use serde_json::json;
use tests::Stack;

#[test]
fn login_returns_a_jwt_that_authorises_requests() {
    let stack = Stack::shared();
    let reply = stack
        .api()
        .rpc(
            "login",
            &json!({"p_username": "user1", "p_password": "password123"}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    let token = body["token"].as_str().expect("a token");
    assert_eq!(token.split('.').count(), 3, "a JWT has three parts");
    assert_eq!(body["user"]["username"], json!("user1"));
    assert_eq!(body["user"]["is_admin"], json!(false));
    assert!(body["user"].get("password_hash").is_none());

    let member = stack.api().with_token(token);
    let me = member.get("/rpc/me").unwrap();
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["user_id"], json!(1));
    let mine = member.get("/task_assignments?user_id=eq.1").unwrap();
    assert_eq!(mine.status, 200);
    assert_eq!(mine.json().as_array().map(Vec::len), Some(2));
}

#[test]
fn login_is_case_insensitive_on_the_username_only() {
    let api = Stack::shared().api();
    assert!(api.login("USER2", "password123").is_ok());
    let reply = api
        .rpc(
            "login",
            &json!({"p_username": "user2", "p_password": "PASSWORD123"}),
        )
        .unwrap();
    assert_eq!(reply.status, 401);
}

#[test]
fn wrong_credentials_get_401_with_a_json_message() {
    let api = Stack::shared().api();
    for (username, password) in [
        ("user1", "wrong-password"),
        ("nobody", "password123"),
        ("admin", "password12"),
    ] {
        let reply = api
            .rpc(
                "login",
                &json!({"p_username": username, "p_password": password}),
            )
            .unwrap();
        assert_eq!(reply.status, 401, "{username}: {}", reply.text());
        assert_eq!(
            reply.json()["message"],
            json!("Invalid username or password")
        );
        assert!(reply.json().get("token").is_none());
    }
}

#[test]
fn registered_users_can_sign_in_and_are_members() {
    let api = Stack::shared().api();
    let reply = api
        .rpc(
            "register_user",
            &json!({"p_username": "newcomer", "p_password": "a-long-password"}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.json()["is_admin"], json!(false));
    let again = api
        .rpc(
            "register_user",
            &json!({"p_username": "NEWCOMER", "p_password": "a-long-password"}),
        )
        .unwrap();
    assert_eq!(again.status, 409, "{}", again.text());
    let me = api
        .login("newcomer", "a-long-password")
        .unwrap()
        .get("/rpc/me")
        .unwrap();
    assert_eq!(me.json()["username"], json!("newcomer"));
}

#[test]
fn expired_tampered_and_forged_tokens_are_refused() {
    let stack = Stack::shared();
    let api = stack.api();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();

    let expired = stack
        .sign_claims(&json!({"role": "api_authenticated", "user_id": 1, "exp": now - 60}))
        .unwrap();
    let reply = api.with_token(&expired).get("/rpc/me").unwrap();
    assert_eq!(reply.status, 401, "expired: {}", reply.text());
    assert_eq!(reply.json()["message"], json!("JWT expired"));

    // A real token whose payload is swapped for admin's id: the signature
    // no longer matches.
    let genuine = api.login("user1", "password123").unwrap();
    let token = genuine_token(&api, "user1");
    let parts: Vec<&str> = token.split('.').collect();
    let forged_payload = base64url(
        &json!({"role": "api_authenticated", "user_id": 4, "exp": now + 3600}).to_string(),
    );
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    let reply = api.with_token(&tampered).get("/rpc/me").unwrap();
    assert_eq!(reply.status, 401, "tampered: {}", reply.text());
    drop(genuine);

    // Signed with another secret.
    let header = base64url(r#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = base64url(&json!({"role": "api_publisher", "exp": now + 3600}).to_string());
    let foreign = format!("{header}.{payload}.{}", base64url("not-the-signature"));
    let reply = api
        .with_token(&foreign)
        .get("/rpc/frontend_asset_manifest")
        .unwrap();
    assert_eq!(reply.status, 401, "foreign secret: {}", reply.text());

    // "alg": "none".
    let none = format!("{}.{payload}.", base64url(r#"{"alg":"none","typ":"JWT"}"#));
    let reply = api
        .with_token(&none)
        .get("/rpc/frontend_asset_manifest")
        .unwrap();
    assert_eq!(reply.status, 401, "alg none: {}", reply.text());

    // Even a correctly signed token cannot name a role the authenticator
    // may not become.
    for role in ["app_owner", "postgres", "api_user"] {
        let token = stack
            .sign_claims(&json!({"role": role, "user_id": 4, "exp": now + 3600}))
            .unwrap();
        let reply = api.with_token(&token).get("/users").unwrap();
        assert!(
            matches!(reply.status, 401 | 403),
            "role {role}: {} {}",
            reply.status,
            reply.text()
        );
    }

    // A garbage bearer value.
    let reply = api.with_token("not-a-jwt").get("/rpc/me").unwrap();
    assert_eq!(reply.status, 401);
    assert!(reply.is_json_error());
}

#[test]
fn a_deleted_account_token_stops_working() {
    let stack = Stack::shared();
    let api = stack.api();
    let reply = api
        .rpc(
            "register_user",
            &json!({"p_username": "leaver", "p_password": "password123"}),
        )
        .unwrap();
    assert_eq!(reply.status, 201);
    let leaver = api.login("leaver", "password123").unwrap();
    stack
        .psql("DELETE FROM app_data.users WHERE username = 'leaver'")
        .unwrap();
    let reply = leaver.get("/rpc/me").unwrap();
    assert_eq!(reply.status, 401, "{}", reply.text());
}

fn genuine_token(api: &tests::Api, username: &str) -> String {
    api.rpc(
        "login",
        &json!({"p_username": username, "p_password": "password123"}),
    )
    .unwrap()
    .json()["token"]
        .as_str()
        .expect("token")
        .to_string()
}

fn base64url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

/// A new household (no seed, as after a production deploy) is run by whoever
/// registers first; everyone after is a member.
#[test]
fn the_first_account_of_a_new_household_is_its_admin() {
    let stack = Stack::start_with(false).expect("an unseeded stack");
    let api = stack.api();
    let mut admins = Vec::new();
    for name in ["founder", "second", "third"] {
        let reply = api
            .rpc(
                "register_user",
                &json!({"p_username": name, "p_password": "password123"}),
            )
            .unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
        admins.push(reply.json()["is_admin"].as_bool());
    }
    assert_eq!(admins, [Some(true), Some(false), Some(false)]);
    let founder = api.login("founder", "password123").unwrap();
    let reply = founder
        .rpc("create_task", &json!({"p_task_name": "Water the plants"}))
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
}
