//! The chore engine's write side through PostgREST, as real members
//! (docs/DESIGN.md, "Chore engine"): schedules and their due dates, who
//! gets each turn, the actions on an occurrence and who may take them.
//! Time passing is simulated by backdating rows as app_owner.
//!
//! One stack for the binary, its household on Europe/Berlin time (DST
//! changes on 29 March and 25 October 2026). Tests that need members of
//! their own (pools, away periods) register fresh ones, so no test's away
//! period or rotation reaches into another's.
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, RwLock, RwLockReadGuard};
use tests::{Api, Reply, Stack};

#[path = "chores/actions.rs"]
mod actions;
#[path = "chores/calendar.rs"]
mod calendar;
#[path = "chores/concurrency.rs"]
mod concurrency;
#[path = "chores/migration.rs"]
mod migration;
#[path = "chores/pools.rs"]
mod pools;
#[path = "chores/roles.rs"]
mod roles;
#[path = "chores/rotation.rs"]
mod rotation;
#[path = "chores/schedules.rs"]
mod schedules;
#[path = "chores/swaps.rs"]
mod swaps;
#[path = "chores/validation.rs"]
mod validation;

pub const ZONE: &str = "Europe/Berlin";

/// Tests that change the household's time zone take this for writing; the
/// others hold it for reading while they compute due dates.
static ZONE_LOCK: RwLock<()> = RwLock::new(());

/// The shared stack, its household on Europe/Berlin time.
pub fn stack() -> &'static Stack {
    static ZONE_SET: OnceLock<()> = OnceLock::new();
    let stack = Stack::shared();
    ZONE_SET.get_or_init(|| {
        let reply = admin()
            .rpc("update_household", &json!({"p_time_zone": ZONE}))
            .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text());
    });
    stack
}

/// The stack, with the household's zone held at Europe/Berlin for as long
/// as the guard lives.
pub fn berlin() -> (&'static Stack, RwLockReadGuard<'static, ()>) {
    let stack = stack();
    let guard = ZONE_LOCK.read().unwrap_or_else(|p| p.into_inner());
    (stack, guard)
}

pub fn zone_write() -> std::sync::RwLockWriteGuard<'static, ()> {
    ZONE_LOCK.write().unwrap_or_else(|p| p.into_inner())
}

/// One signed-in session per seeded account, shared by the tests.
pub fn login(username: &str) -> Api {
    static SESSIONS: OnceLock<Mutex<HashMap<String, Api>>> = OnceLock::new();
    let sessions = SESSIONS.get_or_init(Default::default);
    if let Some(api) = sessions.lock().unwrap().get(username) {
        return api.clone();
    }
    let api = Stack::shared()
        .api()
        .login(username, "password123")
        .unwrap();
    sessions
        .lock()
        .unwrap()
        .insert(username.to_string(), api.clone());
    api
}

pub fn admin() -> Api {
    login("admin")
}

pub const ADMIN_ID: i64 = 4;

