//! Bad input for the chore engine's endpoints (db/api/35_chores.sql,
//! 40_assignments.sql, 45_occurrence_actions.sql): every parameter.
use super::*;

/// A weekly chore of user1 with one open occurrence, made once per run
/// before any fingerprint is taken: (task id, occurrence id).
fn chore_fixture(fixtures: &Fixtures) -> (i64, i64) {
    static FIXTURE: std::sync::OnceLock<(i64, i64)> = std::sync::OnceLock::new();
    *FIXTURE.get_or_init(|| {
        let admin = &fixtures.callers[ADMIN];
        let reply = admin
            .rpc(
                "create_chore",
                &json!({"p_task_name": "bad_input chore", "p_schedule_kind": "interval",
                        "p_interval_count": 1, "p_interval_unit": "weeks", "p_user_id": 1}),
            )
            .unwrap();
        assert_eq!(reply.status, 201, "{}", reply.text());
        let task = reply.json()["task_id"].as_i64().unwrap();
        let open = admin
            .get(&format!(
                "/task_assignments?task_id=eq.{task}&status=eq.todo&select=assignment_id"
            ))
            .unwrap()
            .json();
        (task, open[0]["assignment_id"].as_i64().unwrap())
    })
}

/// Values no choice among fixed words (kind, unit, mode, strategy) takes.
fn bad_words() -> Vec<Value> {
    vec![
        json!(""),
        json!("  "),
        json!("hourly"),
        json!("ONCE"),
        json!("interval; DROP TABLE app_data.tasks"),
        json!("inter\u{200b}val"),
        json!("days\r\n"),
        long(10_000),
        json!(1),
        json!(["fixed"]),
        json!({"a": 1}),
    ]
}

fn bad_counts(max: i64) -> Vec<Value> {
    vec![
        json!(-1),
        json!(max + 1),
        json!(2_147_483_648_i64),
        json!(1.5),
        json!("abc"),
        json!("1; DROP TABLE app_data.tasks"),
        json!(true),
        json!([1]),
    ]
}

fn bad_dates() -> Vec<Value> {
    vec![
        Value::Null,
        json!(""),
        json!("tomorrow"),
        json!("2026-02-30"),
        json!("2026-13-01"),
        json!("01/02/2030"),
        json!("2030-01-01'; DROP TABLE app_data.away_periods; --"),
        json!(20300101),
        json!([]),
    ]
}

