//! complete (with a note, done earlier, on a member's behalf), skip, undo,
//! reject and reassign: what each does to the occurrence and what follows.
use super::*;

/// A weekly chore for user `user`; returns (task, its open occurrence).
fn weekly(user: i64, approval: bool) -> (i64, i64) {
    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                            "p_assignee_mode": "fixed", "p_user_id": user, "p_requires_approval": approval}),
    );
    (task, the_open_turn(task).0)
}

#[test]
fn complete_takes_a_note_a_time_in_the_past_and_an_admin_may_do_it_for_a_member() {
    let _zone = berlin();
    let user2 = seeded(2);
    let (task, id) = weekly(2, true);
    created_since(id, "2026-11-01T00:00:00Z");
    // Not in the future, not before the occurrence existed.
    let future = expect(
        rpc(
            &user2,
            "complete_assignment",
            json!({"p_assignment_id": id, "p_completed_at": "2099-01-01T00:00:00Z"}),
        ),
        400,
    );
    assert!(!future.json()["message"].as_str().unwrap().contains("2099"));
    assert_eq!(future.json()["details"], json!("p_completed_at"));
    let early = expect(
        rpc(
            &user2,
            "complete_assignment",
            json!({"p_assignment_id": id, "p_completed_at": "2026-10-31T23:00:00Z"}),
        ),
        400,
    );
    assert_eq!(early.json()["details"], json!("p_completed_at"));
    assert_eq!(column(id, "status"), "todo");

    let done = expect(
        rpc(&user2, "complete_assignment",
            json!({"p_assignment_id": id, "p_note": "  Wiped the\r\nfridge too  ", "p_completed_at": "2026-11-03T18:30:00+01:00"})),
        200,
    )
    .json();
    assert_eq!(done["status"], json!("waiting"));
    assert_eq!(done["note"], json!("Wiped the\nfridge too"));
    assert_eq!(done["acted_by"], json!("user2"));
    assert_eq!(column(id, "completed_at"), "2026-11-03 17:30:00+00");
    assert_eq!(column(id, "closed_at"), "2026-11-03 17:30:00+00");
    // The next one counts from when it was done.
    assert_eq!(due_local(the_open_turn(task).0), "2026-11-10 18:30");

    // An admin completes user2's next one on their behalf: still user2's.
    let (next, _) = the_open_turn(task);
    let done = act(&admin(), "complete_assignment", next, 200).json();
    assert_eq!(
        (
            done["assigned_to"].as_str(),
            done["acted_by"].as_str(),
            done["status"].as_str()
        ),
        (Some("user2"), Some("admin"), Some("waiting"))
    );
    // Another member may not.
    let (third, _) = the_open_turn(task);
    act(&seeded(3), "complete_assignment", third, 403);
    // Twice is a conflict.
    act(&user2, "complete_assignment", id, 409);
}

#[test]
fn skip_closes_with_a_note_and_plans_the_next() {
    let _zone = berlin();
    let user3 = seeded(3);
    let (task, id) = weekly(3, true);
    act(&seeded(1), "skip_assignment", id, 403);
    let skipped = expect(
        rpc(
            &user3,
            "skip_assignment",
            json!({"p_assignment_id": id, "p_note": "on holiday"}),
        ),
        200,
    )
    .json();
    assert_eq!(
        (
            skipped["status"].as_str(),
            skipped["note"].as_str(),
            skipped["completed_at"].is_null()
        ),
        (Some("skipped"), Some("on holiday"), true)
    );
    assert_ne!(column(id, "closed_at"), "");
    let (next, _) = the_open_turn(task);
    assert_eq!(column(next, "created_from"), id.to_string());
    act(&user3, "skip_assignment", id, 409);
    act(&admin(), "approve_assignment", id, 409);
}

#[test]
fn undo_is_ones_own_for_ten_minutes_and_an_admins_any_time() {
    let _zone = berlin();
    let (user1, user2) = (seeded(1), seeded(2));
    let (task, id) = weekly(1, false);
    act(&user1, "undo_assignment", id, 409);
    expect(
        rpc(
            &user1,
            "complete_assignment",
            json!({"p_assignment_id": id, "p_note": "x"}),
        ),
        200,
    );
    let (next, _) = the_open_turn(task);
    // Someone else's action: no.
    act(&user2, "undo_assignment", id, 403);
    // One's own: back to open, the note and times cleared, the next gone.
    let undone = act(&user1, "undo_assignment", id, 200).json();
    assert_eq!(
        (
            undone["status"].as_str(),
            undone["note"].as_str(),
            undone["completed_at"].is_null(),
            undone["closed_at"].is_null(),
            undone["acted_by"].is_null()
        ),
        (Some("todo"), Some(""), true, true, true)
    );
    assert_eq!(
        column(next, "assignment_id"),
        "",
        "the next occurrence was removed"
    );
    assert_eq!(the_open_turn(task).0, id);

    // Eleven minutes later it is too late for the member, not for an admin.
    act(&user1, "skip_assignment", id, 200);
    sql(&format!(
        "UPDATE app_data.task_assignments SET acted_at = acted_at - interval '11 minutes' WHERE assignment_id = {id}"
    ));
    let late = act(&user1, "undo_assignment", id, 403);
    assert!(
        late.json()["hint"].as_str().unwrap().contains("admin"),
        "{}",
        late.text()
    );
    assert_eq!(column(id, "status"), "skipped");
    act(&admin(), "undo_assignment", id, 200);
    assert_eq!(open_turns(task), [(id, 1)]);
}

