//! Sign-in throttling and POST-only sign-in/registration: the lock follows
//! the username (existing or not, and the two look the same from outside),
//! grows, is capped, is reset by a success, and cannot be read by anyone.

use crate::{heavy, login_reply, new_member, rpc, stack, unique, MEMBER_PASSWORD, PASSWORD};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tests::{Reply, Stack};

const WRONG: &str = "not-the-password-1";

fn attempt(stack: &Stack, username: &str, password: &str) -> Reply {
    login_reply(stack, username, password)
}

fn retry_after(reply: &Reply) -> Option<u64> {
    reply.header("retry-after").and_then(|v| v.parse().ok())
}

/// Five wrong passwords, then the right one: the statuses, the last reply.
fn lock_out(stack: &Stack, username: &str) -> (Vec<u16>, Reply) {
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let reply = attempt(stack, username, WRONG);
        assert!(reply.json().get("token").is_none());
        statuses.push(reply.status);
    }
    let last = attempt(stack, username, MEMBER_PASSWORD);
    statuses.push(last.status);
    (statuses, last)
}

#[test]
fn five_wrong_passwords_lock_that_username_only_existing_or_not() {
    let stack = stack();
    let existing = new_member(stack, "locked");
    let bystander = new_member(stack, "bystander");
    let ghost = unique("ghost");

    let (existing_statuses, existing_last) = lock_out(stack, &existing.username);
    let (ghost_statuses, ghost_last) = lock_out(stack, &ghost);
    assert_eq!(
        existing_statuses,
        [401, 401, 401, 401, 401, 429],
        "the right password after five wrong ones: {}",
        existing_last.text()
    );
    assert_eq!(
        ghost_statuses, existing_statuses,
        "a nonexistent username answers exactly like an existing one"
    );
    for (who, reply) in [("existing", &existing_last), ("nonexistent", &ghost_last)] {
        let seconds = retry_after(reply)
            .unwrap_or_else(|| panic!("{who}: 429 without a numeric Retry-After: {reply:?}"));
        assert!((1..=300).contains(&seconds), "{who}: Retry-After {seconds}");
        assert!(reply.json().get("token").is_none());
    }
    let shape = |r: &Reply| {
        let body = r.json();
        (body["code"].clone(), body["message"].clone())
    };
    assert_eq!(shape(&existing_last), shape(&ghost_last));
    assert_eq!(existing_last.json()["code"], json!("PT429"));

    // Not by changing the case or padding the name either.
    for variant in [
        existing.username.to_uppercase(),
        format!(" {} ", existing.username),
    ] {
        let reply = attempt(stack, &variant, MEMBER_PASSWORD);
        assert_eq!(reply.status, 429, "{variant:?}: {}", reply.text());
    }
    // Everybody else signs in as usual, and the locked member's existing
    // token still works: the lock is about signing in.
    assert_eq!(
        attempt(stack, &bystander.username, MEMBER_PASSWORD).status,
        200
    );
    assert_eq!(existing.api(stack).get("/rpc/me").unwrap().status, 200);
}

#[test]
fn a_successful_sign_in_resets_the_count() {
    let stack = stack();
    let member = new_member(stack, "resets");
    for round in 0..3 {
        for i in 0..4 {
            let reply = attempt(stack, &member.username, WRONG);
            assert_eq!(reply.status, 401, "round {round}, wrong password {i}");
        }
        let reply = attempt(stack, &member.username, MEMBER_PASSWORD);
        assert_eq!(reply.status, 200, "round {round}: {}", reply.text());
    }
    // Without the reset the 13th failure in a row would long be locked;
    // and the 5th in a row still locks.
    for _ in 0..5 {
        assert_eq!(attempt(stack, &member.username, WRONG).status, 401);
    }
    assert_eq!(
        attempt(stack, &member.username, MEMBER_PASSWORD).status,
        429
    );
}