/// The seeded member with this id (1..3), or the admin (4).
pub fn seeded(id: i64) -> Api {
    match id {
        4 => admin(),
        n => login(&format!("user{n}")),
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A member registered for one test.
#[derive(Clone)]
pub struct Member {
    pub id: i64,
    pub api: Api,
}

/// `n` fresh members, signed in.
pub fn members(n: usize) -> Vec<Member> {
    (0..n)
        .map(|_| {
            let (id, api) = tests::members::register(stack(), &unique("chores_m"));
            Member { id, api }
        })
        .collect()
}

pub fn ids(members: &[Member]) -> Vec<i64> {
    members.iter().map(|m| m.id).collect()
}

/// `POST /rpc/create_chore` as the admin with these arguments (a unique
/// name unless given); returns the task id.
pub fn chore(args: Value) -> i64 {
    let mut args = args;
    if args.get("p_task_name").is_none() {
        args["p_task_name"] = json!(unique("Chore "));
    }
    let reply = admin().rpc("create_chore", &args).unwrap();
    assert_eq!(reply.status, 201, "create_chore {args}: {}", reply.text());
    reply.json()["task_id"].as_i64().unwrap()
}

pub fn rpc(api: &Api, function: &str, args: Value) -> Reply {
    api.rpc(function, &args).unwrap()
}

/// Asserts the status and returns the reply.
#[track_caller]
pub fn expect(reply: Reply, status: u16) -> Reply {
    assert_eq!(reply.status, status, "{}", reply.text());
    reply
}

/// `function` (complete_assignment, undo_assignment, …) on one
/// occurrence, expecting `status`.
#[track_caller]
pub fn act(api: &Api, function: &str, assignment_id: i64, status: u16) -> Reply {
    expect(
        rpc(api, function, json!({"p_assignment_id": assignment_id})),
        status,
    )
}

/// `from` offers their occurrence `assignment` to member `to`.
pub fn offer(from: &Member, assignment: i64, to: i64) -> Reply {
    rpc(
        &from.api,
        "offer_swap",
        json!({"p_assignment_id": assignment, "p_to_user_id": to}),
    )
}

/// An offer that must be made: its id.
#[track_caller]
pub fn offered(from: &Member, assignment: i64, to: i64) -> i64 {
    expect(offer(from, assignment, to), 201).json()["offer_id"]
        .as_i64()
        .unwrap()
}

/// Rows of a query as app_owner (RLS does not apply to the owner), each
/// split at '|'.
pub fn rows(sql: &str) -> Vec<Vec<String>> {
    Stack::shared()
        .psql(sql)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect()
}

pub fn value(sql: &str) -> String {
    Stack::shared().query_value(sql).unwrap()
}

/// Runs SQL as app_owner (backdating rows: time passing).
pub fn sql(sql: &str) {
    Stack::shared().psql(sql).unwrap();
}

/// The open occurrences of a chore: (assignment id, user id or 0), by id.
pub fn open_turns(task_id: i64) -> Vec<(i64, i64)> {
    rows(&format!(
        "SELECT assignment_id, coalesce(user_id, 0) FROM app_data.task_assignments \
         WHERE task_id = {task_id} AND status = 'todo' ORDER BY assignment_id"
    ))
    .into_iter()
    .map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap()))
    .collect()
}

/// The one open occurrence of a chore.
#[track_caller]
pub fn the_open_turn(task_id: i64) -> (i64, i64) {
    let open = open_turns(task_id);
    assert_eq!(open.len(), 1, "chore {task_id}: open occurrences {open:?}");
    open[0]
}

/// An occurrence's due time on the household's wall clock
/// ("YYYY-MM-DD HH24:MI"), or "" when undated.
pub fn due_local(assignment_id: i64) -> String {
    value(&format!(
        "SELECT coalesce(to_char(due_at AT TIME ZONE '{ZONE}', 'YYYY-MM-DD HH24:MI'), '') \
         FROM app_data.task_assignments WHERE assignment_id = {assignment_id}"
    ))
}

/// An occurrence's column as text.
pub fn column(assignment_id: i64, column: &str) -> String {
    value(&format!(
        "SELECT coalesce({column}::text, '') FROM app_data.task_assignments WHERE assignment_id = {assignment_id}"
    ))
}

/// Makes an occurrence look created long ago, so a completion may be
/// dated back to any time after `since`.
pub fn created_since(assignment_id: i64, since: &str) {
    sql(&format!(
        "UPDATE app_data.task_assignments SET assigned_at = '{since}' WHERE assignment_id = {assignment_id}"
    ));
}

/// The API of whoever this user id is: a test's own member, or a seeded one.
pub fn api_of(members: &[Member], user_id: i64) -> Api {
    members
        .iter()
        .find(|m| m.id == user_id)
        .map(|m| m.api.clone())
        .unwrap_or_else(|| seeded(user_id))
}

/// Completes the chore's one open occurrence as its member; returns who.
#[track_caller]
pub fn complete_turn(members: &[Member], task_id: i64) -> i64 {
    let (id, user) = the_open_turn(task_id);
    expect(
        rpc(
            &api_of(members, user),
            "complete_assignment",
            json!({"p_assignment_id": id}),
        ),
        200,
    );
    user
}

/// The write functions this binary covers, with arguments that name
/// nothing real (role and method checks come first).
pub const WRITE_FUNCTIONS: [&str; 16] = [
    "update_household",
    "create_chore",
    "update_chore",
    "complete_assignment",
    "skip_assignment",
    "undo_assignment",
    "claim_assignment",
    "reassign_assignment",
    "offer_swap",
    "accept_swap",
    "decline_swap",
    "cancel_swap",
    "set_away",
    "remove_away",
    "approve_assignment",
    "reject_assignment",
];

/// One at a time for the tests that race threads: each member may have
/// six requests running at once, and the racing tests come close.
pub fn racing() -> MutexGuard<'static, ()> {
    static RACE: Mutex<()> = Mutex::new(());
    RACE.lock().unwrap_or_else(|p| p.into_inner())
}
