//! Each rotation strategy's choice over several turns, and away members.
use super::*;

/// A daily rotation among `pool` without approval; returns the task id.
fn rotation(strategy: &str, pool: &[i64]) -> i64 {
    chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                 "p_assignee_mode": "rotation", "p_pool": pool, "p_rotation_strategy": strategy,
                 "p_requires_approval": false}),
    )
}

/// Who gets the first turn and the next `turns` ones, each completed by
/// its member.
fn turns(members: &[Member], task: i64, turns: usize) -> Vec<i64> {
    (0..turns).map(|_| complete_turn(members, task)).collect()
}

#[test]
fn round_robin_goes_through_the_pool_in_order() {
    let _zone = berlin();
    let m = members(3);
    let [a, b, c] = [m[0].id, m[1].id, m[2].id];
    // Pool order, not id order.
    let task = rotation("round_robin", &[b, c, a]);
    assert_eq!(turns(&m, task, 7), [b, c, a, b, c, a, b]);
    // A skip is a turn too.
    let (id, user) = the_open_turn(task);
    assert_eq!(user, c);
    expect(
        rpc(&m[2].api, "skip_assignment", json!({"p_assignment_id": id})),
        200,
    );
    assert_eq!(the_open_turn(task).1, a);
}

#[test]
fn least_completed_and_least_assigned_count_differently() {
    let _zone = berlin();
    let m = members(3);
    let [a, b, c] = [m[0].id, m[1].id, m[2].id];
    let pool = [a, b, c];
    // least_completed: skips do not count, so whoever skipped goes again.
    let task = rotation("least_completed", &pool);
    assert_eq!(complete_turn(&m, task), a, "all at 0: pool order");
    let (id, user) = the_open_turn(task);
    assert_eq!(user, b);
    expect(
        rpc(&m[1].api, "skip_assignment", json!({"p_assignment_id": id})),
        200,
    );
    assert_eq!(turns(&m, task, 3), [b, c, a], "b has done none yet");

    // least_assigned: every turn counts, the skipped one too.
    let task = rotation("least_assigned", &pool);
    assert_eq!(complete_turn(&m, task), a);
    let (id, user) = the_open_turn(task);
    assert_eq!(user, b);
    expect(
        rpc(&m[1].api, "skip_assignment", json!({"p_assignment_id": id})),
        200,
    );
    assert_eq!(the_open_turn(task).1, c);

    // History counts: with two done by a and b, c goes twice in a row.
    let task = rotation("least_completed", &pool);
    for (member, at) in [(a, "1"), (b, "2")] {
        sql(&format!(
            "INSERT INTO app_data.task_assignments \
               (task_id, user_id, status, assigned_at, completed_at, closed_at, due_at) \
             SELECT {task}, {member}, 'done', now() - interval '{at} days', now() - interval '{at} days', \
                    now() - interval '{at} days', now() - interval '{at} days' FROM generate_series(1, 2) g"
        ));
    }
    assert_eq!(turns(&m, task, 4), [a, c, c, b]);
}

#[test]
fn keep_last_keeps_the_member_while_available() {
    let _zone = berlin();
    let m = members(3);
    let [a, b, c] = [m[0].id, m[1].id, m[2].id];
    let task = rotation("keep_last", &[a, b, c]);
    assert_eq!(turns(&m, task, 3), [a, a, a]);
    // a goes away for the next few days: the turn passes on, then stays.
    expect(
        rpc(
            &m[0].api,
            "set_away",
            json!({"p_starts_on": local_date(0), "p_ends_on": local_date(5)}),
        ),
        201,
    );
    assert_eq!(turns(&m, task, 3), [b, b, b]);
}

