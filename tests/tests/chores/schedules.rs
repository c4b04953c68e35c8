//! Every schedule kind's first and next due dates.
use super::*;

/// Completes the chore's open occurrence as `api`, dated `at` (an RFC 3339
/// time in the past), after making the occurrence look old enough.
fn complete_at(api: &Api, task_id: i64, at: &str) -> i64 {
    let (id, _) = the_open_turn(task_id);
    created_since(id, "2025-01-01T00:00:00Z");
    expect(
        rpc(
            api,
            "complete_assignment",
            json!({"p_assignment_id": id, "p_completed_at": at}),
        ),
        200,
    );
    id
}

fn interval_chore(count: i64, unit: &str, user: i64) -> i64 {
    chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": count, "p_interval_unit": unit,
                 "p_assignee_mode": "fixed", "p_user_id": user, "p_requires_approval": false}),
    )
}

/// Days, weeks and months keep the wall-clock time across a DST change
/// (and a time that does not exist moves forward by the gap); hours are
/// elapsed time.
#[test]
fn interval_days_keep_the_local_time_across_dst_and_hours_do_not() {
    let (_stack, _zone) = berlin();
    let user1 = seeded(1);
    // 28 March 19:00 CET; the clocks go forward that night.
    let days = interval_chore(1, "days", 1);
    complete_at(&user1, days, "2026-03-28T19:00:00+01:00");
    let (next, _) = the_open_turn(days);
    assert_eq!(due_local(next), "2026-03-29 19:00");
    assert_eq!(column(next, "due_at"), "2026-03-29 17:00:00+00");

    let hours = interval_chore(24, "hours", 1);
    complete_at(&user1, hours, "2026-03-28T19:00:00+01:00");
    let (next, _) = the_open_turn(hours);
    assert_eq!(
        due_local(next),
        "2026-03-29 20:00",
        "24 hours later, on the new clock"
    );

    // 02:30 on 29 March does not exist: 03:30 CEST (RFC 5545).
    let gap = interval_chore(1, "days", 1);
    complete_at(&user1, gap, "2026-03-28T02:30:00+01:00");
    assert_eq!(due_local(the_open_turn(gap).0), "2026-03-29 03:30");

    // Back to CET on 25 October: a week from 20 October 08:00 CEST is
    // 27 October 08:00 CET, 169 hours later.
    let weeks = interval_chore(1, "weeks", 1);
    complete_at(&user1, weeks, "2026-10-20T08:00:00+02:00");
    let (next, _) = the_open_turn(weeks);
    assert_eq!(due_local(next), "2026-10-27 08:00");
    assert_eq!(column(next, "due_at"), "2026-10-27 07:00:00+00");

    let months = interval_chore(1, "months", 1);
    complete_at(&user1, months, "2026-03-15T09:00:00+01:00");
    assert_eq!(due_local(the_open_turn(months).0), "2026-04-15 09:00");

    // Each next occurrence came from the completion before it.
    let (next, _) = the_open_turn(days);
    assert_ne!(column(next, "created_from"), "");
}

/// An interval chore is first due at its start, or now when the start is
/// past, or one interval from now without one.
#[test]
fn an_interval_chore_is_first_due_at_its_start_or_one_interval_from_now() {
    let (_stack, _zone) = berlin();
    let base = json!({"p_schedule_kind": "interval", "p_interval_count": 3, "p_interval_unit": "days",
                      "p_assignee_mode": "fixed", "p_user_id": 2});
    let mut future = base.clone();
    future["p_start"] = json!("2030-05-06T07:45");
    let task = chore(future);
    assert_eq!(due_local(the_open_turn(task).0), "2030-05-06 07:45");

    let mut past = base.clone();
    past["p_start"] = json!("2020-01-01T07:45");
    let task = chore(past);
    let (id, user) = the_open_turn(task);
    assert_eq!(user, 2);
    assert_eq!(
        value(&format!(
            "SELECT due_at BETWEEN now() - interval '1 minute' AND now() FROM app_data.task_assignments \
             WHERE assignment_id = {id}"
        )),
        "t",
        "a start in the past: due now, never earlier"
    );

    let task = chore(base);
    let (id, _) = the_open_turn(task);
    assert_eq!(
        value(&format!(
            "SELECT (due_at - assigned_at) = interval '3 days' FROM app_data.task_assignments \
             WHERE assignment_id = {id}"
        )),
        "t"
    );
}

/// Adaptive chores start with their own interval and then learn the mean
/// gap between completions (at least an hour).
#[test]
fn an_adaptive_chore_learns_its_interval_from_completions() {
    let (_stack, _zone) = berlin();
    let user2 = seeded(2);
    let task = chore(
        json!({"p_schedule_kind": "adaptive", "p_interval_count": 2, "p_interval_unit": "weeks",
                            "p_assignee_mode": "fixed", "p_user_id": 2, "p_requires_approval": false}),
    );
    complete_at(&user2, task, "2026-10-01T10:00:00+02:00");
    let (next, _) = the_open_turn(task);
    assert_eq!(
        due_local(next),
        "2026-10-15 10:00",
        "one completion: the chore's own guess"
    );
    complete_at(&user2, task, "2026-10-04T10:00:00+02:00");
    assert_eq!(
        due_local(the_open_turn(task).0),
        "2026-10-07 10:00",
        "two completions three days apart"
    );
    complete_at(&user2, task, "2026-10-10T10:00:00+02:00");
    assert_eq!(
        due_local(the_open_turn(task).0),
        "2026-10-14 22:00",
        "gaps of 3 and 6 days: 4.5 days"
    );

    let quick = chore(
        json!({"p_schedule_kind": "adaptive", "p_interval_count": 1, "p_interval_unit": "days",
                             "p_assignee_mode": "fixed", "p_user_id": 2, "p_requires_approval": false}),
    );
    complete_at(&user2, quick, "2026-11-02T10:00:00+01:00");
    complete_at(&user2, quick, "2026-11-02T10:01:00+01:00");
    assert_eq!(
        due_local(the_open_turn(quick).0),
        "2026-11-02 11:01",
        "a minute apart: the learned interval is at least an hour"
    );
}

