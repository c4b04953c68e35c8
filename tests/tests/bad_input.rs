//! Bad input never gets past validation: every value below must be refused
//! with a 4xx and a JSON message, and leave every row as it was.
use serde_json::{json, Value};
use tests::api_catalog::{self, Endpoint};
use tests::{Api, Stack};

#[path = "bad_input/chore_targets.rs"]
mod chore_targets;
#[path = "bad_input/points_targets.rs"]
mod points_targets;
#[path = "bad_input/reading_targets.rs"]
mod reading_targets;

/// Every test here takes this first: each compares fingerprints around its
/// requests, so none may write while another looks.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// New accounts may not use the seeded "password123".
const STRONG: &str = "correct-horse-battery-1";
const OTHER_STRONG: &str = "staple-orbit-lantern-7";

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

/// Characters no name may hold: line breaks (header injection), other
/// controls, bidi overrides and zero-width or other invisible characters.
fn invisible_in(base: &str) -> Vec<Value> {
    let (head, tail) = base.split_at(base.len() / 2);
    [
        "\r\n", "\r", "\n", "\t", "\u{1b}", "\u{7f}", "\u{85}", "\u{202e}", "\u{200b}", "\u{2066}",
        "\u{feff}", "\u{ad}",
    ]
    .iter()
    .map(|c| json!(format!("{head}{c}{tail}")))
    .collect()
}

/// Passwords no account may get: empty or blank, too short or long, with
/// control characters, or on the common-password list.
fn bad_passwords() -> Vec<Value> {
    let mut passwords = bad_required_text();
    passwords.extend([
        json!("short"),
        long(73),
        json!("ü".repeat(40)),
        json!("password123"),
        json!("PASSWORD123"),
        json!("qwerty123"),
        json!("12345678"),
        json!("zzzzzzzzzzzz"),
        json!("        "),
        json!("correct\r\nhorse-battery"),
        json!("correct\thorse-battery"),
        json!("correct\u{1b}horse-battery"),
        json!("correct\u{7f}horse-battery"),
        json!(12345678),
    ]);
    passwords
}

