//! What occurrences earn and cost, and admins' adjustments: each rule of
//! docs/DESIGN.md "Points and rewards" through the real endpoints.
use crate::*;
use serde_json::json;

/// The ledger rows of one occurrence, oldest first: "kind amount".
fn entries(assignment_id: i64) -> Vec<String> {
    let out = sql(&format!(
        "SELECT coalesce(string_agg(kind || ' ' || amount, ',' ORDER BY entry_id), '') \
         FROM app_data.points_ledger WHERE assignment_id = {assignment_id}"
    ));
    out.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn a_chore_without_approval_earns_on_completion_and_undo_takes_it_back() {
    let _s = stack();
    let m = member("pts_done");
    let (_, occ) = chore(m.id, 10, 0, false);
    act(&m.api, "complete_assignment", occ, 200);
    assert_eq!(balance(&m.api), 10);
    let statement = m.api.get("/rpc/my_points").unwrap().json();
    assert_eq!(statement["items"][0]["kind"], json!("earned"));
    assert_eq!(statement["items"][0]["amount"], json!(10));
    assert_eq!(statement["items"][0]["assignment_id"], json!(occ));
    assert!(statement["items"][0]["task_name"]
        .as_str()
        .unwrap()
        .starts_with("Points chore "));
    assert_eq!(statement["items"][0]["created_by"], json!(m.id));

    act(&m.api, "undo_assignment", occ, 200);
    assert_eq!(balance(&m.api), 0);
    // Completed, undone and completed again: credited once.
    act(&m.api, "complete_assignment", occ, 200);
    act(&m.api, "complete_assignment", occ, 409);
    assert_eq!(balance(&m.api), 10);
    assert_eq!(entries(occ), ["earned 10", "reversed -10", "earned 10"]);
    assert_eq!(occurrence_sum(occ, m.id), 10);
    assert_books_balance();
}

#[test]
fn a_chore_with_approval_earns_only_when_approved() {
    let _s = stack();
    let m = member("pts_review");
    let admin = admin();
    let (task, occ) = chore(m.id, 7, 0, true);
    act(&m.api, "complete_assignment", occ, 200);
    assert_eq!(balance(&m.api), 0, "waiting for approval earns nothing");
    act(&admin, "approve_assignment", occ, 200);
    assert_eq!(balance(&m.api), 7);
    // The review undone takes the points back; approving again gives them
    // once more, not twice.
    act(&admin, "undo_assignment", occ, 200);
    assert_eq!(balance(&m.api), 0);
    act(&admin, "approve_assignment", occ, 200);
    act(&admin, "approve_assignment", occ, 409);
    assert_eq!(balance(&m.api), 7);

    // Rejected work earns nothing; its redo earns when approved.
    let next = open_occurrence(task);
    act(&m.api, "complete_assignment", next, 200);
    act(&admin, "reject_assignment", next, 200);
    assert_eq!(balance(&m.api), 7);
    assert!(entries(next).is_empty());
    let redo = sql_i64(&format!(
        "SELECT a.assignment_id FROM app_data.task_assignments a \
         JOIN app_data.task_assignments r ON r.assignment_id = a.created_from AND r.due_at = a.due_at \
         WHERE a.created_from = {next} AND a.status = 'todo'"
    ));
    act(&m.api, "complete_assignment", redo, 200);
    act(&admin, "approve_assignment", redo, 200);
    assert_eq!(balance(&m.api), 14);
    assert_eq!(entries(occ), ["earned 7", "reversed -7", "earned 7"]);
    assert_books_balance();
}

#[test]
fn reassigning_swapping_and_completing_for_someone_credit_the_one_who_has_it() {
    let _s = stack();
    let (a, b) = (member("pts_from"), member("pts_to"));
    let admin = admin();
    let (task, occ) = chore(a.id, 5, 0, false);
    expect(
        &admin,
        "reassign_assignment",
        json!({"p_assignment_id": occ, "p_user_id": b.id}),
        200,
    );
    assert!(
        entries(occ).is_empty(),
        "moving an open turn moves no points"
    );
    // An admin completes it on b's behalf: b earns, the admin does not.
    let admin_before =
        sql_i64("SELECT coalesce(sum(amount), 0) FROM app_data.points_ledger WHERE user_id = 4");
    act(&admin, "complete_assignment", occ, 200);
    assert_eq!(balance(&b.api), 5);
    assert_eq!(balance(&a.api), 0);
    assert_eq!(
        sql_i64("SELECT coalesce(sum(amount), 0) FROM app_data.points_ledger WHERE user_id = 4"),
        admin_before
    );
    let credited_by = sql(&format!(
        "SELECT created_by FROM app_data.points_ledger WHERE assignment_id = {occ}"
    ));
    assert_eq!(credited_by, "4", "the ledger says who acted");

    // The next turn is a's again (the chore is fixed to a): a offers it to
    // b, b accepts and completes it, and only b earns.
    let next = open_occurrence(task);
    let (giver, taker) = (&a, &b);
    let offer = expect(
        &giver.api,
        "offer_swap",
        json!({"p_assignment_id": next, "p_to_user_id": taker.id}),
        201,
    );
    expect(
        &taker.api,
        "accept_swap",
        json!({"p_offer_id": offer["offer_id"]}),
        200,
    );
    let giver_before = balance(&giver.api);
    let taker_before = balance(&taker.api);
    act(&taker.api, "complete_assignment", next, 200);
    assert_eq!(balance(&taker.api), taker_before + 5);
    assert_eq!(balance(&giver.api), giver_before);

    // Below the API: moving a credited occurrence to someone else moves
    // the credit, exactly once (the reconciling trigger sees any path).
    sql(&format!(
        "UPDATE app_data.task_assignments SET user_id = {} WHERE assignment_id = {next}",
        giver.id
    ));
    assert_eq!(occurrence_sum(next, taker.id), 0);
    assert_eq!(occurrence_sum(next, giver.id), 5);
    assert_books_balance();
}

#[test]
fn a_missed_occurrence_costs_its_penalty_clamped_and_undo_gives_it_back() {
    let _s = stack();
    let m = member("pts_missed");
    // Needing approval (so completing it earns nothing yet), penalty 4.
    let task = daily_chore("Points daily ", m.id, 3, 4, true);
    give(m.id, 6);
    // Three days overdue: completing it now records the days in between
    // (two or three, by the time of day) as missed.
    let occ = open_occurrence(task);
    sql(&format!(
        "UPDATE app_data.task_assignments SET due_at = due_at - interval '4 days', \
         assigned_at = assigned_at - interval '5 days' WHERE assignment_id = {occ}"
    ));
    act(&m.api, "complete_assignment", occ, 200);
    let missed: Vec<i64> = sql(&format!(
        "SELECT string_agg(assignment_id::text, ',' ORDER BY assignment_id) FROM app_data.task_assignments \
         WHERE created_from = {occ} AND status = 'missed'"
    ))
    .split(',')
    .map(|s| s.parse().unwrap())
    .collect();
    assert!(missed.len() >= 2, "{missed:?}");
    // 6 points: the first miss costs 4, the second the 2 that are left,
    // any further one nothing (a miss is recorded, never refused).
    assert_eq!(occurrence_sum(missed[0], m.id), -4);
    assert_eq!(occurrence_sum(missed[1], m.id), -2);
    for later in &missed[2..] {
        assert_eq!(occurrence_sum(*later, m.id), 0);
    }
    assert_eq!(balance(&m.api), 0);
    // Undoing the completion removes the missed records: penalties back.
    act(&m.api, "undo_assignment", occ, 200);
    for id in &missed {
        assert_eq!(occurrence_sum(*id, m.id), 0);
    }
    assert_eq!(balance(&m.api), 6);
    let kinds = sql(&format!(
        "SELECT string_agg(kind || ' ' || amount || ' ' || reason, ',' ORDER BY amount, reason) \
         FROM app_data.points_ledger WHERE assignment_id IN ({})",
        missed
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    ));
    assert_eq!(
        kinds,
        "penalty -4 missed,penalty -2 missed,penalty 2 missed occurrence removed,penalty 4 missed occurrence removed"
    );
    assert_books_balance();
}

#[test]
fn taking_back_points_already_spent_is_refused_and_changes_nothing() {
    // Compares fingerprints: nobody else may write meanwhile.
    let _s = stack_alone();
    let m = member("pts_spent");
    let admin = admin();
    let (_, occ) = chore(m.id, 10, 0, false);
    act(&m.api, "complete_assignment", occ, 200);
    let reward = expect(
        &admin,
        "create_reward",
        json!({"p_reward_name": unique("Spent reward "), "p_cost": 8}),
        201,
    );
    let asked = expect(
        &m.api,
        "redeem_reward",
        json!({"p_reward_id": reward["reward_id"]}),
        201,
    );
    expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": asked["redemption_id"]}),
        200,
    );
    assert_eq!(balance(&m.api), 2);
    let before = Stack::shared().data_fingerprint().unwrap();
    let reply = rpc(&m.api, "undo_assignment", json!({"p_assignment_id": occ}));
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(
        reply.json()["message"],
        json!("The points for this occurrence have been spent already")
    );
    assert_eq!(Stack::shared().data_fingerprint().unwrap(), before);
    assert_eq!(
        sql(&format!(
            "SELECT status FROM app_data.task_assignments WHERE assignment_id = {occ}"
        )),
        "done"
    );
    // Once the balance covers them again, the undo goes through.
    give(m.id, 8);
    act(&m.api, "undo_assignment", occ, 200);
    assert_eq!(balance(&m.api), 0);
    assert_books_balance();
}
