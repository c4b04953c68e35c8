//! Calendar chores: the instances of an RRULE on the household's wall
//! clock, never due in the past, missed instances recorded.
use super::*;

/// The local date `days` from today on the household's clock, at `time`,
/// as create_chore's p_start.
fn local_start(days: i64, time: &str) -> String {
    value(&format!(
        "SELECT to_char((now() AT TIME ZONE '{ZONE}')::date + {days}, 'YYYY-MM-DD') || 'T{time}'"
    ))
}

/// Whether an occurrence is due on the household's clock at `time`, after
/// now and within `days`.
fn due_ahead_at(id: i64, time: &str, days: i64) -> bool {
    value(&format!(
        "SELECT due_at >= now() AND due_at < now() + interval '{days} days' \
                AND to_char(due_at AT TIME ZONE '{ZONE}', 'HH24:MI') = '{time}' \
         FROM app_data.task_assignments WHERE assignment_id = {id}"
    )) == "t"
}

/// A calendar chore is due at its rule's first instance from now on; a
/// completion before that instance plans the one after it.
#[test]
fn a_calendar_chore_is_due_at_its_next_instance_never_in_the_past() {
    let (_stack, _zone) = berlin();
    let user1 = seeded(1);
    let daily = chore(
        json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY", "p_start": local_start(-10, "20:00"),
                             "p_assignee_mode": "fixed", "p_user_id": 1, "p_requires_approval": false}),
    );
    let (first, _) = the_open_turn(daily);
    assert!(
        due_ahead_at(first, "20:00", 1),
        "first due {}",
        due_local(first)
    );

    // Done before its time: the next is the following day's, not the same.
    act(&user1, "complete_assignment", first, 200);
    let (second, _) = the_open_turn(daily);
    assert_eq!(
        value(&format!(
            "SELECT (b.due_at AT TIME ZONE '{ZONE}') - (a.due_at AT TIME ZONE '{ZONE}') \
             FROM app_data.task_assignments a, app_data.task_assignments b \
             WHERE a.assignment_id = {first} AND b.assignment_id = {second}"
        )),
        "1 day"
    );
    // A skip plans the next one too.
    act(&user1, "skip_assignment", second, 200);
    assert_eq!(open_turns(daily).len(), 1);

    let weekly = chore(
        json!({"p_schedule_kind": "calendar", "p_rrule": "RRULE:FREQ=WEEKLY;BYDAY=MO,TH",
                              "p_start": local_start(-30, "07:15"), "p_assignee_mode": "fixed", "p_user_id": 1}),
    );
    let (id, _) = the_open_turn(weekly);
    assert!(due_ahead_at(id, "07:15", 7), "{}", due_local(id));
    assert!(
        ["1", "4"].contains(&value(&format!(
            "SELECT extract(isodow FROM due_at AT TIME ZONE '{ZONE}') FROM app_data.task_assignments \
             WHERE assignment_id = {id}"
        )).as_str()),
        "a Monday or a Thursday: {}",
        due_local(id)
    );
    assert_eq!(
        value(&format!(
            "SELECT rrule FROM app_data.tasks WHERE task_id = {weekly}"
        )),
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "stored without the RRULE: prefix"
    );

    // A rule whose instances are all past: a chore, but no occurrence.
    let over = chore(
        json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY;COUNT=3",
                            "p_start": local_start(-10, "08:00"), "p_assignee_mode": "fixed", "p_user_id": 1}),
    );
    assert!(open_turns(over).is_empty());
}

/// Completing a calendar occurrence long after its time records the
/// instances in between as missed (at most 366) and plans the first one
/// still ahead.
#[test]
fn a_late_calendar_completion_records_the_missed_instances() {
    let (_stack, _zone) = berlin();
    let user1 = seeded(1);
    for (days_late, expected_cap) in [(5_i64, None), (400, Some(366))] {
        let task = chore(
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY",
                                "p_start": local_start(-500, "20:00"), "p_assignee_mode": "fixed",
                                "p_user_id": 1, "p_requires_approval": false}),
        );
        let (late, _) = the_open_turn(task);
        sql(&format!(
            "UPDATE app_data.task_assignments SET assigned_at = due_at - interval '{d} days', \
                    due_at = due_at - interval '{d} days' WHERE assignment_id = {late}",
            d = days_late + 1
        ));
        // The instances after the late one up to now, counted here.
        let expected: usize = value(&format!(
            "SELECT count(*) FROM app_data.task_assignments a, \
                    generate_series((a.due_at AT TIME ZONE '{ZONE}') + interval '1 day', \
                                    now() AT TIME ZONE '{ZONE}', interval '1 day') d \
             WHERE a.assignment_id = {late} AND d AT TIME ZONE '{ZONE}' <= now()"
        ))
        .parse()
        .unwrap();
        act(&user1, "complete_assignment", late, 200);
        let missed = rows(&format!(
            "SELECT to_char(due_at AT TIME ZONE '{ZONE}', 'HH24:MI'), closed_at = due_at, created_from, \
                    due_at <= now() \
             FROM app_data.task_assignments WHERE task_id = {task} AND status = 'missed' ORDER BY due_at"
        ));
        assert_eq!(
            missed.len(),
            expected_cap.unwrap_or(expected),
            "{days_late} days late"
        );
        assert!(expected >= days_late as usize);
        for row in &missed {
            assert_eq!(row, &["20:00", "t", &late.to_string(), "t"]);
        }
        let (next, _) = the_open_turn(task);
        assert!(due_ahead_at(next, "20:00", 1), "next {}", due_local(next));
        assert_eq!(
            value(&format!(
                "SELECT count(*) FROM app_data.task_assignments WHERE task_id = {task} \
                 AND status = 'todo' AND due_at < now()"
            )),
            "0"
        );
    }
}
