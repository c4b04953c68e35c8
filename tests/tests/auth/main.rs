//! Sign-in and tokens: login → JWT → authorised request, and every way a
//! token can be wrong; sessions that end (sign-out, password change, reset,
//! removal), sign-in throttling, invites and the registration window, the
//! per-member concurrency cap, and how a new household gets its first admin.
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tests::{Api, Reply, Stack};

/// What new accounts use: the seeded "password123" is refused for them.
const STRONG: &str = "correct-horse-battery-1";
const OTHER_STRONG: &str = "staple-orbit-lantern-7";
/// Per-member cap of concurrent requests (docs/SECURITY-API.md).
const CONCURRENT_SLOTS: i64 = 6;

static COUNTER: AtomicUsize = AtomicUsize::new(0);
/// Held by the tests that depend on whether registration is open.
static REGISTRATION_WINDOW: Mutex<()> = Mutex::new(());
/// A username no other test of this binary uses.
fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn admin(stack: &Stack) -> Api {
    stack.api().login("admin", "password123").unwrap()
}

/// Registers a fresh member (through the stack's invite) and returns its id.
fn new_member(stack: &Stack, username: &str, password: &str) -> i64 {
    let reply = stack.register(username, password).unwrap();
    assert_eq!(reply.status, 201, "{username}: {}", reply.text());
    assert_eq!(reply.json()["is_admin"], json!(false));
    reply.json()["user_id"].as_i64().expect("a user_id")
}

fn login_reply(api: &Api, username: &str, password: &str) -> Reply {
    api.rpc(
        "login",
        &json!({"p_username": username, "p_password": password}),
    )
    .unwrap()
}

/// The claims of a JWT (not verified: the server did that).
fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

fn token_of(reply: &Reply) -> String {
    reply.json()["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a token in {}", reply.text()))
        .to_string()
}

fn assert_session_ended(reply: &Reply, what: &str) {
    assert_eq!(reply.status, 401, "{what}: {}", reply.text());
    assert_eq!(reply.json()["code"], json!("PT401"), "{what}");
}

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

/// After 5 wrong passwords for one username, that username is locked for a
/// while (429 + Retry-After), even with the right password; other names are
/// not; names that do not exist lock the same way.
#[test]
fn repeated_failed_sign_ins_lock_that_username_for_a_while() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("throttled");
    new_member(stack, &name, STRONG);
    let ghost = unique("ghost");
    for username in [name.as_str(), ghost.as_str()] {
        for attempt in 1..=5 {
            let reply = login_reply(&api, username, "not-the-password");
            assert_eq!(reply.status, 401, "{username} #{attempt}: {}", reply.text());
        }
    }
    let mut waits = Vec::new();
    for username in [
        name.clone(),
        name.to_uppercase(),
        format!(" {name} "),
        ghost.clone(),
    ] {
        let reply = login_reply(&api, &username, STRONG);
        assert_eq!(reply.status, 429, "{username:?}: {}", reply.text());
        assert_eq!(reply.json()["code"], json!("PT429"));
        assert!(reply.json().get("token").is_none());
        let wait: u64 = reply
            .header("retry-after")
            .expect("a Retry-After header")
            .parse()
            .expect("Retry-After in seconds");
        assert!((1..=300).contains(&wait), "{wait}");
        waits.push(wait);
    }
    // The lock says the same whether the account exists or not.
    let existing = login_reply(&api, &name, "not-the-password");
    let missing = login_reply(&api, &ghost, "not-the-password");
    assert_eq!(existing.json()["message"], missing.json()["message"]);
    // Others sign in as usual.
    assert!(api.login("user3", "password123").is_ok());

    // Once the wait is over the right password works and resets the count.
    std::thread::sleep(Duration::from_millis(
        waits.iter().max().unwrap() * 1000 + 500,
    ));
    let reply = login_reply(&api, &name, STRONG);
    assert_eq!(reply.status, 200, "after the wait: {}", reply.text());
    let reply = login_reply(&api, &name, "not-the-password");
    assert_eq!(
        reply.status,
        401,
        "the count starts again: {}",
        reply.text()
    );
}

