//! Every endpoint against every kind of caller: anonymous, a member, another
//! member, a household admin and the publisher. Each cell gets fresh fixtures
//! and, when refused, must leave every row unchanged.
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use tests::api_catalog::{self, Endpoint, CALLERS as WHO};
use tests::{Api, Reply, Stack};

#[path = "access_matrix/chore_cells.rs"]
mod chore_cells;
#[path = "access_matrix/points_cells.rs"]
mod points_cells;
#[path = "access_matrix/reading_cells.rs"]
mod reading_cells;

const MEMBER_ID: i64 = 1; // user1
const ADMIN_ID: i64 = 4;
/// New accounts may not use the seeded "password123".
const STRONG: &str = "correct-horse-battery-1";
/// Signs the caller out: run with a session of its own.
const LOGOUT: &str = "POST /rpc/logout";

struct Callers {
    all: [Api; 5],
    admin: Api,
}

fn callers(stack: &Stack) -> Callers {
    let anon = stack.api();
    let member = anon.login("user1", "password123").unwrap();
    let other = anon.login("user2", "password123").unwrap();
    let admin = anon.login("admin", "password123").unwrap();
    let publisher = anon.with_token(&stack.publisher_token().unwrap());
    Callers {
        all: [anon, member, other, admin.clone(), publisher],
        admin,
    }
}

/// Both tests take this first: the matrix compares fingerprints around each
/// cell, so the other test must not write (create the invite) meanwhile.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn new_task(admin: &Api) -> i64 {
    let reply = admin
        .rpc(
            "create_task",
            &json!({"p_task_name": unique("Matrix task "), "p_description": "fixture"}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["task_id"].as_i64().unwrap()
}

fn new_assignment(admin: &Api, user_id: i64) -> i64 {
    let task_id = new_task(admin);
    let reply = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task_id, "p_user_id": user_id}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["assignment_id"].as_i64().unwrap()
}

fn completed_assignment(admin: &Api, assignee: &Api, user_id: i64) -> i64 {
    let id = new_assignment(admin, user_id);
    let reply = assignee
        .rpc("complete_assignment", &json!({"p_assignment_id": id}))
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    id
}

/// A member registered for one cell (to reset or remove); returns its id.
fn new_member(stack: &Stack) -> i64 {
    let reply = stack.register(&unique("matrixmember"), STRONG).unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["user_id"].as_i64().unwrap()
}

fn new_invite(admin: &Api) -> i64 {
    let reply = admin.rpc("create_invite", &json!({})).unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["invite_id"].as_i64().unwrap()
}

type Setup = fn(&Stack, &Callers) -> Value;
type Call = fn(&Api, &Value) -> Reply;

struct Case {
    name: &'static str,
    /// The view or function of the `api` schema this case calls, or None for
    /// a probe of something outside it (another schema, a missing path). The
    /// completeness test reads it: every endpoint in the catalog needs a case.
    api: Option<&'static str>,
    setup: Setup,
    call: Call,
    /// Expected status for [anonymous, member, other member, admin, publisher].
    expect: [u16; 5],
}

fn no_setup(_: &Stack, _: &Callers) -> Value {
    Value::Null
}

