//! Points, the leaderboard and the reward store through PostgREST, as real
//! members and admins (docs/DESIGN.md, "Points and rewards"): what an
//! occurrence earns and costs however it is undone, rejected or moved; an
//! admin's adjustments; redemptions and stock; who may do what; and a
//! storm of 32 concurrent clients after which the books still balance.
//!
//! One stack for the binary. Every test registers members of its own, so
//! balances never mix; the storm runs alone (it takes the write side of
//! [`QUIET`]), the rest side by side.
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tests::{Api, Reply, Stack};

#[path = "points/adjust.rs"]
mod adjust;
#[path = "points/board.rs"]
mod board;
#[path = "points/books.rs"]
mod books;
#[path = "points/export.rs"]
mod export;
#[path = "points/ledger.rs"]
mod ledger;
#[path = "points/roles.rs"]
mod roles;
#[path = "points/store.rs"]
mod store;
#[path = "points/storm.rs"]
mod storm;

/// The storm takes this for writing: 32 clients on two cores would slow
/// every other test into its statement timeout.
static QUIET: RwLock<()> = RwLock::new(());

pub fn stack() -> (&'static Stack, RwLockReadGuard<'static, ()>) {
    let guard = QUIET.read().unwrap_or_else(|p| p.into_inner());
    (Stack::shared(), guard)
}

pub fn stack_alone() -> (&'static Stack, RwLockWriteGuard<'static, ()>) {
    let guard = QUIET.write().unwrap_or_else(|p| p.into_inner());
    (Stack::shared(), guard)
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The seeded admin, signed in once.
pub fn admin() -> Api {
    static ADMIN: OnceLock<Api> = OnceLock::new();
    ADMIN
        .get_or_init(|| Stack::shared().api().login("admin", "password123").unwrap())
        .clone()
}

#[derive(Clone)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub api: Api,
}

/// A fresh member, registered and signed in.
pub fn member(prefix: &str) -> Member {
    let name = unique(prefix);
    let (id, api) = tests::members::register(Stack::shared(), &name);
    Member { id, name, api }
}

/// A fresh household admin of its own.
pub fn new_admin(prefix: &str) -> Member {
    let m = member(prefix);
    sql(&format!(
        "UPDATE app_data.users SET is_admin = true WHERE user_id = {}",
        m.id
    ));
    m
}

pub fn sql(query: &str) -> String {
    Stack::shared().query_value(query).unwrap()
}

pub fn sql_i64(query: &str) -> i64 {
    let value = sql(query);
    value
        .parse()
        .unwrap_or_else(|_| panic!("{query}: not a number: {value:?}"))
}

pub fn rpc(api: &Api, function: &str, args: Value) -> Reply {
    api.rpc(function, &args).unwrap()
}

/// Calls and asserts the status; returns the body.
pub fn expect(api: &Api, function: &str, args: Value, status: u16) -> Value {
    let reply = rpc(api, function, args.clone());
    assert_eq!(reply.status, status, "{function}({args}): {}", reply.text());
    reply.json()
}

/// `function` (complete_assignment, undo_assignment, …) on one
/// occurrence, expecting `status`; the answer.
pub fn act(api: &Api, function: &str, assignment_id: i64, status: u16) -> Value {
    expect(
        api,
        function,
        json!({"p_assignment_id": assignment_id}),
        status,
    )
}

/// Creates a chore for `user_id` from `args` (create_chore's name and
/// schedule) worth `points`, penalty `penalty`; returns its id.
fn points_chore(mut args: Value, user_id: i64, points: i64, penalty: i64, approval: bool) -> i64 {
    let admin = admin();
    args["p_user_id"] = json!(user_id);
    args["p_requires_approval"] = json!(approval);
    let task_id = expect(&admin, "create_chore", args, 201)["task_id"]
        .as_i64()
        .unwrap();
    let task = expect(
        &admin,
        "set_chore_points",
        json!({"p_task_id": task_id, "p_points": points, "p_penalty_points": penalty}),
        200,
    );
    assert_eq!(task["points"], json!(points));
    assert_eq!(task["penalty_points"], json!(penalty));
    task_id
}

/// A chore worth `points` (penalty `penalty`) that repeats every hour for
/// `user_id`; returns (task id, its open occurrence).
pub fn chore(user_id: i64, points: i64, penalty: i64, approval: bool) -> (i64, i64) {
    let args = json!({"p_task_name": unique("Points chore "), "p_schedule_kind": "interval",
                      "p_interval_count": 1, "p_interval_unit": "hours"});
    let task_id = points_chore(args, user_id, points, penalty, approval);
    (task_id, open_occurrence(task_id))
}

/// A daily calendar chore at 00:00 UTC (the stack's zone) since
/// 2026-01-01, named `prefix` and a number; returns its id.
pub fn daily_chore(prefix: &str, user_id: i64, points: i64, penalty: i64, approval: bool) -> i64 {
    let args = json!({"p_task_name": unique(prefix), "p_schedule_kind": "calendar",
                      "p_rrule": "FREQ=DAILY", "p_start": "2026-01-01T00:00"});
    points_chore(args, user_id, points, penalty, approval)
}

/// The chore's newest open occurrence.
pub fn open_occurrence(task_id: i64) -> i64 {
    sql_i64(&format!(
        "SELECT max(assignment_id) FROM app_data.task_assignments WHERE task_id = {task_id} AND status = 'todo'"
    ))
}

/// The balance a member's own statement shows.
pub fn balance(api: &Api) -> i64 {
    let reply = api.get("/rpc/my_points?p_limit=1").unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()["balance"].as_i64().unwrap()
}

/// Admin gives a member points (a reason is required).
pub fn give(user_id: i64, amount: i64) {
    expect(
        &admin(),
        "adjust_points",
        json!({"p_user_id": user_id, "p_amount": amount, "p_reason": "test pocket money"}),
        201,
    );
}

/// What the ledger holds for one occurrence and member.
pub fn occurrence_sum(assignment_id: i64, user_id: i64) -> i64 {
    sql_i64(&format!(
        "SELECT coalesce(sum(amount), 0) FROM app_data.points_ledger \
         WHERE assignment_id = {assignment_id} AND user_id = {user_id}"
    ))
}

/// The books balance: every member's balance is the sum of their ledger,
/// and none is negative.
pub fn assert_books_balance() {
    let off = sql(
        "SELECT coalesce(string_agg(format('%s: balance %s, ledger %s', u.user_id, b.balance, l.total), '; '), '') \
         FROM app_data.users u \
         LEFT JOIN app_data.point_balances b ON b.user_id = u.user_id \
         LEFT JOIN (SELECT user_id, sum(amount) AS total FROM app_data.points_ledger GROUP BY user_id) l \
           ON l.user_id = u.user_id \
         WHERE coalesce(b.balance, 0) <> coalesce(l.total, 0) OR b.balance < 0",
    );
    assert_eq!(off, "", "balances that are not their ledger's sum");
}
