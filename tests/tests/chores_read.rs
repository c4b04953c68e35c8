//! The chore engine's read side at scale (docs/DESIGN.md, "Reading the
//! chore history"): the agenda, history pages, the export and the calendar
//! feed, through PostgREST, in a household of 20 members, 200 chores and
//! 100,000 closed occurrences (db/seed/scale_history.sql, loaded once per
//! binary) on Europe/Berlin time. Expected answers come from SQL as
//! app_owner, written independently of the API's own queries. Correctness
//! only: `make bench` measures the time.
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use tests::{project_root, Api, Reply, Stack};

#[path = "chores_read/agenda.rs"]
mod agenda;
#[path = "chores_read/export.rs"]
mod export;
#[path = "chores_read/feed.rs"]
mod feed;
#[path = "chores_read/formats.rs"]
mod formats;
#[path = "chores_read/history.rs"]
mod history;

pub const ZONE: &str = "Europe/Berlin";
pub const ADMIN_ID: i64 = 4;
/// Tests add fixtures and compare whole answers with the tables, so they
/// run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// The seeded stack, and the guard every test holds while it runs.
pub fn household() -> (&'static Stack, MutexGuard<'static, ()>) {
    let guard = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    static SEEDED: OnceLock<()> = OnceLock::new();
    let stack = Stack::shared();
    SEEDED.get_or_init(|| {
        let seed = std::fs::read_to_string(project_root().join("db/seed/scale_history.sql"))
            .expect("reading db/seed/scale_history.sql");
        let started = std::time::Instant::now();
        stack.psql(&seed).expect("loading the scale household");
        eprintln!("scale household loaded in {:.1?}", started.elapsed());
        stack
            .psql(&format!(
                "UPDATE app_data.household SET time_zone = '{ZONE}'"
            ))
            .expect("setting the household's zone");
    });
    (stack, guard)
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

pub fn login(stack: &Stack, username: &str) -> Api {
    stack
        .api()
        .login(username, "password123")
        .expect("signing in")
}

/// A member of its own (signed in), for fixtures nobody else touches.
pub fn new_member(stack: &Stack) -> (i64, Api) {
    tests::members::register(stack, &unique("reader"))
}

pub fn get(api: &Api, path: &str) -> Reply {
    api.get(path)
        .unwrap_or_else(|e| panic!("GET {path}: {e:#}"))
}

/// One value from SQL as app_owner.
pub fn sql(stack: &Stack, query: &str) -> String {
    stack
        .query_value(query)
        .unwrap_or_else(|e| panic!("{query}: {e:#}"))
}

/// One id per row from SQL as app_owner.
pub fn sql_ids(stack: &Stack, query: &str) -> Vec<i64> {
    stack
        .psql(query)
        .unwrap_or_else(|e| panic!("{query}: {e:#}"))
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{query}: not an id: {l:?}"))
        })
        .collect()
}

/// A chore made directly in the table (as app_owner) with the given extra
/// columns, e.g. `("assignee_mode, requires_approval", "'anyone', false")`.
pub fn new_chore(stack: &Stack, name: &str, columns: &str, values: &str) -> i64 {
    let comma = if columns.is_empty() { "" } else { ", " };
    sql(
        stack,
        &format!(
            "INSERT INTO app_data.tasks (task_name, created_by{comma}{columns}) \
             VALUES ('{}', {ADMIN_ID}{comma}{values}) RETURNING task_id",
            name.replace('\'', "''")
        ),
    )
    .parse()
    .expect("task_id")
}

/// An open occurrence of a chore, for a member (or unclaimed: None), due
/// at an SQL timestamptz expression (or undated: "NULL").
pub fn open_occurrence(stack: &Stack, task_id: i64, user_id: Option<i64>, due_at: &str) -> i64 {
    let user = user_id.map_or("NULL".to_string(), |id| id.to_string());
    sql(
        stack,
        &format!(
            "INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, status, due_at) \
             VALUES ({task_id}, {user}, {ADMIN_ID}, 'todo', {due_at}) RETURNING assignment_id"
        ),
    )
    .parse()
    .expect("assignment_id")
}

/// A missed occurrence of a chore for a member, closed now, due yesterday.
pub fn missed_occurrence(stack: &Stack, task_id: i64, user_id: i64) {
    sql(
        stack,
        &format!(
            "INSERT INTO app_data.task_assignments (task_id, user_id, status, due_at, closed_at) \
             VALUES ({task_id}, {user_id}, 'missed', now() - interval '1 day', now()) RETURNING 1"
        ),
    );
}

/// The items of an agenda or history answer.
pub fn items(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json; charset=utf-8")
    );
    reply.json()["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {}", reply.text()))
        .clone()
}

pub fn ids(items: &[Value]) -> Vec<i64> {
    items
        .iter()
        .map(|i| i["assignment_id"].as_i64().expect("assignment_id"))
        .collect()
}

/// A refusal: the status, a JSON error, and what "details" names.
pub fn assert_refused(reply: &Reply, status: u16, details: Option<&str>, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
    assert!(reply.is_json_error(), "{what}: {}", reply.text());
    if let Some(details) = details {
        assert_eq!(reply.json()["details"], details, "{what}: {}", reply.text());
    }
}

#[test]
fn every_occurrence_has_its_card() {
    let (stack, _serial) = household();
    assert_eq!(
        sql(
            stack,
            "SELECT count(*) FROM app_data.task_assignments WHERE card IS NULL"
        ),
        "0"
    );
    assert!(
        sql(stack, "SELECT count(*) FROM app_data.task_assignments")
            .parse::<i64>()
            .unwrap()
            > 100_000
    );
}

/// A card shows names and chore settings: changing them re-renders every
/// card that shows them, whoever changes them and however.
#[test]
fn cards_follow_renamed_chores_and_members() {
    let (stack, _serial) = household();
    let admin = login(stack, "admin");
    let (x, api) = new_member(stack);
    let chore = new_chore(stack, &unique("Read rename "), "", "");
    open_occurrence(stack, chore, Some(x), "now() + interval '1 hour'");
    missed_occurrence(stack, chore, x);
    let renamed = unique("Read renamed ");
    let reply = admin
        .rpc(
            "update_task",
            &serde_json::json!({"p_task_id": chore, "p_task_name": renamed}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    sql(
        stack,
        &format!("UPDATE app_data.tasks SET requires_approval = false WHERE task_id = {chore} RETURNING 1"),
    );
    let member = sql(
        stack,
        &format!("UPDATE app_data.users SET username = 'renamed_' || user_id WHERE user_id = {x} RETURNING username"),
    );
    let agenda = items(&get(&api, &format!("/rpc/agenda?p_user_id={x}")));
    let history = items(&get(&api, &format!("/rpc/history?p_task_id={chore}")));
    for item in agenda.iter().chain(&history) {
        assert_eq!(item["task_name"], renamed.as_str(), "{item}");
        assert_eq!(item["username"], member.as_str(), "{item}");
        assert_eq!(item["requires_approval"], false, "{item}");
    }
    assert_eq!((agenda.len(), history.len()), (1, 1));
}
