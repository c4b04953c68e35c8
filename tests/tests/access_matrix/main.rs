//! Every endpoint against every kind of caller: anonymous, a member, another
//! member, a household admin and the publisher. Each cell gets fresh fixtures
//! and, when refused, must leave every row unchanged.
//!
//! The cells, by area: `boundary_cells` (views, other schemas, writes
//! through views), `account_cells`, `task_cells`, `frontend_cells`,
//! `chore_cells`, `points_cells`, `reading_cells`. `hashes`: no answer ever
//! carries a password hash.

mod account_cells;
mod boundary_cells;
mod chore_cells;
mod frontend_cells;
mod hashes;
mod points_cells;
mod reading_cells;
mod task_cells;

use reqwest::Method;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use tests::api_catalog::{self, Endpoint, CALLERS as WHO};
use tests::{Api, Reply, Stack};

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
    boundary_cells::cases()
        .into_iter()
        .chain(account_cells::cases())
        .chain(task_cells::cases())
        .chain(frontend_cells::cases())
        .chain(chore_cells::cases())
        .chain(points_cells::cases())
        .chain(reading_cells::cases())
        .collect()
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