#[test]
fn retry_after_grows_and_is_capped() {
    let stack = stack();
    let member = new_member(stack, "grows");
    let (_, first) = lock_out(stack, &member.username);
    let first_wait = retry_after(&first).expect("Retry-After");
    assert!(first_wait <= 10, "the first lock is short ({first_wait} s)");
    // Wait it out, fail once more: locked for longer.
    std::thread::sleep(Duration::from_secs(first_wait) + Duration::from_millis(300));
    let reply = attempt(stack, &member.username, WRONG);
    assert_eq!(
        reply.status,
        401,
        "after the lock expired: {}",
        reply.text()
    );
    let second = attempt(stack, &member.username, MEMBER_PASSWORD);
    assert_eq!(second.status, 429, "{}", second.text());
    let second_wait = retry_after(&second).expect("Retry-After");
    assert!(
        second_wait > first_wait,
        "Retry-After grows: {first_wait} then {second_wait}"
    );

    // Many failures later (written straight into the table, so the test
    // need not wait minutes), the lock is at most five minutes.
    stack
        .psql(&format!(
            "UPDATE app_data.login_attempts SET failures = 40, locked_until = now() - interval '1 second' \
             WHERE username_key = lower('{}')",
            member.username
        ))
        .unwrap();
    let reply = attempt(stack, &member.username, WRONG);
    assert!(
        matches!(reply.status, 401 | 429),
        "HTTP {}: {}",
        reply.status,
        reply.text()
    );
    let capped = attempt(stack, &member.username, MEMBER_PASSWORD);
    assert_eq!(capped.status, 429, "{}", capped.text());
    let capped_wait = retry_after(&capped).expect("Retry-After");
    assert!(
        (second_wait..=300).contains(&capped_wait) && capped_wait >= 60,
        "after 40 failures Retry-After is capped at 300: {capped_wait}"
    );
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[test]
fn wrong_passwords_cost_the_same_for_existing_and_nonexistent_names() {
    let stack = stack();
    let existing: Vec<String> = (0..5)
        .map(|_| new_member(stack, "timed").username)
        .collect();
    let ghosts: Vec<String> = (0..5).map(|_| unique("nobody")).collect();
    let _heavy = heavy();
    let time = |name: &String| {
        let started = Instant::now();
        let reply = attempt(stack, name, WRONG);
        let elapsed = started.elapsed();
        assert_eq!(reply.status, 401, "{name}: {}", reply.text());
        elapsed
    };
    // Each existing name is timed right beside a nonexistent one, first
    // one then the other in turn, and the pairs' ratios are compared: a
    // load burst on this shared machine then slows both sides of a pair
    // instead of one whole side. Four rounds: never the fifth failure
    // that would lock.
    let (mut known, mut unknown, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..4 {
        for (name, ghost) in existing.iter().zip(&ghosts) {
            let (k, u) = if round % 2 == 0 {
                let k = time(name);
                (k, time(ghost))
            } else {
                let u = time(ghost);
                (time(name), u)
            };
            known.push(k);
            unknown.push(u);
            ratios.push(k.as_secs_f64() / u.as_secs_f64());
        }
    }
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let (known, unknown) = (median(known), median(unknown));
    eprintln!(
        "wrong-password sign-in: existing {known:?}, nonexistent {unknown:?} (medians), median pair ratio {ratio:.2}"
    );
    assert!(
        (1.0 / 1.5..=1.5).contains(&ratio),
        "existing {known:?} vs nonexistent {unknown:?}, pair ratio {ratio:.2}: the timing tells them apart"
    );
}

/// Everything reachable over HTTP by anonymous callers and members: no
/// trace of the failed sign-ins.
#[test]
fn failed_sign_ins_are_not_readable() {
    let stack = stack();
    let ghost = unique("tracer");
    for _ in 0..3 {
        assert_eq!(attempt(stack, &ghost, WRONG).status, 401);
    }
    let stored = stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.login_attempts WHERE username_key = lower('{ghost}')"
        ))
        .unwrap();
    assert_eq!(
        stored, "1",
        "the attempts are recorded (else this test proves nothing)"
    );

    let member = new_member(stack, "reader");
    let callers = [("anonymous", stack.api()), ("member", member.api(stack))];
    let views = stack
        .psql("SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'api'::regnamespace AND c.relkind IN ('v','r','m')")
        .unwrap();
    let functions = stack
        .psql("SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'api'::regnamespace AND p.provolatile <> 'v'")
        .unwrap();
    let private = stack
        .psql(
            "SELECT n.nspname || '|' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname IN ('app_data', 'app_functions', 'app_frontend', 'public') AND c.relkind IN ('r','v','m','p','f')",
        )
        .unwrap();
    assert!(private.contains("app_data|login_attempts"), "{private}");
    for (who, api) in &callers {
        let mut paths: Vec<(String, Vec<(&str, String)>)> = Vec::new();
        for view in views.lines().filter(|l| !l.is_empty()) {
            paths.push((format!("/{view}"), vec![]));
        }
        for function in functions.lines().filter(|l| !l.is_empty()) {
            paths.push((format!("/rpc/{function}"), vec![]));
        }
        for line in private.lines().filter(|l| !l.is_empty()) {
            let (schema, relation) = line.split_once('|').unwrap();
            paths.push((
                format!("/{relation}"),
                vec![("Accept-Profile", schema.to_string())],
            ));
            paths.push((format!("/{relation}?select=*"), vec![]));
        }
        for (path, headers) in &paths {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = api.get_with(path, &headers).unwrap();
            assert!(
                !reply.text().to_lowercase().contains(&ghost.to_lowercase()),
                "{who} GET {path} {headers:?} shows the failed sign-in: {}",
                reply.text()
            );
            if !headers.is_empty() {
                assert_eq!(
                    reply.status,
                    406,
                    "{who} GET {path} {headers:?}: {}",
                    reply.text()
                );
            }
        }
    }
}

/// GET would put passwords into URLs and logs: both functions answer 405,
/// and the same 405 whatever the account.
#[test]
fn login_and_registration_take_post_only() {
    let stack = stack();
    let ghost = unique("getter");
    let mut answers: Vec<(String, u16, Value)> = Vec::new();
    for path in [
        format!("/rpc/login?p_username=user1&p_password={PASSWORD}"),
        format!("/rpc/login?p_username={ghost}&p_password={PASSWORD}"),
        "/rpc/login".to_string(),
        format!("/rpc/register_user?p_username=user1&p_password={PASSWORD}"),
        format!("/rpc/register_user?p_username={ghost}&p_password={PASSWORD}"),
        "/rpc/register_user".to_string(),
    ] {
        let reply = stack.api().get(&path).unwrap();
        assert_eq!(reply.status, 405, "GET {path}: {}", reply.text());
        assert!(reply.json().get("token").is_none(), "{}", reply.text());
        answers.push((path, reply.status, reply.json()));
    }
    for pair in [(0, 1), (0, 2), (3, 4), (3, 5)] {
        assert_eq!(
            answers[pair.0].2, answers[pair.1].2,
            "the same answer for {} and {}",
            answers[pair.0].0, answers[pair.1].0
        );
    }
    let created = stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.users WHERE lower(username) = lower('{ghost}')"
        ))
        .unwrap();
    assert_eq!(created, "0", "GET registered nobody");
    // POST still works.
    assert_eq!(login_reply(stack, "user3", PASSWORD).status, 200);
    let reply = rpc(
        &stack.api(),
        "login",
        json!({"p_username": ghost, "p_password": PASSWORD}),
    );
    assert_eq!(reply.status, 401);
}