pub(crate) fn targets(fixtures: &Fixtures) -> Vec<Target> {
    let (task, occurrence) = chore_fixture(fixtures);
    let calendar = json!({"p_task_name": "bad_input calendar", "p_schedule_kind": "calendar",
                          "p_rrule": "FREQ=DAILY", "p_start": "2026-01-05T08:00", "p_user_id": 2});
    let interval = json!({"p_task_name": "bad_input interval", "p_schedule_kind": "interval",
                          "p_interval_count": 2, "p_interval_unit": "days"});
    let after = json!({"p_task_name": "bad_input after", "p_schedule_kind": "after_task",
                       "p_after_task_id": task, "p_after_hours": 2});
    let rotation = json!({"p_task_name": "bad_input rotation", "p_assignee_mode": "rotation",
                          "p_pool": [1, 2], "p_rotation_strategy": "round_robin"});
    let once = json!({"p_task_name": "bad_input once", "p_user_id": 2, "p_due_at": "2030-01-01T10:00:00Z"});

    let mut task_names = bad_required_text();
    task_names.extend([long(101), json!("Kitchen Cleaning")]);
    task_names.extend(invisible_in("Chore"));
    let mut descriptions = vec![long(1001)];
    descriptions.extend(["bidi\u{202e}x", "zero\u{200b}width", "bell\u{7}"].map(|d| json!(d)));
    let mut rules = vec![
        Value::Null,
        json!(""),
        json!("FREQ=SOMETIMES"),
        json!("FREQ=DAILY;BYHOUR=8"),
        json!("FREQ=DAILY;INTERVAL=0"),
        json!("FREQ=DAILY;UNTIL=20200101"),
        json!("FREQ=DAILY\r\nX-EVIL: 1"),
        json!("FREQ=DAILY;FREQ=WEEKLY"),
        json!("RRULE:"),
        long(600),
        json!(1),
    ];
    rules.extend(invisible_in("FREQ=DAILY"));
    let starts = vec![
        Value::Null,
        json!(""),
        json!("tomorrow"),
        json!("2026-13-05T08:00"),
        json!("2026-02-30T08:00"),
        json!("2026-01-05T24:00"),
        json!("2026-01-05 08:00"),
        json!("2026-01-05T08:00Z"),
        json!("2026-01-05T08:00\u{202e}"),
        long(10_000),
        json!(20260105),
    ];
    let mut pools = vec![
        json!([]),
        json!([1, 1]),
        json!([0]),
        json!([-1, 2]),
        json!([999_999_999]),
        json!([1, fixtures.removed_id]),
        json!([Value::Null]),
        json!("1,2"),
        json!([[1]]),
        json!(["a"]),
        json!({"a": 1}),
        json!((1..=101).collect::<Vec<i64>>()),
    ];
    pools.push(Value::Null);
    let mut members_to_assign = bad_ids();
    members_to_assign.retain(|v| !v.is_null()); // fixed with nobody: the guide's model
    members_to_assign.push(json!(fixtures.removed_id));
    let mut notes = vec![long(501), long(10_000)];
    notes.extend(["bidi\u{202e}x", "zero\u{200b}width", "escape\u{1b}[31m"].map(|d| json!(d)));
    let completed_at = vec![
        json!("2099-01-01T00:00:00Z"),
        json!("2000-01-01T00:00:00Z"),
        json!("yesterday"),
        json!(""),
        json!(1),
        json!([]),
    ];

    let create = |valid: &Value, param: &'static str, bad: Vec<Value>| Target {
        function: "create_chore",
        valid: valid.clone(),
        param,
        bad,
        caller: ADMIN,
    };
    let mut targets = vec![
        create(&once, "p_task_name", task_names.clone()),
        create(&once, "p_description", descriptions.clone()),
        create(&once, "p_schedule_kind", bad_words()),
        create(&calendar, "p_rrule", rules.clone()),
        create(&calendar, "p_start", starts.clone()),
        create(
            &once,
            "p_due_at",
            vec![
                json!("soon"),
                json!("2030-02-30T10:00:00Z"),
                json!(""),
                json!([]),
            ],
        ),
        create(
            &interval,
            "p_interval_count",
            plus(bad_counts(1000), [Value::Null, json!(0)]),
        ),
        create(
            &interval,
            "p_interval_unit",
            plus(bad_words(), [Value::Null]),
        ),
        create(&after, "p_after_task_id", bad_ids()),
        create(
            &after,
            "p_after_hours",
            plus(bad_counts(8760), [Value::Null]),
        ),
        create(&rotation, "p_assignee_mode", bad_words()),
        create(&once, "p_user_id", members_to_assign.clone()),
        create(&rotation, "p_pool", pools.clone()),
        create(&rotation, "p_rotation_strategy", bad_words()),
        create(
            &once,
            "p_requires_approval",
            vec![json!("maybe"), json!(2), json!([]), json!({})],
        ),
    ];
    // update_chore: the same definitions (the first few of each), for the
    // fixture chore.
    let updates: Vec<Target> = targets
        .iter()
        .map(|t| {
            let mut valid = t.valid.clone();
            valid["p_task_id"] = json!(task);
            Target {
                function: "update_chore",
                valid,
                param: t.param,
                bad: t.bad.iter().take(4).cloned().collect(),
                caller: ADMIN,
            }
        })
        .collect();
    targets.extend(updates);
    let mut update_ids = bad_ids();
    update_ids.push(json!(task.to_string() + "0000000"));
    targets.push(Target {
        function: "update_chore",
        valid: json!({"p_task_id": task, "p_task_name": "bad_input chore"}),
        param: "p_task_id",
        bad: update_ids,
        caller: ADMIN,
    });

    let occurrence_ids = |function: &'static str, caller: usize| Target {
        function,
        valid: json!({"p_assignment_id": occurrence}),
        param: "p_assignment_id",
        bad: bad_ids(),
        caller,
    };
    targets.extend([
        Target {
            function: "update_household",
            valid: json!({"p_time_zone": "UTC"}),
            param: "p_time_zone",
            bad: vec![
                Value::Null,
                json!(""),
                json!("Mars/Olympus_Mons"),
                json!("UTC; DROP TABLE app_data.household"),
                json!("../../etc/localtime"),
                json!("Europe/Berlin\r\n"),
                json!("Europe/\u{200b}Berlin"),
                long(10_000),
                json!(1),
                json!(["UTC"]),
            ],
            caller: ADMIN,
        },
        Target {
            function: "complete_assignment",
            valid: json!({"p_assignment_id": occurrence}),
            param: "p_note",
            bad: notes.clone(),
            caller: MEMBER,
        },
        Target {
            function: "complete_assignment",
            valid: json!({"p_assignment_id": occurrence}),
            param: "p_completed_at",
            bad: completed_at,
            caller: MEMBER,
        },
        occurrence_ids("skip_assignment", MEMBER),
        Target {
            function: "skip_assignment",
            valid: json!({"p_assignment_id": occurrence}),
            param: "p_note",
            bad: notes,
            caller: MEMBER,
        },
        occurrence_ids("undo_assignment", MEMBER),
        occurrence_ids("claim_assignment", MEMBER),
        Target {
            function: "reassign_assignment",
            valid: json!({"p_assignment_id": occurrence, "p_user_id": 3}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "reassign_assignment",
            valid: json!({"p_assignment_id": occurrence, "p_user_id": 3}),
            param: "p_user_id",
            bad: plus(bad_ids(), [json!(fixtures.removed_id)]),
            caller: ADMIN,
        },
        Target {
            function: "offer_swap",
            valid: json!({"p_assignment_id": occurrence, "p_to_user_id": 3}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: MEMBER,
        },
        Target {
            function: "offer_swap",
            valid: json!({"p_assignment_id": occurrence, "p_to_user_id": 3}),
            param: "p_to_user_id",
            bad: plus(bad_ids(), [json!(1), json!(fixtures.removed_id)]), // oneself, a removed member
            caller: MEMBER,
        },
        Target {
            function: "set_away",
            valid: json!({"p_starts_on": "2034-05-01", "p_ends_on": "2034-05-03"}),
            param: "p_starts_on",
            bad: plus(bad_dates(), [json!("2034-05-04")]), // after the last day
            caller: MEMBER,
        },
        Target {
            function: "set_away",
            valid: json!({"p_starts_on": "2034-05-01", "p_ends_on": "2034-05-03"}),
            param: "p_ends_on",
            bad: plus(bad_dates(), [json!("2034-04-30"), json!("2035-05-03")]), // before, over a year
            caller: MEMBER,
        },
        Target {
            function: "set_away",
            valid: json!({"p_starts_on": "2034-05-01", "p_ends_on": "2034-05-03", "p_user_id": 2}),
            param: "p_user_id",
            bad: members_to_assign,
            caller: ADMIN,
        },
        Target {
            // A member setting another member away: refused too.
            function: "set_away",
            valid: json!({"p_starts_on": "2034-05-01", "p_ends_on": "2034-05-03"}),
            param: "p_user_id",
            bad: vec![json!(2), json!(4)],
            caller: MEMBER,
        },
        Target {
            function: "remove_away",
            valid: json!({"p_away_id": 1}),
            param: "p_away_id",
            bad: bad_ids(),
            caller: MEMBER,
        },
    ]);
    for function in ["accept_swap", "decline_swap", "cancel_swap"] {
        targets.push(Target {
            function,
            valid: json!({"p_offer_id": 1}),
            param: "p_offer_id",
            bad: bad_ids(),
            caller: MEMBER,
        });
    }
    targets
}

/// Bad filters on the chore engine's views.
pub(crate) fn bad_filters() -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("away_periods", "starts_on=eq.2026-02-30", MEMBER),
        ("away_periods", "select=password_hash", MEMBER),
        ("swap_offers", "offer_id=eq.1%20OR%201=1", MEMBER),
        (
            "swap_offers",
            "select=*,users!swap_offers_from_user_id_fkey(password_hash)",
            ADMIN,
        ),
    ]
}
