//! The database restarted and crashed, PostgREST killed, its sessions cut,
//! its pool exhausted: all under load.

use crate::common::{stack, under_load};
use std::time::Duration;
use tests::drill::{
    kill_postgrest, postgrest_pid, restart_postgres, terminate_postgrest_sessions, wait_ready,
};

/// While the database is down PostgREST answers 503 with a JSON error, not
/// a hang and not a dropped connection. The one exception allowed: a
/// request running at the moment its connection dies may get PostgREST
/// 12.0.2's empty 400 (`Summary::connection_lost_400`), and only that
/// exact body: any other 400 fails the drill.
fn only_503s(tag: &str, m: &crate::common::Measured) {
    assert_eq!(m.summary.transport, 0, "{tag}: {:?}", m.summary);
    let mut bad_requests = 0;
    for (status, count) in &m.summary.statuses {
        match status {
            503 | 409 => {}
            400 => bad_requests = *count,
            _ => panic!("{tag}: {status} answers: {:?}", m.summary),
        }
    }
    assert_eq!(
        bad_requests, m.summary.connection_lost_400,
        "{tag}: a 400 other than the lost connection's: {:?}",
        m.summary
    );
}

#[test]
fn postgres_fast_restart_under_load() {
    let (_one, stack) = stack();
    let m = under_load(stack, "fast", |s| {
        restart_postgres(s, "fast").expect("pg_ctl restart -m fast")
    });
    only_503s("fast restart", &m);
}

#[test]
fn postgres_crash_and_recovery_under_load() {
    let (_one, stack) = stack();
    let m = under_load(stack, "crash", |s| {
        restart_postgres(s, "immediate").expect("pg_ctl restart -m immediate")
    });
    only_503s("crash (immediate)", &m);
}

#[test]
fn postgrest_killed_is_restarted_by_the_stack_under_load() {
    let (_one, stack) = stack();
    let before = postgrest_pid(stack).expect("PostgREST pid");
    under_load(stack, "kill9", |s| {
        let killed = kill_postgrest(s).expect("kill -9 PostgREST");
        let ready = wait_ready(s, Duration::from_secs(15)).expect("restarted");
        println!("kill9: PostgREST {killed} killed; a new one ready after {ready:?}");
    });
    let after = postgrest_pid(stack).expect("PostgREST pid");
    assert_ne!(before, after, "a new PostgREST process serves");
}

#[test]
fn postgrest_sessions_terminated_under_load() {
    let (_one, stack) = stack();
    under_load(stack, "cut", |s| {
        for _ in 0..5 {
            let n = terminate_postgrest_sessions(s).expect("pg_terminate_backend");
            println!("cut: terminated {n} PostgREST sessions");
            std::thread::sleep(Duration::from_millis(300));
        }
    });
}

/// Four members each run 6 requests that take the whole 3 s statement
/// timeout (a backtracking regex filter): 24 slow requests for 20 pool
/// slots, while the household's load goes on.
#[test]
fn pool_exhausted_by_slow_clients_under_load() {
    let (_one, stack) = stack();
    let marker = "Drill regex bait";
    stack
        .psql(&format!(
            "INSERT INTO app_data.tasks (task_name, description, created_by) \
             SELECT '{marker}', repeat('a', 100) || 'b.', user_id FROM app_data.users \
             WHERE username = 'admin' ON CONFLICT DO NOTHING"
        ))
        .expect("bait task");
    let regex = r"^(.*)(.*)(.*)(.*)(.*)\5\4\3\2\1[.]$";
    let encoded: String = regex
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let target = format!("/tasks?description=match.{encoded}");
    let slow_members: Vec<tests::Api> = (0..4)
        .map(|i| {
            let name = format!("pool-slow-{i}");
            let r = stack
                .register(&name, tests::drill::PASSWORD)
                .expect("register");
            assert!(r.status < 300, "{}", r.text());
            stack
                .api()
                .login(&name, tests::drill::PASSWORD)
                .expect("login")
        })
        .collect();
    let mut slow_statuses = Vec::new();
    let m = under_load(stack, "pool", |_| {
        std::thread::scope(|scope| {
            let handles: Vec<_> = slow_members
                .iter()
                .flat_map(|api| (0..6).map(move |_| api.clone()))
                .map(|api| {
                    let target = target.clone();
                    scope.spawn(move || {
                        let t = std::time::Instant::now();
                        let r = api.get(&target).expect("a slow request answers");
                        (r.status, t.elapsed())
                    })
                })
                .collect();
            for h in handles {
                slow_statuses.push(h.join().expect("slow client"));
            }
        });
    });
    println!("pool: the 24 slow requests: {slow_statuses:?}");
    for (status, took) in &slow_statuses {
        assert!(
            [500, 503, 504, 429, 200].contains(status) && *took < Duration::from_secs(15),
            "pool: slow request {status} after {took:?}"
        );
    }
    println!("pool: load during exhaustion: {:?}", m.summary.statuses);
}
