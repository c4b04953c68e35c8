//! `scripts/stack.sh down` stops everything: the PostgREST supervisor, the
//! PostgREST it runs and the PostgreSQL postmaster exit, and the three
//! ports are free again.

use crate::common::stack;
use std::process::Command;
use std::time::{Duration, Instant};
use tests::drill::{port_in_use, postgrest_pid, postmaster_pid, process_alive, supervisor_pid};
use tests::project_root;

/// From running `stack.sh down` until every process is gone and every port
/// is free.
const DOWN_BOUND: Duration = Duration::from_secs(20);

#[test]
fn stack_down_stops_supervisor_postgrest_and_postgres() {
    // A stack of its own (this one is stopped for good); one drill at a time.
    let (_one, _) = stack();
    let own = tests::Stack::start().expect("a throwaway stack");
    let processes = [
        ("supervisor", supervisor_pid(&own).expect("supervisor pid")),
        ("PostgREST", postgrest_pid(&own).expect("PostgREST pid")),
        ("postmaster", postmaster_pid(&own).expect("postmaster pid")),
    ];
    let ports = [
        ("PostgreSQL", own.pg_port),
        ("API", own.api_port),
        ("admin", own.admin_port),
    ];
    for (what, pid) in processes {
        assert!(process_alive(pid), "{what} {pid} runs before `down`");
    }
    for (what, port) in ports {
        assert!(
            port_in_use(port),
            "the {what} port {port} listens before `down`"
        );
    }

    let started = Instant::now();
    let out = Command::new(project_root().join("scripts/stack.sh"))
        .arg("down")
        .envs(own.script_env())
        .output()
        .expect("running stack.sh down");
    let down_took = started.elapsed();
    assert!(
        out.status.success(),
        "stack.sh down failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let mut gone_after = Vec::new();
    let mut pending: Vec<(&str, u32)> = processes.to_vec();
    loop {
        pending.retain(|&(what, pid)| {
            let alive = process_alive(pid);
            if !alive {
                gone_after.push((what, pid, started.elapsed()));
            }
            alive
        });
        let busy: Vec<_> = ports.iter().filter(|(_, p)| port_in_use(*p)).collect();
        if pending.is_empty() && busy.is_empty() {
            break;
        }
        assert!(
            started.elapsed() <= DOWN_BOUND,
            "{DOWN_BOUND:?} after `stack.sh down` started: still running {pending:?}, \
             ports still in use {busy:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let all_done = started.elapsed();
    println!(
        "down: stack.sh down returned after {down_took:?}; gone (since it started): \
         {gone_after:?}; everything stopped and ports free after {all_done:?}"
    );
    assert!(
        !own.data_dir().join("postgrest.pid").exists(),
        "the supervisor's pid file is removed"
    );
}