fn rpc(api: &Api, function: &str, args: Value) -> Reply {
    api.rpc(function, &args).unwrap()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "GET /users",
            api: Some("users"),
            setup: no_setup,
            call: |a, _| a.get("/users").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /tasks",
            api: Some("tasks"),
            setup: no_setup,
            call: |a, _| a.get("/tasks").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /task_assignments",
            api: Some("task_assignments"),
            setup: no_setup,
            call: |a, _| a.get("/task_assignments").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /users with Accept-Profile: app_data",
            api: None,
            setup: no_setup,
            call: |a, _| {
                a.get_with("/users", &[("Accept-Profile", "app_data")])
                    .unwrap()
            },
            expect: [406; 5],
        },
        Case {
            name: "GET /frontend_assets with Accept-Profile: app_frontend",
            api: None,
            setup: no_setup,
            call: |a, _| {
                a.get_with("/frontend_assets", &[("Accept-Profile", "app_frontend")])
                    .unwrap()
            },
            expect: [406; 5],
        },
        Case {
            name: "GET /frontend_assets",
            api: None,
            setup: no_setup,
            call: |a, _| a.get("/frontend_assets").unwrap(),
            expect: [404; 5],
        },
        Case {
            name: "POST /rpc/sign_jwt with Content-Profile: app_functions",
            api: None,
            setup: no_setup,
            call: |a, _| {
                a.raw(
                    Method::POST,
                    "/rpc/sign_jwt",
                    &[
                        ("Content-Profile", "app_functions"),
                        ("Content-Type", "application/json"),
                    ],
                    Some(r#"{"p_claims":{"role":"api_publisher"}}"#),
                )
                .unwrap()
            },
            expect: [406; 5],
        },
        Case {
            name: "POST /rpc/sign_jwt",
            api: None,
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "sign_jwt",
                    json!({"p_claims": {"role": "api_publisher"}}),
                )
            },
            expect: [404; 5],
        },
        Case {
            name: "GET /rpc/me",
            api: Some("me"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/me").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/login",
            api: Some("login"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "login",
                    json!({"p_username": "user3", "p_password": "password123"}),
                )
            },
            expect: [200, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/register_user (with an invite)",
            api: Some("register_user"),
            setup: |s, _| json!({"name": unique("newuser"), "code": s.invite_code().unwrap()}),
            call: |a, args| {
                rpc(
                    a,
                    "register_user",
                    json!({"p_username": args["name"], "p_password": STRONG,
                           "p_invite_code": args["code"]}),
                )
            },
            expect: [201, 201, 201, 201, 403],
        },
        Case {
            name: "POST /rpc/register_user (no invite, registration closed)",
            api: Some("register_user"),
            setup: |_, _| json!(unique("uninvited")),
            call: |a, name| {
                rpc(
                    a,
                    "register_user",
                    json!({"p_username": name, "p_password": STRONG}),
                )
            },
            expect: [403, 403, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/register_user (a common password)",
            api: Some("register_user"),
            setup: |s, _| json!({"name": unique("weak"), "code": s.invite_code().unwrap()}),
            call: |a, args| {
                rpc(
                    a,
                    "register_user",
                    json!({"p_username": args["name"], "p_password": "password123",
                           "p_invite_code": args["code"]}),
                )
            },
            expect: [400, 400, 400, 400, 403],
        },
        Case {
            name: "GET /rpc/login (passwords never in URLs)",
            api: Some("login"),
            setup: no_setup,
            call: |a, _| {
                a.get("/rpc/login?p_username=user3&p_password=password123")
                    .unwrap()
            },
            expect: [405, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/register_user (passwords never in URLs)",
            api: Some("register_user"),
            setup: |s, _| json!({"name": unique("getter"), "code": s.invite_code().unwrap()}),
            call: |a, args| {
                a.get(&format!(
                    "/rpc/register_user?p_username={}&p_password={STRONG}&p_invite_code={}",
                    args["name"].as_str().unwrap(),
                    args["code"].as_str().unwrap()
                ))
                .unwrap()
            },
            expect: [405, 405, 405, 405, 403],
        },
        Case {
            // Each caller signs out a session of its own (FRESH_SESSION), so
            // the matrix's tokens stay valid.
            name: LOGOUT,
            api: Some("logout"),
            setup: no_setup,
            call: |a, _| rpc(a, "logout", json!({})),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/change_password (wrong current password)",
            api: Some("change_password"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "change_password",
                    json!({"p_current_password": "not-the-password", "p_new_password": STRONG}),
                )
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/change_password (a common new password)",
            api: Some("change_password"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "change_password",
                    json!({"p_current_password": "password123", "p_new_password": "qwerty123"}),
                )
            },
            expect: [401, 400, 400, 400, 403],
        },
        Case {
            name: "POST /rpc/reset_member_password (a fresh member)",
            api: Some("reset_member_password"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| {
                rpc(
                    a,
                    "reset_member_password",
                    json!({"p_user_id": id, "p_new_password": "staple-orbit-lantern-7"}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/remove_member (a fresh member)",
            api: Some("remove_member"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| rpc(a, "remove_member", json!({"p_user_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/remove_member (the admin)",
            api: Some("remove_member"),
            setup: no_setup,
            call: |a, _| rpc(a, "remove_member", json!({"p_user_id": ADMIN_ID})),
            expect: [401, 403, 403, 409, 403],
        },
        Case {
            name: "POST /rpc/create_invite",
            api: Some("create_invite"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "create_invite",
                    json!({"p_expires_in_hours": 1, "p_max_uses": 1}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "GET /rpc/invites",
            api: Some("invites"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/invites").unwrap(),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/revoke_invite",
            api: Some("revoke_invite"),
            setup: |_, c| json!(new_invite(&c.admin)),
            call: |a, id| rpc(a, "revoke_invite", json!({"p_invite_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            // 0 closes: the admin's success leaves registration closed for
            // the cells that expect it closed.
            name: "POST /rpc/open_registration (close)",
            api: Some("open_registration"),
            setup: no_setup,
            call: |a, _| rpc(a, "open_registration", json!({"p_minutes": 0})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "GET /rpc/registration_settings",
            api: Some("registration_settings"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/registration_settings").unwrap(),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            // A read for every member: GET works, nothing is written.
            name: "GET /rpc/preview_schedule",
            api: Some("preview_schedule"),
            setup: no_setup,
            call: |a, _| {
                a.get("/rpc/preview_schedule?p_rule=FREQ%3DWEEKLY%3BBYDAY%3DMO&p_start=2026-01-05T08:00&p_count=3")
                    .unwrap()
            },
            expect: [401, 200, 200, 200, 403],
        },
        // A GET runs in a read-only transaction: none of the functions that
        // change something can be made to by a link.
        Case {
            name: "GET /rpc/logout",
            api: Some("logout"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/logout").unwrap(),
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/reset_member_password (a fresh member)",
            api: Some("reset_member_password"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| {
                a.get(&format!(
                    "/rpc/reset_member_password?p_user_id={id}&p_new_password=staple-orbit-lantern-7"
                ))
                .unwrap()
            },
            // It carries a password: refused as GET before anything else.
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/remove_member (a fresh member)",
            api: Some("remove_member"),
            setup: |s, _| json!(new_member(s)),
            call: |a, id| {
                a.get(&format!("/rpc/remove_member?p_user_id={id}"))
                    .unwrap()
            },
            expect: [401, 403, 403, 405, 403],
        },
        Case {
            name: "GET /rpc/create_invite",
            api: Some("create_invite"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/create_invite").unwrap(),
            expect: [401, 403, 403, 405, 403],
        },
        Case {
            name: "GET /rpc/open_registration",
            api: Some("open_registration"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/open_registration?p_minutes=60").unwrap(),
            expect: [401, 403, 403, 405, 403],
        },
        Case {
            name: "GET /rpc/ping",
            api: Some("ping"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/ping").unwrap(),
            expect: [200; 5],
        },
        Case {
            name: "POST /rpc/create_task",
            api: Some("create_task"),
            setup: |_, _| json!(unique("Created ")),
            call: |a, name| rpc(a, "create_task", json!({"p_task_name": name})),
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "POST /rpc/update_task",
            api: Some("update_task"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                rpc(
                    a,
                    "update_task",
                    json!({"p_task_id": id, "p_description": "changed"}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/delete_task",
            api: Some("delete_task"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| rpc(a, "delete_task", json!({"p_task_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/assign_task",
            api: Some("assign_task"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                rpc(
                    a,
                    "assign_task",
                    json!({"p_task_id": id, "p_user_id": MEMBER_ID}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "POST /rpc/complete_assignment (the member's)",
            api: Some("complete_assignment"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| rpc(a, "complete_assignment", json!({"p_assignment_id": id})),
            // An admin may complete it on the member's behalf (chore engine).
            expect: [401, 200, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/approve_assignment (the member's completed work)",
            api: Some("approve_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| rpc(a, "approve_assignment", json!({"p_assignment_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/reject_assignment (the member's completed work)",
            api: Some("reject_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| rpc(a, "reject_assignment", json!({"p_assignment_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/approve_assignment (the admin's own work)",
            api: Some("approve_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.admin, ADMIN_ID)),
            call: |a, id| rpc(a, "approve_assignment", json!({"p_assignment_id": id})),
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/update_frontend_asset",
            api: Some("update_frontend_asset"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "update_frontend_asset",
                    json!({"p_asset_name": "matrix.txt", "p_content_type": "text/plain", "p_content": "x"}),
                )
            },
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "POST /rpc/update_frontend_asset (index.html)",
            api: Some("update_frontend_asset"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "update_frontend_asset",
                    json!({"p_asset_name": "index.html", "p_content_type": "text/html", "p_content": "<h1>pwned</h1>"}),
                )
            },
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "POST /rpc/update_frontend_asset (with p_inline_script_hashes)",
            api: Some("update_frontend_asset"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "update_frontend_asset",
                    json!({"p_asset_name": "matrix.html", "p_content_type": "text/html",
                           "p_content": "<script>1</script>",
                           "p_inline_script_hashes": [format!("sha384-{}", "A".repeat(64))]}),
                )
            },
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "GET /rpc/frontend_asset_manifest",
            api: Some("frontend_asset_manifest"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/frontend_asset_manifest").unwrap(),
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "GET /rpc/frontend_releases",
            api: Some("frontend_releases"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/frontend_releases").unwrap(),
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "POST /rpc/prune_frontend_assets (dry run)",
            api: Some("prune_frontend_assets"),
            setup: no_setup,
            call: |a, _| rpc(a, "prune_frontend_assets", json!({"p_dry_run": true})),
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            // Only one release exists here, so the publisher is told there is
            // nothing to roll back to (409): past the permission check.
            name: "POST /rpc/rollback_frontend",
            api: Some("rollback_frontend"),
            setup: no_setup,
            call: |a, _| rpc(a, "rollback_frontend", json!({})),
            expect: [401, 403, 403, 403, 409],
        },
        Case {
            name: "POST /users (insert through the view)",
            api: Some("users"),
            setup: |_, _| json!(unique("viewinsert")),
            call: |a, name| {
                a.raw(
                    Method::POST,
                    "/users",
                    &[("Content-Type", "application/json")],
                    Some(&json!({"username": name, "is_admin": true}).to_string()),
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "PATCH /users (make oneself admin)",
            api: Some("users"),
            setup: no_setup,
            call: |a, _| {
                a.raw(
                    Method::PATCH,
                    "/users?user_id=eq.1",
                    &[("Content-Type", "application/json")],
                    Some(r#"{"is_admin":true}"#),
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "PATCH /task_assignments (self-approve)",
            api: Some("task_assignments"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| {
                a.raw(
                    Method::PATCH,
                    &format!("/task_assignments?assignment_id=eq.{id}"),
                    &[("Content-Type", "application/json")],
                    Some(r#"{"is_approved":true}"#),
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "DELETE /tasks",
            api: Some("tasks"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                a.raw(
                    Method::DELETE,
                    &format!("/tasks?task_id=eq.{id}"),
                    &[],
                    None,
                )
                .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "GET /rpc/serve_html",
            api: Some("serve_html"),
            setup: no_setup,
            call: |a, _| {
                a.get_with("/rpc/serve_html", &[("Accept", "text/html,*/*;q=0.8")])
                    .unwrap()
            },
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_css (a published stylesheet)",
            api: Some("serve_css"),
            setup: |_, c| publish(c, "matrix.css", "text/css", "body{}"),
            call: |a, name| serve(a, "serve_css", name, "text/css"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_js (a published script)",
            api: Some("serve_js"),
            setup: |_, c| publish(c, "matrix.js", "text/javascript", "1;"),
            call: |a, name| serve(a, "serve_js", name, "*/*"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_wasm (a published module)",
            api: Some("serve_wasm"),
            setup: |_, c| publish(c, "matrix.wasm", "application/wasm", "wasm"),
            call: |a, name| serve(a, "serve_wasm", name, "application/wasm"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_asset (a published file)",
            api: Some("serve_asset"),
            setup: |_, c| publish(c, "matrix-asset.txt", "text/plain", "x"),
            call: |a, name| serve(a, "serve_asset", name, "*/*"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_asset (nothing published under the name)",
            api: Some("serve_asset"),
            setup: no_setup,
            call: |a, _| serve(a, "serve_asset", &json!("matrix-none.txt"), "*/*"),
            expect: [404; 5],
        },
    ]
    .into_iter()
    .chain(chore_cells::cases())
    .chain(points_cells::cases())
    .chain(reading_cells::cases())
    .collect()
}

/// Publishes an asset as the publisher (a cell's setup); returns its name.
fn publish(c: &Callers, name: &str, content_type: &str, content: &str) -> Value {
    let reply = c.all[4]
        .rpc(
            "update_frontend_asset",
            &json!({"p_asset_name": name, "p_content_type": content_type, "p_content": content}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    json!(name)
}

fn serve(api: &Api, function: &str, name: &Value, accept: &str) -> Reply {
    api.get_with(
        &format!("/rpc/{function}?p_asset_name={}", name.as_str().unwrap()),
        &[("Accept", accept)],
    )
    .unwrap()
}

/// (endpoint, caller) for every cell of the matrix.
fn covered_cells(cases: &[Case]) -> Vec<(&'static str, usize)> {
    cases
        .iter()
        .filter_map(|case| case.api)
        .flat_map(|api| (0..WHO.len()).map(move |who| (api, who)))
        .collect()
}

/// Every view and function in `api` (read from the catalog, so a new one in
/// db/api counts at once) has a cell for every caller.
#[test]
fn every_api_endpoint_has_a_cell_for_every_caller() {
    let stack = Stack::shared();
    let catalog = api_catalog::read(stack).unwrap();
    let cases = cases();
    let missing = api_catalog::missing_cells(&catalog, &covered_cells(&cases));
    assert!(
        missing.is_empty(),
        "the access matrix is incomplete (add cases to cases() in tests/tests/access_matrix.rs):\n{}",
        missing.join("\n")
    );
}

/// The completeness check is not vacuous: an endpoint the matrix does not
/// know is reported, by name and for every caller.
#[test]
fn an_endpoint_without_cells_is_reported() {
    let stack = Stack::shared();
    let mut catalog = api_catalog::read(stack).unwrap();
    catalog.push(Endpoint::function("fake_endpoint", &["p_x"]));
    catalog.push(Endpoint::view("fake_view"));
    let cases = cases();
    let missing = api_catalog::missing_cells(&catalog, &covered_cells(&cases));
    assert_eq!(
        missing,
        [
            "function fake_endpoint: no access-matrix cell for anonymous, member, other member, admin, publisher",
            "view fake_view: no access-matrix cell for anonymous, member, other member, admin, publisher",
        ]
    );
}

#[test]
fn every_endpoint_answers_every_caller_as_designed() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let callers = callers(stack);
    let mut failures = Vec::new();
    let mut cells = 0;
    for case in cases() {
        for (who, api) in callers.all.iter().enumerate() {
            cells += 1;
            let args = (case.setup)(stack, &callers);
            let fresh;
            let api = if case.name == LOGOUT {
                fresh = self::callers(stack);
                &fresh.all[who]
            } else {
                api
            };
            let before = stack.data_fingerprint().unwrap();
            let reply = (case.call)(api, &args);
            let expected = case.expect[who];
            if reply.status != expected {
                failures.push(format!(
                    "{} as {}: expected {expected}, got {} {}",
                    case.name,
                    WHO[who],
                    reply.status,
                    reply.text()
                ));
                continue;
            }
            if expected >= 400 {
                if !reply.is_json_error() {
                    failures.push(format!(
                        "{} as {}: refusal without a JSON message: {}",
                        case.name,
                        WHO[who],
                        reply.text()
                    ));
                }
                if stack.data_fingerprint().unwrap() != before {
                    failures.push(format!(
                        "{} as {}: refused, yet data changed",
                        case.name, WHO[who]
                    ));
                }
            }
        }
    }
    eprintln!("access matrix: {cells} cells");
    assert!(cells >= 260, "the matrix shrank to {cells} cells");
    assert!(
        failures.is_empty(),
        "{} of {cells} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

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
