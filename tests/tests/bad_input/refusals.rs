//! Every bad value of every target is refused with a JSON 4xx and changes
//! nothing; so are malformed requests.

use super::*;

#[test]
fn bad_input_is_refused_with_a_json_4xx_and_changes_nothing() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let fixtures = fixtures(stack);
    let callers = &fixtures.callers;
    let mut failures = Vec::new();
    let mut count = 0;
    // Data is fingerprinted around each target's whole list (a psql run
    // per fingerprint: around every single value it took minutes); when
    // a list changed something, its values run again one at a time to
    // name the one that did.
    for target in targets(fixtures) {
        let before = stack.data_fingerprint().unwrap();
        for bad in &target.bad {
            count += 1;
            let reply = send_bad(callers, &target, bad);
            if !(400..500).contains(&reply.status) || !reply.is_json_error() {
                failures.push(format!(
                    "{}({} = {}): {} {}",
                    target.function,
                    target.param,
                    shown(bad),
                    reply.status,
                    reply.text()
                ));
            }
        }
        if stack.data_fingerprint().unwrap() != before {
            let culprits: Vec<String> = target
                .bad
                .iter()
                .filter(|bad| {
                    let before = stack.data_fingerprint().unwrap();
                    send_bad(callers, &target, bad);
                    stack.data_fingerprint().unwrap() != before
                })
                .map(shown)
                .collect();
            failures.push(format!(
                "{}({} = one of {culprits:?}): refused, yet data changed",
                target.function, target.param
            ));
        }
    }
    let before = stack.data_fingerprint().unwrap();
    for (view, query, caller) in bad_filters() {
        count += 1;
        let reply = callers[caller].get(&format!("/{view}?{query}")).unwrap();
        if !(400..500).contains(&reply.status) || !reply.is_json_error() {
            failures.push(format!(
                "GET /{view}?{query}: {} {}",
                reply.status,
                reply.text()
            ));
        }
    }
    if stack.data_fingerprint().unwrap() != before {
        failures.push("a bad filter on a view changed data".into());
    }
    // Malformed requests, not just malformed values.
    let raw = [
        ("create_task", "{not json"),
        ("create_task", r#"{"p_task_name": "x", "p_unknown": 1}"#),
        ("create_task", "[1, 2, 3]"),
        ("complete_assignment", r#"{"p_assignment_id": 1e400}"#),
        ("login", ""),
        ("logout", r#"{"p_everyone": true}"#),
        (
            "remove_member",
            r#"{"p_user_id": 2, "p_user_id": 3, "p_also": 1}"#,
        ),
        ("create_invite", r#"{"p_max_uses": 1e9}"#),
        ("open_registration", r#"{"p_minutes": 60"#),
        ("revoke_invite", "null"),
        (
            "register_user",
            r#"[{"p_username": "bad_input_batch", "p_password": "x"}]"#,
        ),
    ];
    for (function, body) in raw {
        count += 1;
        let before = stack.data_fingerprint().unwrap();
        let reply = callers[ADMIN]
            .raw(
                reqwest::Method::POST,
                &format!("/rpc/{function}"),
                &[("Content-Type", "application/json")],
                Some(body),
            )
            .unwrap();
        if !(400..500).contains(&reply.status)
            || !reply.is_json_error()
            || stack.data_fingerprint().unwrap() != before
        {
            failures.push(format!(
                "{function} raw {body:?}: {} {}",
                reply.status,
                reply.text()
            ));
        }
    }
    eprintln!("bad inputs checked: {count}");
    assert!(count >= 400, "the bad-input table shrank to {count}");
    assert!(
        failures.is_empty(),
        "{} of {count} bad inputs got through:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The target's valid arguments with `bad` in its parameter, sent as its
/// caller.
fn send_bad(callers: &[Api], target: &Target, bad: &Value) -> tests::Reply {
    let mut args = target.valid.clone();
    args[target.param] = bad.clone();
    callers[target.caller].rpc(target.function, &args).unwrap()
}

fn shown(bad: &Value) -> String {
    bad.to_string().chars().take(40).collect()
}
