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
use std::sync::{Mutex, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
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

/// New accounts may not use the seeded "password123".
pub const STRONG: &str = "correct-horse-battery-1";

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

/// An invite code for the members the tests register (each good for 100).
fn invite_code() -> String {
    static CODE: Mutex<Option<(String, usize)>> = Mutex::new(None);
    let mut code = CODE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((c, used)) = code.as_mut() {
        if *used < 100 {
            *used += 1;
            return c.clone();
        }
    }
    let reply = admin()
        .rpc(
            "create_invite",
            &json!({"p_expires_in_hours": 24, "p_max_uses": 100}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    let c = reply.json()["code"].as_str().unwrap().to_string();
    *code = Some((c.clone(), 1));
    c
}

#[derive(Clone)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub api: Api,
}

/// A fresh member, registered and signed in.
pub fn member(prefix: &str) -> Member {
    let stack = Stack::shared();
    let name = unique(prefix);
    let reply = stack
        .api()
        .rpc(
            "register_user",
            &json!({"p_username": name, "p_password": STRONG, "p_invite_code": invite_code()}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    Member {
        id: reply.json()["user_id"].as_i64().unwrap(),
        api: stack.api().login(&name, STRONG).unwrap(),
        name,
    }
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

/// A chore worth `points` (penalty `penalty`) that repeats every hour for
/// `user_id`; returns (task id, its open occurrence).
pub fn chore(user_id: i64, points: i64, penalty: i64, approval: bool) -> (i64, i64) {
    let admin = admin();
    let task = expect(
        &admin,
        "create_chore",
        json!({"p_task_name": unique("Points chore "), "p_schedule_kind": "interval",
               "p_interval_count": 1, "p_interval_unit": "hours", "p_user_id": user_id,
               "p_requires_approval": approval}),
        201,
    );
    let task_id = task["task_id"].as_i64().unwrap();
    let task = expect(
        &admin,
        "set_chore_points",
        json!({"p_task_id": task_id, "p_points": points, "p_penalty_points": penalty}),
        200,
    );
    assert_eq!(task["points"], json!(points));
    assert_eq!(task["penalty_points"], json!(penalty));
    (task_id, open_occurrence(task_id))
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