/// Invite codes that admit nobody.
fn bad_invite_codes(fixtures: &Fixtures) -> Vec<Value> {
    vec![
        Value::Null,
        json!(""),
        json!("   "),
        json!("garbage"),
        json!("AAAA-AAAA-AAAA"),
        json!("0000-0000-0000"),
        json!(format!("{}X", fixtures.invite_code)),
        json!("' OR '1'='1"),
        json!("\r\n"),
        json!("\u{202e}"),
        json!("\u{200b}"),
        json!("\u{0}"),
        long(10_000),
        json!(123),
        json!([]),
        json!({"code": fixtures.invite_code.clone()}),
        json!(true),
        json!(fixtures.revoked_code.clone()),
        json!(fixtures.used_up_code.clone()),
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
/// A member of its own, whose password the change_password rows try to set.
const CHANGER: usize = 4;

/// Accounts and invites the bad values are tried against, made before any
/// fingerprint is taken. Their names start with "bad_input_".
struct Fixtures {
    callers: [Api; 5],
    invite_code: String,
    revoked_code: String,
    used_up_code: String,
    invite_id: i64,
    /// A member whose password the reset rows try to set and whom the
    /// remove rows try to remove.
    target_id: i64,
    /// A member removed already.
    removed_id: i64,
}

fn register(stack: &Stack, username: &str, code: &str) -> i64 {
    let reply = stack
        .api()
        .rpc(
            "register_user",
            &json!({"p_username": username, "p_password": STRONG, "p_invite_code": code}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{username}: {}", reply.text());
    reply.json()["user_id"].as_i64().unwrap()
}

fn fixtures(stack: &Stack) -> &'static Fixtures {
    static FIXTURES: std::sync::OnceLock<Fixtures> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| {
        let anon = stack.api();
        let admin = anon.login("admin", "password123").unwrap();
        let invite_code = stack.invite_code().unwrap();
        let new_invite = || {
            let reply = admin.rpc("create_invite", &json!({})).unwrap();
            assert_eq!(reply.status, 201, "{}", reply.text());
            (
                reply.json()["invite_id"].as_i64().unwrap(),
                reply.json()["code"].as_str().unwrap().to_string(),
            )
        };
        let (revoked_id, revoked_code) = new_invite();
        let reply = admin
            .rpc("revoke_invite", &json!({"p_invite_id": revoked_id}))
            .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text());
        let (_, used_up_code) = new_invite();
        register(stack, "bad_input_used_invite", &used_up_code);
        let (invite_id, _) = new_invite();

        register(stack, "bad_input_changer", &invite_code);
        let target_id = register(stack, "bad_input_target", &invite_code);
        let removed_id = register(stack, "bad_input_removed", &invite_code);
        stack
            .psql(&format!(
                "UPDATE app_data.users SET removed_at = now() WHERE user_id = {removed_id}"
            ))
            .unwrap();
        Fixtures {
            callers: [
                anon.clone(),
                anon.login("user1", "password123").unwrap(),
                admin.clone(),
                anon.with_token(&stack.publisher_token().unwrap()),
                anon.login("bad_input_changer", STRONG).unwrap(),
            ],
            invite_code,
            revoked_code,
            used_up_code,
            invite_id,
            target_id,
            removed_id,
        }
    })
}

fn targets(fixtures: &Fixtures) -> Vec<Target> {
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
    let mut task_names = bad_required_text();
    task_names.extend([
        long(101),
        json!("Kitchen Cleaning"),
        json!("  kitchen cleaning  "),
    ]);
    task_names.extend(invisible_in("Hallway"));
    let mut descriptions = vec![long(1001), long(10_000)];
    descriptions.extend(
        [
            "lone\rreturn",
            "bell\u{7}",
            "escape\u{1b}[31m",
            "bidi\u{202e}txt.exe",
            "zero\u{200b}width",
            "isolate\u{2066}x",
            "bom\u{feff}",
        ]
        .map(|d| json!(d)),
    );
    let mut asset_names = bad_required_text();
    asset_names.extend([
        json!("../etc/passwd"),
        json!("a/b.js"),
        json!(".hidden"),
        long(201),
        json!("spa ce.js"),
    ]);
    asset_names.extend(invisible_in("app.js"));
    let hash = format!("sha384-{}", "A".repeat(64));
    let register_valid = json!({"p_username": "bad_input_fresh", "p_password": STRONG,
                                "p_invite_code": fixtures.invite_code});
    let preview_valid = json!({"p_rule": "FREQ=DAILY", "p_start": "2026-01-05T08:00", "p_count": 3,
                               "p_time_zone": "Europe/Berlin"});
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
            bad: {
                let mut bad = bad_passwords();
                bad.push(json!(STRONG));
                bad
            },
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
            bad: {
                let mut bad = ids_of_members;
                bad.push(json!(4)); // the admin calling
                bad
            },
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
            bad: descriptions.clone(),
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
            bad: {
                let mut bad = vec![
                    json!(""),
                    json!("   "),
                    long(10_000),
                    json!("Bathroom Cleaning"),
                ];
                bad.extend(invisible_in("Kitchen"));
                bad
            },
            caller: ADMIN,
        },
        Target {
            function: "update_task",
            valid: json!({"p_task_id": 1, "p_description": "fine"}),
            param: "p_description",
            bad: descriptions.clone(),
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
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.html", "p_content_type": "text/html", "p_content": "<script>1</script>",
                          "p_inline_script_hashes": [hash]}),
            param: "p_inline_script_hashes",
            bad: vec![
                json!(hash),
                json!("{sha384-abc}"),
                json!(["sha384-short"]),
                json!([format!("md5-{}", "A".repeat(64))]),
                json!([format!("sha1-{}", "A".repeat(64))]),
                json!(["'unsafe-inline'"]),
                json!(["'unsafe-eval'"]),
                json!(["*"]),
                json!([format!("{hash}' 'unsafe-inline")]),
                json!([format!("{hash}; script-src *")]),
                json!([format!("{hash}\r\nX-Evil: 1")]),
                json!([format!("{hash}\u{202e}")]),
                json!([format!("\u{200b}{hash}")]),
                json!([format!(" {hash}")]),
                json!([format!("sha384-{}", "A".repeat(200))]),
                json!([Value::Null]),
                json!([hash, Value::Null]),
                json!([123]),
                json!([[123]]),
                json!({"a": hash}),
                json!(vec![hash.clone(); 21]),
            ],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_content_gzip",
            bad: not_base64(),
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_content_br",
            bad: not_base64(),
            caller: PUBLISHER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid.clone(),
            param: "p_rule",
            bad: vec![
                Value::Null,
                json!(""),
                json!("FREQ=DAILY;BYDAY=XX"),
                json!("FREQ=HOURLY"),
                json!("FREQ=DAILY;BYHOUR=8"),
                json!("FREQ=DAILY;COUNT=2;UNTIL=20260101"),
                json!("FREQ=WEEKLY;BYDAY=2TU"),
                json!("FREQ=DAILY;INTERVAL=0"),
                json!("FREQ=DAILY\r\nX-Evil: 1"),
                json!("FREQ=DAILY;;"),
                long(501),
                long(10_000),
                json!(["FREQ=DAILY"]),
                json!({"FREQ": "DAILY"}),
            ],
            caller: MEMBER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid.clone(),
            param: "p_start",
            bad: vec![
                Value::Null,
                json!(""),
                json!("2026-02-30T08:00"),
                json!("2026-01-05"),
                json!("2026-01-05T24:00"),
                json!("2026-01-05 08:00"),
                json!("1800-01-05T08:00"),
                json!("2026-01-05T08:00\r\n"),
                json!("tomorrow"),
                json!(20_260_105),
                long(10_000),
            ],
            caller: MEMBER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid.clone(),
            param: "p_count",
            bad: vec![
                Value::Null,
                json!(0),
                json!(-1),
                json!(101),
                json!(99_999_999_999_i64),
                json!(1.5),
                json!("abc"),
                json!(true),
                json!([]),
            ],
            caller: MEMBER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid,
            param: "p_time_zone",
            bad: vec![
                json!(""),
                json!("Mars/Olympus"),
                json!("CEST"),
                json!("EST5EDT"),
                json!("UTC+3"),
                json!("US/Eastern"),
                json!("posix/Europe/Berlin"),
                json!("../../etc/passwd"),
                json!("Europe/Berlin\r\n"),
                long(10_000),
                json!(1),
            ],
            caller: MEMBER,
        },
        Target {
            function: "prune_frontend_assets",
            valid: json!({"p_dry_run": true}),
            param: "p_dry_run",
            bad: vec![
                json!("abc"),
                json!("yes please"),
                json!(2),
                json!([]),
                json!({}),
                json!("true; DROP TABLE app_frontend.assets"),
            ],
            caller: PUBLISHER,
        },
    ]
    .into_iter()
    .chain(chore_targets::targets(fixtures))
    .chain(points_targets::targets(fixtures))
    .chain(reading_targets::targets())
    .chain(
        ["serve_html", "serve_css", "serve_js", "serve_wasm", "serve_asset"].map(|function| {
            Target {
                function,
                valid: json!({"p_asset_name": "index.html"}),
                param: "p_asset_name",
                bad: bad_served_names(),
                caller: ANON,
            }
        }),
    )
    .collect()
}