#[test]
fn undo_refuses_when_the_next_occurrence_was_acted_on() {
    let _zone = berlin();
    let user1 = seeded(1);
    let (task, id) = weekly(1, false);
    act(&user1, "complete_assignment", id, 200);
    let (next, _) = the_open_turn(task);
    act(&user1, "complete_assignment", next, 200);
    let reply = act(&user1, "undo_assignment", id, 409);
    assert!(reply.is_json_error());
    let states = || {
        rows(&format!(
            "SELECT assignment_id, status FROM app_data.task_assignments WHERE task_id = {task} ORDER BY 1"
        ))
    };
    assert_eq!(states().len(), 3);
    assert_eq!(
        states().iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["done", "done", "todo"],
        "nothing changed"
    );
    // The latest one can still be undone, and then the first.
    act(&user1, "undo_assignment", next, 200);
    act(&user1, "undo_assignment", id, 200);
    assert_eq!(open_turns(task), [(id, 1)]);
}

#[test]
fn a_rejection_stays_in_the_history_and_the_member_gets_it_again() {
    let _zone = berlin();
    let user2 = seeded(2);
    let (task, id) = weekly(2, true);
    act(&user2, "complete_assignment", id, 200);
    let (next, _) = the_open_turn(task);
    // Members do not review.
    act(&user2, "reject_assignment", id, 403);
    act(&admin(), "reject_assignment", id, 200);
    assert_eq!(column(id, "status"), "rejected");
    assert_eq!(column(id, "is_approved"), "false");
    let open = open_turns(task);
    assert_eq!(open.len(), 2, "the redo beside the next one: {open:?}");
    let redo = open.iter().find(|(a, _)| *a != next).unwrap().0;
    assert_eq!(
        rows(&format!(
            "SELECT r.user_id = o.user_id, r.due_at = o.due_at, r.created_from = o.assignment_id \
             FROM app_data.task_assignments r, app_data.task_assignments o \
             WHERE r.assignment_id = {redo} AND o.assignment_id = {id}"
        )),
        [["t", "t", "t"]]
    );
    act(&admin(), "approve_assignment", id, 409);

    // Undoing the review: waiting again, the redo gone, the next one kept.
    act(&user2, "undo_assignment", id, 403);
    let undone = act(&admin(), "undo_assignment", id, 200).json();
    assert_eq!(
        (undone["status"].as_str(), undone["is_approved"].is_null()),
        (Some("waiting"), true)
    );
    assert_eq!(open_turns(task), [(next, 2)]);
    // An approval undone keeps the next one too.
    act(&admin(), "approve_assignment", id, 200);
    act(&admin(), "undo_assignment", id, 200);
    assert_eq!(open_turns(task), [(next, 2)]);
    assert_eq!(column(id, "status"), "waiting");
}

#[test]
fn reassign_moves_an_open_occurrence_to_another_member() {
    let _zone = berlin();
    let (task, id) = weekly(1, true);
    expect(
        rpc(
            &seeded(1),
            "reassign_assignment",
            json!({"p_assignment_id": id, "p_user_id": 2}),
        ),
        403,
    );
    let moved = expect(
        rpc(
            &admin(),
            "reassign_assignment",
            json!({"p_assignment_id": id, "p_user_id": 3}),
        ),
        200,
    )
    .json();
    assert_eq!(moved["user_id"], json!(3));
    act(&seeded(1), "complete_assignment", id, 403);
    act(&seeded(3), "complete_assignment", id, 200);
    expect(
        rpc(
            &admin(),
            "reassign_assignment",
            json!({"p_assignment_id": id, "p_user_id": 2}),
        ),
        409,
    );
    assert_eq!(column(id, "user_id"), "3");
    assert_eq!(
        the_open_turn(task).1,
        1,
        "a fixed chore's next turn is its member's"
    );
}