#[test]
fn logout_ends_only_the_session_it_was_called_with() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("leaving");
    new_member(stack, &name, STRONG);
    let first = api.login(&name, STRONG).unwrap();
    let second = api.login(&name, STRONG).unwrap();
    let reply = first.rpc("logout", &json!({})).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json(), json!({"signed_out": true}));
    for path in ["/rpc/me", "/tasks", "/users"] {
        let reply = first.get(path).unwrap();
        assert_session_ended(&reply, path);
    }
    assert_eq!(
        first.get("/rpc/me").unwrap().json()["message"],
        json!("This session has ended")
    );
    assert_session_ended(&first.rpc("logout", &json!({})).unwrap(), "logout again");
    let me = second.get("/rpc/me").unwrap();
    assert_eq!(me.status, 200, "the other session lives on: {}", me.text());
    // Anonymous callers have nothing to sign out of.
    assert_eq!(api.rpc("logout", &json!({})).unwrap().status, 401);
}

#[test]
fn changing_the_password_revokes_every_earlier_token() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("changer");
    new_member(stack, &name, STRONG);
    let first = api.login(&name, STRONG).unwrap();
    let second = api.login(&name, STRONG).unwrap();
    let change = |current: &str, new: &str| {
        first
            .rpc(
                "change_password",
                &json!({"p_current_password": current, "p_new_password": new}),
            )
            .unwrap()
    };

    let wrong = change("not-my-password", OTHER_STRONG);
    assert_eq!(wrong.status, 403, "{}", wrong.text());
    assert_eq!(
        wrong.json()["message"],
        json!("The current password is wrong")
    );
    let weak = change(STRONG, "password123");
    assert_eq!(weak.status, 400, "{}", weak.text());
    assert_eq!(weak.json()["message"], json!("Password is too common"));
    let same = change(STRONG, STRONG);
    assert_eq!(same.status, 400, "{}", same.text());
    assert_eq!(
        first.get("/rpc/me").unwrap().status,
        200,
        "nothing changed yet"
    );

    let changed = change(STRONG, OTHER_STRONG);
    assert_eq!(changed.status, 200, "{}", changed.text());
    let token = token_of(&changed);
    assert_eq!(changed.json()["user"]["username"], json!(name));
    assert!(claims(&token)["sid"].is_string());
    assert_session_ended(&first.get("/rpc/me").unwrap(), "the caller's old token");
    assert_session_ended(&second.get("/rpc/me").unwrap(), "another old token");
    let me = api.with_token(&token).get("/rpc/me").unwrap();
    assert_eq!(me.status, 200, "the new token works: {}", me.text());
    assert_eq!(login_reply(&api, &name, STRONG).status, 401);
    assert_eq!(login_reply(&api, &name, OTHER_STRONG).status, 200);
}

#[test]
fn an_admin_reset_password_signs_the_member_out_everywhere() {
    let stack = Stack::shared();
    let api = stack.api();
    let admin = admin(stack);
    let name = unique("forgetful");
    let user_id = new_member(stack, &name, STRONG);
    let token = api.login(&name, STRONG).unwrap();

    let member = api.login("user2", "password123").unwrap();
    let refused = member
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": user_id, "p_new_password": OTHER_STRONG}),
        )
        .unwrap();
    assert_eq!(refused.status, 403, "{}", refused.text());
    let weak = admin
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": user_id, "p_new_password": "password123"}),
        )
        .unwrap();
    assert_eq!(weak.status, 400, "{}", weak.text());
    assert_eq!(token.get("/rpc/me").unwrap().status, 200);

    let reply = admin
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": user_id, "p_new_password": OTHER_STRONG}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["user_id"], json!(user_id));
    assert!(reply.json().get("password_hash").is_none());
    assert_session_ended(&token.get("/rpc/me").unwrap(), "after a reset");
    assert_eq!(login_reply(&api, &name, STRONG).status, 401);
    assert_eq!(login_reply(&api, &name, OTHER_STRONG).status, 200);

    let missing = admin
        .rpc(
            "reset_member_password",
            &json!({"p_user_id": 999_999_999, "p_new_password": OTHER_STRONG}),
        )
        .unwrap();
    assert_eq!(missing.status, 404, "{}", missing.text());
}

