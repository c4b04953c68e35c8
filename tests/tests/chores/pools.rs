//! Anyone-chores (one unclaimed occurrence, any pool member takes it) and
//! everyone-chores (one occurrence per member, the next cycle when all are
//! closed).
use super::*;

fn anyone(pool: &[i64]) -> i64 {
    chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 2, "p_interval_unit": "days",
                 "p_assignee_mode": "anyone", "p_pool": pool, "p_requires_approval": false}),
    )
}

#[test]
fn an_anyone_chore_is_claimed_or_just_completed_by_a_pool_member() {
    let _zone = berlin();
    let m = members(3);
    let task = anyone(&[m[0].id, m[1].id]);
    let (id, user) = the_open_turn(task);
    assert_eq!(user, 0, "unclaimed");

    // Outside the pool: neither claim nor complete.
    expect(
        rpc(
            &m[2].api,
            "claim_assignment",
            json!({"p_assignment_id": id}),
        ),
        403,
    );
    expect(
        rpc(
            &m[2].api,
            "complete_assignment",
            json!({"p_assignment_id": id}),
        ),
        403,
    );
    // A pool member may not skip what nobody has claimed (an admin may).
    expect(
        rpc(&m[0].api, "skip_assignment", json!({"p_assignment_id": id})),
        409,
    );

    let claimed = expect(
        rpc(
            &m[1].api,
            "claim_assignment",
            json!({"p_assignment_id": id}),
        ),
        200,
    )
    .json();
    assert_eq!(claimed["user_id"], json!(m[1].id));
    assert_eq!(claimed["status"], json!("todo"));
    // Claimed: it is that member's now.
    expect(
        rpc(
            &m[0].api,
            "claim_assignment",
            json!({"p_assignment_id": id}),
        ),
        409,
    );
    expect(
        rpc(
            &m[0].api,
            "complete_assignment",
            json!({"p_assignment_id": id}),
        ),
        403,
    );
    expect(
        rpc(
            &m[1].api,
            "complete_assignment",
            json!({"p_assignment_id": id}),
        ),
        200,
    );

    // The next one is unclaimed again; completing it claims it.
    let (next, user) = the_open_turn(task);
    assert_eq!(user, 0);
    assert_eq!(column(next, "created_from"), id.to_string());
    let done = expect(
        rpc(
            &m[0].api,
            "complete_assignment",
            json!({"p_assignment_id": next, "p_note": "did it"}),
        ),
        200,
    )
    .json();
    assert_eq!(
        (
            done["user_id"].clone(),
            done["status"].clone(),
            done["acted_by"].clone()
        ),
        (json!(m[0].id), json!("done"), done["assigned_to"].clone())
    );
    // An admin may skip an unclaimed one.
    let (third, _) = the_open_turn(task);
    act(&admin(), "skip_assignment", third, 200);
    assert_eq!(the_open_turn(task).1, 0);
}

#[test]
fn an_everyone_chore_gives_each_member_one_and_repeats_when_all_are_closed() {
    let _zone = berlin();
    let m = members(3);
    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                            "p_assignee_mode": "everyone", "p_pool": ids(&m), "p_requires_approval": false}),
    );
    let first = open_turns(task);
    assert_eq!(first.iter().map(|(_, u)| *u).collect::<Vec<_>>(), ids(&m));
    let due: Vec<String> = first.iter().map(|(id, _)| column(*id, "due_at")).collect();
    assert!(
        due.iter().all(|d| *d == due[0] && !d.is_empty()),
        "one due time: {due:?}"
    );

    // Each member acts on their own only.
    expect(
        rpc(
            &m[0].api,
            "complete_assignment",
            json!({"p_assignment_id": first[1].0}),
        ),
        403,
    );
    expect(
        rpc(
            &m[0].api,
            "complete_assignment",
            json!({"p_assignment_id": first[0].0}),
        ),
        200,
    );
    expect(
        rpc(
            &m[1].api,
            "skip_assignment",
            json!({"p_assignment_id": first[1].0}),
        ),
        200,
    );
    assert_eq!(
        open_turns(task),
        [first[2]],
        "no next cycle while one is open"
    );

    expect(
        rpc(
            &m[2].api,
            "complete_assignment",
            json!({"p_assignment_id": first[2].0}),
        ),
        200,
    );
    let second = open_turns(task);
    assert_eq!(second.iter().map(|(_, u)| *u).collect::<Vec<_>>(), ids(&m));
    assert_eq!(
        value(&format!(
            "SELECT count(DISTINCT due_at) || '/' || bool_and(due_at > now() + interval '6 days') \
             FROM app_data.task_assignments WHERE task_id = {task} AND status = 'todo'"
        )),
        "1/true",
        "the next cycle: one due time, a week on"
    );
}
