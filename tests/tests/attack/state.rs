//! State changes are atomic: of 8 simultaneous calls on one row exactly one
//! changes it (200); the rest see it already changed (409). A member runs at
//! most 6 requests at once, so the assignee's own surplus may get 429.

use crate::{assign, new_admin, new_member, new_task, rpc, stack, unique};
use serde_json::json;
use std::sync::Barrier;
use tests::{Api, Reply, Stack};

const RACERS: usize = 8;

fn race(apis: &[Api], function: &str, assignment: i64) -> Vec<Reply> {
    let barrier = Barrier::new(apis.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = apis
            .iter()
            .map(|api| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    rpc(api, function, json!({"p_assignment_id": assignment}))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn tally<'a>(replies: impl IntoIterator<Item = &'a Reply>) -> (usize, usize, usize, Vec<String>) {
    let (mut ok, mut conflict, mut busy, mut other) = (0, 0, 0, Vec::new());
    for reply in replies {
        match reply.status {
            200 => ok += 1,
            409 => conflict += 1,
            429 if reply.header("retry-after").is_some() => busy += 1,
            s => other.push(format!("{s} {}", reply.text())),
        }
    }
    (ok, conflict, busy, other)
}

fn row(stack: &Stack, assignment: i64) -> String {
    stack
        .query_value(&format!(
            "SELECT concat_ws(',', completed_at IS NOT NULL, is_approved, reviewed_by) \
             FROM app_data.task_assignments WHERE assignment_id = {assignment}"
        ))
        .unwrap()
}

#[test]
fn simultaneous_completions_change_the_row_once() {
    let stack = stack();
    let member = new_member(stack, "racer");
    let apis: Vec<Api> = (0..RACERS).map(|_| member.api(stack)).collect();
    let mut conflicts = 0;
    for round in 0..3 {
        let task = new_task(stack, &unique("Race chore "), "");
        let assignment = assign(stack, task, member.user_id);
        let replies = race(&apis, "complete_assignment", assignment);
        let (ok, conflict, busy, other) = tally(&replies);
        eprintln!("complete round {round}: {ok} × 200, {conflict} × 409, {busy} × 429, {other:?}");
        assert_eq!(ok, 1, "exactly one completion wins: {other:?}");
        assert!(other.is_empty(), "{other:?}");
        assert_eq!(ok + conflict + busy, RACERS);
        conflicts += conflict;
        assert_eq!(row(stack, assignment), "t");
        // The stored completion is the winner's, not a later overwrite.
        let winner = replies.iter().find(|r| r.status == 200).unwrap();
        let completed_at = winner.json()["completed_at"]
            .as_str()
            .expect("the winner's reply has completed_at")
            .to_string();
        let same = stack
            .query_value(&format!(
                "SELECT completed_at = '{completed_at}'::timestamptz \
                 FROM app_data.task_assignments WHERE assignment_id = {assignment}"
            ))
            .unwrap();
        assert_eq!(same, "t", "the stored completion is the winner's");
    }
    assert!(conflicts > 0, "the races got to the row at least once");
}

#[test]
fn simultaneous_reviews_change_the_row_once() {
    let stack = stack();
    let member = new_member(stack, "reviewed");
    // Eight admins of their own, so no one's concurrency cap is involved.
    let reviewers: Vec<(i64, Api)> = (0..RACERS)
        .map(|_| {
            let a = new_admin(stack, "reviewer");
            (a.user_id, a.api(stack))
        })
        .collect();
    for (round, mixed) in [(0, false), (1, true), (2, true)] {
        let task = new_task(stack, &unique("Review race "), "");
        let assignment = assign(stack, task, member.user_id);
        let done = rpc(
            &member.api(stack),
            "complete_assignment",
            json!({"p_assignment_id": assignment}),
        );
        assert_eq!(done.status, 200, "{}", done.text());
        let barrier = Barrier::new(RACERS);
        let replies: Vec<(bool, Reply)> = std::thread::scope(|scope| {
            let handles: Vec<_> = reviewers
                .iter()
                .enumerate()
                .map(|(i, (_, api))| {
                    let barrier = &barrier;
                    let approve = !mixed || i % 2 == 0;
                    scope.spawn(move || {
                        let function = if approve {
                            "approve_assignment"
                        } else {
                            "reject_assignment"
                        };
                        barrier.wait();
                        (
                            approve,
                            rpc(api, function, json!({"p_assignment_id": assignment})),
                        )
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let (ok, conflict, busy, other) = tally(replies.iter().map(|(_, r)| r));
        eprintln!("review round {round}: {ok} × 200, {conflict} × 409, {busy} × 429, {other:?}");
        assert_eq!((ok, conflict, busy), (1, RACERS - 1, 0), "{other:?}");
        let winner = replies.iter().position(|(_, r)| r.status == 200).unwrap();
        let approved = replies[winner].0;
        assert_eq!(
            row(stack, assignment),
            format!(
                "t,{},{}",
                if approved { "t" } else { "f" },
                reviewers[winner].0
            ),
            "the stored review is the winner's"
        );
    }
}