fn not_base64() -> Vec<Value> {
    vec![
        json!("!!! not base64 !!!"),
        json!("%%%%"),
        json!("abc\r\ndef"),
        json!("\u{200b}"),
    ]
}

/// Names no served asset has: traversal, separators, controls, invisible
/// characters, absurd lengths, JSON that is not text.
fn bad_served_names() -> Vec<Value> {
    vec![
        json!("../etc/passwd"),
        json!("..%2Fetc%2Fpasswd"),
        json!("a/b.js"),
        json!(".hidden"),
        json!("index.html\r\nX-Evil: 1"),
        json!("nul\u{0}byte"),
        json!("index\u{202e}.html"),
        json!("index\u{200b}.html"),
        long(10_000),
        json!(["index.html"]),
        json!({"name": "index.html"}),
        json!("' OR '1'='1"),
    ]
}

/// Filters on the `api` views no query may get through: a value of the
/// wrong type, a column that is not there (or hidden), a malformed
/// operator. (view, query string, caller)
fn bad_filters() -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("users", "user_id=eq.abc", MEMBER),
        ("users", "nosuch=eq.1", MEMBER),
        ("users", "select=password_hash", MEMBER),
        ("users", "username=eq.x&or=(", MEMBER),
        ("tasks", "task_id=eq.1e400", MEMBER),
        ("tasks", "order=nosuch.desc", MEMBER),
        ("tasks", "task_id=in.(1,x)", ADMIN),
        ("task_assignments", "assignment_id=eq.1%20OR%201=1", MEMBER),
        ("task_assignments", "select=*,users(password_hash)", MEMBER),
        ("task_assignments", "is_approved=eq.maybe", ADMIN),
    ]
    .into_iter()
    .chain(chore_targets::bad_filters())
    .chain(points_targets::bad_filters())
    .collect()
}