#[test]
fn random_except_last_never_repeats_and_random_stays_in_the_pool() {
    let _zone = berlin();
    let m = members(3);
    let pool = ids(&m);
    let task = rotation("random_except_last", &pool[..2]);
    let seen = turns(&m, task, 8);
    assert!(seen.windows(2).all(|w| w[0] != w[1]), "{seen:?}");
    assert!(seen.iter().all(|u| pool[..2].contains(u)), "{seen:?}");

    let task = rotation("random_except_last", &pool);
    let seen = turns(&m, task, 12);
    assert!(seen.windows(2).all(|w| w[0] != w[1]), "{seen:?}");

    let task = rotation("random", &pool);
    let seen = turns(&m, task, 12);
    assert!(seen.iter().all(|u| pool.contains(u)), "{seen:?}");
    // Not always the same member: 12 draws from 3 all alike has
    // probability (1/3)^11, about 6e-6.
    assert!(seen.iter().any(|u| *u != seen[0]), "{seen:?}");

    // A single-member pool: that member every time.
    let task = rotation("random_except_last", &pool[..1]);
    assert_eq!(turns(&m, task, 3), [pool[0]; 3]);
}

/// The household's local date `days` from today, as "YYYY-MM-DD".
pub fn local_date(days: i64) -> String {
    value(&format!(
        "SELECT to_char((now() AT TIME ZONE '{ZONE}')::date + {days}, 'YYYY-MM-DD')"
    ))
}

/// An away member is not chosen while away; their open turns go on to the
/// next member, their everyone-turns are skipped; with the whole pool away
/// the whole pool is asked, still in turn.
#[test]
fn away_members_are_skipped_and_their_open_turns_handed_on() {
    let _zone = berlin();
    let m = members(3);
    let [a, b, c] = [m[0].id, m[1].id, m[2].id];
    let task = rotation("round_robin", &[a, b, c]);
    let everyone = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                                "p_assignee_mode": "everyone", "p_pool": [a, b, c], "p_requires_approval": false}),
    );
    let (turn, user) = the_open_turn(task);
    assert_eq!(user, a);
    let away = expect(
        rpc(
            &m[0].api,
            "set_away",
            json!({"p_starts_on": local_date(0), "p_ends_on": local_date(3)}),
        ),
        201,
    )
    .json();
    assert_eq!(away["user_id"], json!(a));
    assert_eq!(the_open_turn(task), (turn, b), "a's open turn went to b");
    let a_everyone = rows(&format!(
        "SELECT status, note FROM app_data.task_assignments WHERE task_id = {everyone} AND user_id = {a}"
    ));
    assert_eq!(a_everyone, [["skipped", "away"]]);
    assert_eq!(open_turns(everyone).len(), 2);

    // Due in the next days: a is passed over.
    assert_eq!(turns(&m, task, 4), [b, c, b, c]);

    // The everyone-chore's next cycle leaves a out.
    for member in &m[1..] {
        let id = open_turns(everyone)
            .iter()
            .find(|(_, u)| *u == member.id)
            .unwrap()
            .0;
        act(&member.api, "complete_assignment", id, 200);
    }
    let next: Vec<i64> = open_turns(everyone).iter().map(|(_, u)| *u).collect();
    assert_eq!(next, [b, c]);

    // Back early: removing the away period makes a available again.
    let away_id = away["away_id"].as_i64().unwrap();
    expect(
        rpc(&m[1].api, "remove_away", json!({"p_away_id": away_id})),
        404,
    );
    expect(
        rpc(&m[0].api, "remove_away", json!({"p_away_id": away_id})),
        200,
    );
    assert_eq!(turns(&m, task, 2), [b, c], "the turn already planned stays");
    assert_eq!(the_open_turn(task).1, a);

    // Everyone away (an admin sets them): still one member per turn, in turn.
    for member in &m {
        expect(
            rpc(
                &admin(),
                "set_away",
                json!({"p_starts_on": local_date(0), "p_ends_on": local_date(10), "p_user_id": member.id}),
            ),
            201,
        );
    }
    assert_eq!(turns(&m, task, 4), [a, b, c, a]);
    // And the everyone-chore asks the whole pool rather than nobody.
    let asked: Vec<i64> = open_turns(everyone).iter().map(|(_, u)| *u).collect();
    assert_eq!(asked, [a, b, c]);
}