/// A chained chore is due N hours after the other one is completed
/// (waiting for approval counts), once while it has one open; a chain may
/// not loop; undoing the completion takes the follower's occurrence back.
#[test]
fn after_task_chores_follow_the_other_chore_and_never_loop() {
    let (_stack, _zone) = berlin();
    let (user3, user2) = (seeded(3), seeded(2));
    let lead = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                            "p_assignee_mode": "fixed", "p_user_id": 3}),
    );
    let follower_name = unique("Follower ");
    let follower = chore(
        json!({"p_task_name": follower_name, "p_schedule_kind": "after_task",
                                "p_after_task_id": lead, "p_after_hours": 2,
                                "p_assignee_mode": "fixed", "p_user_id": 2, "p_requires_approval": false}),
    );
    assert!(
        open_turns(follower).is_empty(),
        "nothing until the lead is done"
    );

    let first = complete_at(&user3, lead, "2026-11-01T10:00:00+01:00");
    assert_eq!(column(first, "status"), "waiting");
    let (follow_turn, who) = the_open_turn(follower);
    assert_eq!(who, 2);
    assert_eq!(due_local(follow_turn), "2026-11-01 12:00");
    assert_eq!(column(follow_turn, "created_from"), first.to_string());

    // Undone within ten minutes: the lead's next occurrence and the
    // follower's go with it.
    act(&user3, "undo_assignment", first, 200);
    assert!(open_turns(follower).is_empty());
    assert_eq!(the_open_turn(lead).0, first);

    complete_at(&user3, lead, "2026-11-01T10:00:00+01:00");
    let (follow_turn, _) = the_open_turn(follower);
    // The lead again while the follower is still open: no second one.
    complete_at(&user3, lead, "2026-11-02T10:00:00+01:00");
    assert_eq!(the_open_turn(follower).0, follow_turn);
    act(&user2, "complete_assignment", follow_turn, 200);
    assert!(
        open_turns(follower).is_empty(),
        "a follower repeats only after its lead"
    );

    // Loops: itself, two, three chores.
    let refuse = |task_id: i64, after: i64| {
        let reply = expect(
            rpc(
                &admin(),
                "update_chore",
                json!({"p_task_id": task_id, "p_task_name": unique("Loop "), "p_schedule_kind": "after_task",
                       "p_after_task_id": after, "p_after_hours": 1}),
            ),
            400,
        );
        assert!(
            reply.json()["message"].as_str().unwrap().contains("follow"),
            "{}",
            reply.text()
        );
    };
    refuse(follower, follower);
    refuse(lead, follower);
    let third = chore(
        json!({"p_schedule_kind": "after_task", "p_after_task_id": follower, "p_after_hours": 0}),
    );
    refuse(lead, third);
    assert_eq!(
        value(&format!(
            "SELECT schedule_kind FROM app_data.tasks WHERE task_id = {lead}"
        )),
        "interval",
        "a refused update changes nothing"
    );
}

/// A one-off is due when told (or undated), goes to its member and plans
/// nothing after it; the guide's create_task still makes an unassigned one.
#[test]
fn a_one_off_is_due_once_and_plans_nothing_after_it() {
    let (_stack, _zone) = berlin();
    let dated = chore(json!({"p_due_at": "2030-01-02T03:04:00+01:00", "p_user_id": 3}));
    let (id, user) = the_open_turn(dated);
    assert_eq!((due_local(id).as_str(), user), ("2030-01-02 03:04", 3));
    act(&seeded(3), "complete_assignment", id, 200);
    assert!(open_turns(dated).is_empty());
    assert_eq!(
        column(id, "status"),
        "waiting",
        "approval is needed by default"
    );

    let undated = chore(json!({"p_user_id": 2}));
    assert_eq!(due_local(the_open_turn(undated).0), "");
    let unassigned = chore(json!({}));
    assert!(
        open_turns(unassigned).is_empty(),
        "an admin assigns it with assign_task"
    );

    let reply = expect(
        rpc(
            &admin(),
            "create_task",
            json!({"p_task_name": unique("Guide task ")}),
        ),
        201,
    );
    let body = reply.json();
    assert_eq!(
        (
            body["schedule_kind"].as_str(),
            body["assignee_mode"].as_str(),
            body["requires_approval"].as_bool()
        ),
        (Some("once"), Some("fixed"), Some(true))
    );
    assert!(open_turns(body["task_id"].as_i64().unwrap()).is_empty());
}
