//! What login returns and every way a token can be wrong.

use super::*;

#[test]
fn login_returns_a_jwt_that_authorises_requests() {
    let stack = Stack::shared();
    let reply = login_reply(&stack.api(), "user1", "password123");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    let token = body["token"].as_str().expect("a token");
    assert_eq!(token.split('.').count(), 3, "a JWT has three parts");
    assert_eq!(body["user"]["username"], json!("user1"));
    assert_eq!(body["user"]["is_admin"], json!(false));
    assert!(body["user"].get("password_hash").is_none());
    assert!(body["expires_at"].is_string(), "{body}");

    // The claims: role, user, the session id that makes it revocable, 7 days.
    let claims = claims(token);
    assert_eq!(claims["role"], json!("api_authenticated"));
    assert_eq!(claims["user_id"], json!(1));
    assert_eq!(claims["username"], json!("user1"));
    let sid = claims["sid"].as_str().expect("a sid claim");
    assert_eq!(sid.len(), 36, "a UUID: {sid}");
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 7 * 24 * 3600);
    assert_eq!(
        stack
            .query_value(&format!(
                "SELECT count(*) FROM app_data.sessions WHERE session_id = '{sid}' AND user_id = 1 AND revoked_at IS NULL"
            ))
            .unwrap(),
        "1",
        "the token's session is recorded"
    );

    let member = stack.api().with_token(token);
    let me = member.get("/rpc/me").unwrap();
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["user_id"], json!(1));
    let mine = member.get("/task_assignments?user_id=eq.1").unwrap();
    assert_eq!(mine.status, 200);
    // The seed's two guide assignments (1 and 4) and user1's turns of the
    // sample chores: every row user1 has, and only those.
    let ids: Vec<i64> = mine
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["assignment_id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&1) && ids.contains(&4), "{ids:?}");
    assert_eq!(
        ids.len().to_string(),
        stack
            .query_value("SELECT count(*) FROM app_data.task_assignments WHERE user_id = 1")
            .unwrap()
    );
    assert!(mine
        .json()
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["user_id"] == json!(1)));
}

#[test]
fn login_is_case_insensitive_on_the_username_only() {
    let api = Stack::shared().api();
    assert!(api.login("USER2", "password123").is_ok());
    let reply = login_reply(&api, "user2", "PASSWORD123");
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
        let reply = login_reply(&api, username, password);
        assert_eq!(reply.status, 401, "{username}: {}", reply.text());
        assert_eq!(
            reply.json()["message"],
            json!("Invalid username or password")
        );
        assert_eq!(reply.json()["code"], json!("PT401"));
        assert!(reply.json().get("token").is_none());
    }
}

/// Passwords never travel in URLs: GET on login or register_user is 405,
/// whatever the arguments, and says nothing about the account.
#[test]
fn login_and_register_user_refuse_get_and_reveal_nothing() {
    let stack = Stack::shared();
    let api = stack.api();
    let code = stack.invite_code().unwrap();
    let mut bodies = Vec::new();
    for path in [
        "/rpc/login?p_username=user1&p_password=password123".to_string(),
        "/rpc/login?p_username=nobody-here&p_password=password123".to_string(),
        "/rpc/login".to_string(),
        format!("/rpc/register_user?p_username=getter&p_password={STRONG}&p_invite_code={code}"),
        "/rpc/register_user?p_username=user1&p_password=password123".to_string(),
    ] {
        let reply = api.get(&path).unwrap();
        assert_eq!(reply.status, 405, "{path}: {}", reply.text());
        assert_eq!(reply.header("allow").as_deref(), Some("POST"), "{path}");
        assert_eq!(reply.json()["code"], json!("PT405"));
        assert!(reply.json().get("token").is_none(), "{path}");
        bodies.push(reply.text());
    }
    assert_eq!(
        stack
            .query_value(
                "SELECT count(*) FROM app_data.login_attempts WHERE username_key = 'nobody-here'"
            )
            .unwrap(),
        "0",
        "a GET is not even counted as a sign-in attempt"
    );
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "the same answer whatever the account: {bodies:?}"
    );
    let reply = login_reply(&api, "getter", STRONG);
    assert_eq!(reply.status, 401, "GET created no account");

    // The same for a signed-in member changing their password.
    let member = api.login("user3", "password123").unwrap();
    let reply = member
        .get("/rpc/change_password?p_current_password=password123&p_new_password=x")
        .unwrap();
    assert_eq!(reply.status, 405, "{}", reply.text());
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
    let token = genuine_token(&api, "user1");
    let parts: Vec<&str> = token.split('.').collect();
    let forged_payload = base64url(
        &json!({"role": "api_authenticated", "user_id": 4, "sid": claims(&token)["sid"], "exp": now + 3600})
            .to_string(),
    );
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    let reply = api.with_token(&tampered).get("/rpc/me").unwrap();
    assert_eq!(reply.status, 401, "tampered: {}", reply.text());

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

    // Correctly signed member tokens without a live session of that member:
    // no sid, a made-up sid, another member's sid, a malformed user id.
    let user1_sid = claims(&genuine_token(&api, "user1"))["sid"].clone();
    for claims in [
        json!({"role": "api_authenticated", "user_id": 4, "exp": now + 3600}),
        json!({"role": "api_authenticated", "user_id": 4, "sid": "00000000-0000-4000-8000-000000000000", "exp": now + 3600}),
        json!({"role": "api_authenticated", "user_id": 4, "sid": user1_sid, "exp": now + 3600}),
        json!({"role": "api_authenticated", "user_id": 4, "sid": "' OR true --", "exp": now + 3600}),
        json!({"role": "api_authenticated", "user_id": "4 OR 1=1", "sid": user1_sid, "exp": now + 3600}),
        json!({"role": "api_authenticated", "user_id": -1, "sid": user1_sid, "exp": now + 3600}),
    ] {
        let token = stack.sign_claims(&claims).unwrap();
        let member = api.with_token(&token);
        for path in ["/rpc/me", "/users", "/task_assignments"] {
            let reply = member.get(path).unwrap();
            assert_session_ended(&reply, &format!("{claims} {path}"));
        }
        let reply = member
            .rpc("create_task", &json!({"p_task_name": "Forged task"}))
            .unwrap();
        assert_session_ended(&reply, &format!("{claims} create_task"));
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
    let name = unique("leaver");
    new_member(stack, &name, STRONG);
    let leaver = api.login(&name, STRONG).unwrap();
    assert_eq!(leaver.get("/rpc/me").unwrap().status, 200);
    // Deleted by hand (not through remove_member): its sessions go with it.
    stack
        .psql(&format!(
            "DELETE FROM app_data.sessions WHERE user_id = (SELECT user_id FROM app_data.users WHERE username = '{name}'); \
             DELETE FROM app_data.users WHERE username = '{name}'"
        ))
        .unwrap();
    let reply = leaver.get("/rpc/me").unwrap();
    assert_eq!(reply.status, 401, "{}", reply.text());
}

fn genuine_token(api: &Api, username: &str) -> String {
    token_of(&login_reply(api, username, "password123"))
}

fn base64url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}