#[test]
fn bad_input_is_refused_with_a_json_4xx_and_changes_nothing() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let fixtures = fixtures(stack);
    let callers = &fixtures.callers;
    let mut failures = Vec::new();
    let mut count = 0;
    for target in targets(fixtures) {
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
    for (view, query, caller) in bad_filters() {
        count += 1;
        let before = stack.data_fingerprint().unwrap();
        let reply = callers[caller].get(&format!("/{view}?{query}")).unwrap();
        if !(400..500).contains(&reply.status)
            || !reply.is_json_error()
            || stack.data_fingerprint().unwrap() != before
        {
            failures.push(format!(
                "GET /{view}?{query}: {} {}",
                reply.status,
                reply.text()
            ));
        }
    }
    // Malformed requests, not just malformed values.
    let raw = [
        ("create_task", "{not json"),
        ("create_task", r#"{"p_task_name": "x", "p_unknown": 1}"#),
        ("create_task", "[1, 2, 3]"),
        ("complete_assignment", r#"{"p_assignment_id": 1e400}"#),
        ("login", ""),
        ("logout", r#"{"p_everyone": true}"#),
        (
            "remove_member",
            r#"{"p_user_id": 2, "p_user_id": 3, "p_also": 1}"#,
        ),
        ("create_invite", r#"{"p_max_uses": 1e9}"#),
        ("open_registration", r#"{"p_minutes": 60"#),
        ("revoke_invite", "null"),
        (
            "register_user",
            r#"[{"p_username": "bad_input_batch", "p_password": "x"}]"#,
        ),
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
    assert!(count >= 400, "the bad-input table shrank to {count}");
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

/// (function, parameter) for every bad-input target; the views with a bad
/// filter.
fn covered(targets: &[Target]) -> (Vec<(&'static str, &'static str)>, Vec<&'static str>) {
    let params = targets.iter().map(|t| (t.function, t.param)).collect();
    let views = bad_filters().into_iter().map(|(view, _, _)| view).collect();
    (params, views)
}

/// Every parameter of every function in `api` (read from the catalog, so a
/// new one in db/api counts at once) has bad-input cases, and every view a
/// bad filter. Functions without parameters are exempt.
#[test]
fn every_api_parameter_and_view_has_bad_input_cases() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let catalog = api_catalog::read(stack).unwrap();
    let targets = targets(fixtures(stack));
    let (params, views) = covered(&targets);
    let missing = api_catalog::missing_bad_input(&catalog, &params, &views);
    assert!(
        missing.is_empty(),
        "the bad-input table is incomplete (add to targets() or bad_filters() in tests/tests/bad_input.rs):\n{}",
        missing.join("\n")
    );
}

/// The completeness check is not vacuous: a function or view the table does
/// not know is reported by name.
#[test]
fn an_endpoint_without_bad_input_is_reported() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let mut catalog = api_catalog::read(stack).unwrap();
    catalog.push(Endpoint::function("fake_endpoint", &["p_x", "p_y"]));
    catalog.push(Endpoint::function("fake_no_params", &[]));
    catalog.push(Endpoint::view("fake_view"));
    let targets = targets(fixtures(stack));
    let (params, views) = covered(&targets);
    assert_eq!(
        api_catalog::missing_bad_input(&catalog, &params, &views),
        [
            "function fake_endpoint: no bad-input case for p_x",
            "function fake_endpoint: no bad-input case for p_y",
            "view fake_view: no bad-filter case",
        ]
    );
}
