//! Bounded work (DESIGN.md fact 11): a member's backtracking regex filters
//! end at the 3 s statement timeout, ten at once cannot starve the app, and
//! `limit` cannot lift db-max-rows.

use crate::raw::pct;
use crate::{heavy, new_member, new_task, rpc, stack, unique, PASSWORD};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Five groups and their reversed backreferences: the regex engine tries
/// every split of the description, about n^5 of them, and none matches.
const REGEX: &str = r"^(.*)(.*)(.*)(.*)(.*)\5\4\3\2\1[.]$";
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(3);
const MARGIN: Duration = Duration::from_secs(2);
/// Requests one member may have running at once (docs/SECURITY-API.md).
const MEMBER_CAP: usize = 6;

/// Ends in "." so PostgreSQL's DFA pre-check cannot reject it at once; the
/// "b" makes every split fail. Measured: 60 a's take 3.2 s, 80 take 11 s.
fn slow_description() -> String {
    format!("{}b.", "a".repeat(100))
}

#[test]
fn pathological_regex_filters_end_at_the_timeout_and_the_app_stays_fast() {
    let _heavy = heavy();
    let stack = stack();
    let description = slow_description();
    let marker = unique("Regex bait ");
    new_task(stack, &marker, &description);

    // The filter really is slow without the API's timeout: as app_owner,
    // bounded by a 10 s timeout of our own, it is still running at 10 s
    // (or at least needs far longer than 3 s).
    let sql_regex = REGEX.replace('\'', "''");
    let started = Instant::now();
    let direct = stack.psql(&format!(
        "SET statement_timeout = '10s'; \
         SELECT count(*) FROM app_data.tasks WHERE task_name = '{marker}' AND description ~ '{sql_regex}'"
    ));
    let direct_time = started.elapsed();
    eprintln!("the regex directly in psql: {direct_time:?} {direct:?}");
    assert!(
        direct_time >= Duration::from_secs(6),
        "the bait is not slow enough to prove anything: {direct_time:?} ({direct:?})"
    );

    // A published page the storm must not slow down (not index.html: other
    // tests of this binary publish the real app there).
    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let page = rpc(
        &publisher,
        "update_frontend_asset",
        json!({"p_asset_name": "attack-storm.html", "p_content_type": "text/html",
               "p_content": "<!doctype html><title>storm</title>"}),
    );
    assert_eq!(page.status, 200, "{}", page.text());

    let member = new_member(stack, "storm");
    let target = format!("/tasks?description=match.{}", pct(REGEX));
    let running = AtomicUsize::new(0);
    let mut storm = Vec::new();
    let mut samples: Vec<(String, u16, Duration)> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..10)
            .map(|_| {
                let api = member.api(stack);
                let target = target.clone();
                let running = &running;
                running.fetch_add(1, Ordering::SeqCst);
                scope.spawn(move || {
                    let started = Instant::now();
                    let reply = api.get(&target).expect("the storm request answers");
                    let elapsed = started.elapsed();
                    running.fetch_sub(1, Ordering::SeqCst);
                    (
                        reply.status,
                        reply.header("retry-after"),
                        reply.text(),
                        elapsed,
                    )
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(400));
        let anon = stack.api();
        let mut round = 0;
        while running.load(Ordering::SeqCst) > 0 && round < 5 {
            round += 1;
            let started = Instant::now();
            let html = anon
                .get("/rpc/serve_html?p_asset_name=attack-storm.html")
                .unwrap();
            samples.push(("GET /rpc/serve_html".into(), html.status, started.elapsed()));
            let started = Instant::now();
            let login = rpc(
                &anon,
                "login",
                json!({"p_username": "user2", "p_password": PASSWORD}),
            );
            samples.push((
                "POST /rpc/login user2".into(),
                login.status,
                started.elapsed(),
            ));
        }
        storm = handles.into_iter().map(|h| h.join().unwrap()).collect();
    });

    eprintln!(
        "storm: {:?}\nduring the storm: {samples:?}",
        storm
            .iter()
            .map(|(s, r, _, t)| (s, r.clone(), t))
            .collect::<Vec<_>>()
    );
    assert!(
        samples.len() >= 2,
        "the app was sampled while the storm ran: {samples:?}"
    );
    for (what, status, elapsed) in &samples {
        assert_eq!(*status, 200, "{what} during the storm");
        assert!(
            *elapsed < Duration::from_secs(1),
            "{what} took {elapsed:?} during the storm"
        );
    }
    let mut cut = 0;
    for (status, retry_after, body, elapsed) in &storm {
        assert!(
            *elapsed <= STATEMENT_TIMEOUT + MARGIN,
            "a regex filter ran {elapsed:?} (HTTP {status} {body})"
        );
        assert!(*status >= 400, "HTTP {status}: {body}");
        if *status == 429 {
            assert!(retry_after.is_some(), "429 without Retry-After: {body}");
        } else {
            // It ran until the statement timeout cut it.
            assert!(
                *elapsed >= STATEMENT_TIMEOUT - Duration::from_millis(500),
                "HTTP {status} after only {elapsed:?}: {body}"
            );
            cut += 1;
        }
    }
    assert!(
        (1..=MEMBER_CAP).contains(&cut),
        "at most {MEMBER_CAP} of one member's requests run at once, and some did: {cut}"
    );
}

/// `db-max-rows = 1000`: no `limit` returns more.
#[test]
fn limit_cannot_lift_the_row_cap() {
    let stack = crate::page::private_stack();
    // More rows than db-max-rows, in a stack of this test's own.
    stack
        .psql(
            "INSERT INTO app_data.tasks (task_name, description) \
             SELECT 'Row cap ' || g, '' FROM generate_series(1, 1100) g \
             ON CONFLICT DO NOTHING",
        )
        .unwrap();
    let total: usize = stack
        .query_value("SELECT count(*) FROM app_data.tasks")
        .unwrap()
        .parse()
        .unwrap();
    assert!(total > 1000, "{total} tasks");
    let member = stack.api().login("user1", PASSWORD).unwrap();
    for path in [
        "/tasks",
        "/tasks?limit=99999999999",
        "/tasks?limit=5000",
        "/tasks?offset=0&limit=2000",
    ] {
        let reply = member.get(path).unwrap();
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        let rows = reply.json().as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(rows, 1000, "{path} returned {rows} of {total} rows");
    }
}