#[test]
fn a_removed_member_can_no_longer_sign_in_but_keeps_their_history() {
    let stack = Stack::shared();
    let api = stack.api();
    let admin = admin(stack);
    let name = unique("mover");
    let user_id = new_member(stack, &name, STRONG);
    let member = api.login(&name, STRONG).unwrap();
    let task = admin
        .rpc(
            "create_task",
            &json!({"p_task_name": unique("Farewell task ")}),
        )
        .unwrap();
    assert_eq!(task.status, 201, "{}", task.text());
    let task_id = task.json()["task_id"].as_i64().unwrap();
    let assigned = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task_id, "p_user_id": user_id}),
        )
        .unwrap();
    assert_eq!(assigned.status, 201, "{}", assigned.text());
    let assignment_id = assigned.json()["assignment_id"].as_i64().unwrap();
    let done = member
        .rpc(
            "complete_assignment",
            &json!({"p_assignment_id": assignment_id}),
        )
        .unwrap();
    assert_eq!(done.status, 200, "{}", done.text());

    let yourself = admin
        .rpc("remove_member", &json!({"p_user_id": 4}))
        .unwrap();
    assert_eq!(yourself.status, 409, "{}", yourself.text());
    assert_eq!(
        yourself.json()["message"],
        json!("You cannot remove yourself")
    );

    let removed = admin
        .rpc("remove_member", &json!({"p_user_id": user_id}))
        .unwrap();
    assert_eq!(removed.status, 200, "{}", removed.text());
    assert_eq!(removed.json()["user_id"], json!(user_id));
    assert!(
        removed.json()["removed_at"].is_string(),
        "{}",
        removed.text()
    );

    assert_session_ended(&member.get("/rpc/me").unwrap(), "a removed member's token");
    let login = login_reply(&api, &name, STRONG);
    assert_eq!(login.status, 401, "{}", login.text());
    assert_eq!(
        login.json()["message"],
        json!("Invalid username or password"),
        "the same answer as a wrong password"
    );
    let users = admin.get("/users").unwrap().json();
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["user_id"] != json!(user_id)),
        "GET /users lists active members only: {users}"
    );
    assert!(users.as_array().unwrap().len() >= 4, "{users}");
    let history = admin
        .get(&format!(
            "/task_assignments?assignment_id=eq.{assignment_id}"
        ))
        .unwrap()
        .json();
    assert_eq!(history[0]["assigned_to"], json!(name), "history stays");
    assert_eq!(history[0]["status"], json!("waiting"));

    let again = admin
        .rpc("remove_member", &json!({"p_user_id": user_id}))
        .unwrap();
    assert_eq!(again.status, 404, "{}", again.text());
    let reassign = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task_id, "p_user_id": user_id}),
        )
        .unwrap();
    assert_eq!(reassign.status, 404, "{}", reassign.text());
    let reuse = stack.register(&name, OTHER_STRONG).unwrap();
    assert_eq!(reuse.status, 409, "the name stays taken: {}", reuse.text());
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

/// Holds session-level advisory locks on a member's request slots from a
/// psql of its own, as that many running requests would; released when
/// the returned guard is dropped (psql exits, its connection closes).
struct HeldSlots<'a> {
    psql: Child,
    stack: &'a Stack,
    user_id: i64,
    /// The first lock key (app_functions.check_request: 20260001-20260006
    /// the request slots, 20260200 the one export).
    first_key: i64,
    /// How many keys from first_key this guard holds.
    keys: i64,
}

