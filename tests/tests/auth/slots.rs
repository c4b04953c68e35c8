//! The per-member cap of concurrent requests, and one export at a time.

use super::*;
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Per-member cap of concurrent requests (docs/SECURITY-API.md).
const CONCURRENT_SLOTS: i64 = 6;

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