impl<'a> HeldSlots<'a> {
    fn hold(stack: &'a Stack, user_id: i64, slots: i64) -> HeldSlots<'a> {
        Self::hold_keys(stack, user_id, 20260001, slots)
    }

    fn hold_keys(stack: &'a Stack, user_id: i64, first_key: i64, keys: i64) -> HeldSlots<'a> {
        let mut psql = Command::new("psql")
            .args([
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                &stack.app_owner_url,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("starting psql");
        writeln!(
            psql.stdin.as_mut().unwrap(),
            "SELECT pg_advisory_lock({first_key} + s, {user_id}) FROM generate_series(0, {keys} - 1) s;"
        )
        .unwrap();
        let held = HeldSlots {
            psql,
            stack,
            user_id,
            first_key,
            keys,
        };
        held.wait_for(keys);
        held
    }

    /// Waits until exactly `slots` of the member's slots are locked.
    fn wait_for(&self, slots: i64) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let count: i64 = self
                .stack
                .query_value(&format!(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
                     AND objid = {} AND objsubid = 2 AND classid BETWEEN {} AND {}",
                    self.user_id,
                    self.first_key,
                    self.first_key + self.keys - 1
                ))
                .unwrap()
                .parse()
                .unwrap();
            if count == slots {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{count} slots locked, waiting for {slots}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for HeldSlots<'_> {
    fn drop(&mut self) {
        drop(self.psql.stdin.take());
        let _ = self.psql.wait();
        // The server ends the session (and frees its locks) a moment after
        // psql has gone.
        if !std::thread::panicking() {
            self.wait_for(0);
        }
    }
}

#[test]
fn a_member_has_at_most_six_requests_running_at_once() {
    let stack = Stack::shared();
    let api = stack.api();
    let name = unique("busy");
    let user_id = new_member(stack, &name, STRONG);
    let busy = api.login(&name, STRONG).unwrap();
    let bystander = api.login("user3", "password123").unwrap();
    let admin = admin(stack);
    let task = admin
        .rpc("create_task", &json!({"p_task_name": unique("Busy task ")}))
        .unwrap();
    assert_eq!(task.status, 201, "{}", task.text());
    let assigned = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task.json()["task_id"], "p_user_id": user_id}),
        )
        .unwrap();
    assert_eq!(assigned.status, 201, "{}", assigned.text());
    let assignment_id = assigned.json()["assignment_id"].as_i64().unwrap();

    {
        let _five = HeldSlots::hold(stack, user_id, CONCURRENT_SLOTS - 1);
        let reply = busy.get("/rpc/me").unwrap();
        assert_eq!(reply.status, 200, "one slot left: {}", reply.text());
    }
    {
        let _all = HeldSlots::hold(stack, user_id, CONCURRENT_SLOTS);
        for path in ["/rpc/me", "/tasks"] {
            let reply = busy.get(path).unwrap();
            assert_eq!(reply.status, 429, "{path}: {}", reply.text());
            assert_eq!(reply.json()["code"], json!("PT429"));
            assert_eq!(reply.header("retry-after").as_deref(), Some("1"));
        }
        let reply = busy
            .rpc(
                "complete_assignment",
                &json!({"p_assignment_id": assignment_id}),
            )
            .unwrap();
        assert_eq!(reply.status, 429, "{}", reply.text());
        assert_eq!(
            stack
                .query_value(&format!(
                    "SELECT completed_at IS NULL FROM app_data.task_assignments WHERE assignment_id = {assignment_id}"
                ))
                .unwrap(),
            "t",
            "a refused request changes nothing"
        );
        let other = bystander.get("/rpc/me").unwrap();
        assert_eq!(other.status, 200, "other members are unaffected");
        let anon = api.get("/rpc/serve_html").unwrap();
        assert_ne!(anon.status, 429, "anonymous visitors are unaffected");
    }
    let reply = busy
        .rpc(
            "complete_assignment",
            &json!({"p_assignment_id": assignment_id}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "slots free again: {}", reply.text());
}

fn genuine_token(api: &Api, username: &str) -> String {
    token_of(&login_reply(api, username, "password123"))
}

fn base64url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
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

#[test]
fn a_member_runs_one_export_at_a_time() {
    let stack = Stack::shared();
    let name = unique("exporter");
    let user_id = new_member(stack, &name, STRONG);
    let member = stack.api().login(&name, STRONG).unwrap();
    {
        // As if one export of this member were still running.
        let _running = HeldSlots::hold_keys(stack, user_id, 20260200, 1);
        for path in [
            "/rpc/export_history?p_format=csv",
            "/rpc/export_history?p_format=json&p_part=points",
            "/rpc/export_points?p_format=csv",
        ] {
            let reply = member.get(path).unwrap();
            assert_eq!(reply.status, 429, "{path}: {}", reply.text());
            assert_eq!(reply.header("retry-after").as_deref(), Some("5"), "{path}");
        }
        // Only exports queue: everything else answers.
        let reply = member.get("/rpc/me").unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    let reply = member.get("/rpc/export_history?p_format=csv").unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
}
