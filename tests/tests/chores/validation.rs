//! create_chore/update_chore refuse an incomplete or contradictory
//! definition with a 400 that names the parameter (docs/SECURITY-API.md,
//! "Field errors") and never echoes the input in its message.
use super::*;

/// (what is wrong, the arguments besides the name, the parameter blamed)
fn bad_definitions() -> Vec<(&'static str, Value, &'static str)> {
    let pool_of_101: Vec<i64> = (1..=101).collect();
    vec![
        (
            "unknown kind",
            json!({"p_schedule_kind": "hourly"}),
            "p_schedule_kind",
        ),
        (
            "calendar without a rule",
            json!({"p_schedule_kind": "calendar", "p_start": "2026-01-05T08:00"}),
            "p_rrule",
        ),
        (
            "calendar without a start",
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY"}),
            "p_start",
        ),
        (
            "a rule that is not one",
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=SOMETIMES", "p_start": "2026-01-05T08:00"}),
            "p_rrule",
        ),
        (
            "a rule with no instance",
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY;UNTIL=20200101", "p_start": "2026-01-05T08:00"}),
            "p_rrule",
        ),
        (
            "a start that is no date",
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY", "p_start": "tomorrow"}),
            "p_start",
        ),
        (
            "month 13",
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY", "p_start": "2026-13-05T08:00"}),
            "p_start",
        ),
        (
            "hour 25",
            json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                           "p_start": "2026-01-05T25:00"}),
            "p_start",
        ),
        (
            "hour 24",
            json!({"p_schedule_kind": "calendar", "p_rrule": "FREQ=DAILY", "p_start": "2026-01-05T24:00"}),
            "p_start",
        ),
        (
            "a nested pool",
            json!({"p_assignee_mode": "everyone", "p_pool": [[1, 2]]}),
            "p_pool",
        ),
        (
            "interval without a count",
            json!({"p_schedule_kind": "interval", "p_interval_unit": "days"}),
            "p_interval_count",
        ),
        (
            "interval without a unit",
            json!({"p_schedule_kind": "interval", "p_interval_count": 2}),
            "p_interval_unit",
        ),
        (
            "interval of 0",
            json!({"p_schedule_kind": "interval", "p_interval_count": 0, "p_interval_unit": "days"}),
            "p_interval_count",
        ),
        (
            "interval of 1001",
            json!({"p_schedule_kind": "adaptive", "p_interval_count": 1001, "p_interval_unit": "days"}),
            "p_interval_count",
        ),
        (
            "unknown unit",
            json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "fortnights"}),
            "p_interval_unit",
        ),
        (
            "adaptive without a first guess",
            json!({"p_schedule_kind": "adaptive"}),
            "p_interval_count",
        ),
        (
            "after nothing",
            json!({"p_schedule_kind": "after_task", "p_after_hours": 2}),
            "p_after_task_id",
        ),
        (
            "after id -1",
            json!({"p_schedule_kind": "after_task", "p_after_task_id": -1, "p_after_hours": 2}),
            "p_after_task_id",
        ),
        (
            "after without hours",
            json!({"p_schedule_kind": "after_task", "p_after_task_id": 1}),
            "p_after_hours",
        ),
        (
            "hours -1",
            json!({"p_schedule_kind": "after_task", "p_after_task_id": 1, "p_after_hours": -1}),
            "p_after_hours",
        ),
        (
            "hours 8761",
            json!({"p_schedule_kind": "after_task", "p_after_task_id": 1, "p_after_hours": 8761}),
            "p_after_hours",
        ),
        (
            "unknown mode",
            json!({"p_assignee_mode": "somebody"}),
            "p_assignee_mode",
        ),
        ("user id 0", json!({"p_user_id": 0}), "p_user_id"),
        (
            "rotation without a pool",
            json!({"p_assignee_mode": "rotation"}),
            "p_pool",
        ),
        (
            "an empty pool",
            json!({"p_assignee_mode": "anyone", "p_pool": []}),
            "p_pool",
        ),
        (
            "a member twice",
            json!({"p_assignee_mode": "everyone", "p_pool": [1, 2, 1]}),
            "p_pool",
        ),
        (
            "101 members",
            json!({"p_assignee_mode": "everyone", "p_pool": pool_of_101}),
            "p_pool",
        ),
        (
            "a pool id of -3",
            json!({"p_assignee_mode": "anyone", "p_pool": [1, -3]}),
            "p_pool",
        ),
        (
            "unknown strategy",
            json!({"p_assignee_mode": "rotation", "p_pool": [1, 2], "p_rotation_strategy": "alphabetical"}),
            "p_rotation_strategy",
        ),
        (
            "a description of 1001 characters",
            json!({"p_description": "d".repeat(1001)}),
            "p_description",
        ),
    ]
}

/// What is wrong with a refusal as a field error: `details` must be the
/// parameter's name, the message must not echo the value sent for it.
fn field_error_problem(reply: &Reply, param: &str, input: &Value) -> Option<String> {
    let body = reply.json();
    if body["details"].as_str() != Some(param) {
        return Some(format!("does not name {param}: {}", reply.text()));
    }
    let message = body["message"].as_str().unwrap_or_default();
    strings_in(input)
        .into_iter()
        .find(|text| text.chars().count() >= 3 && message.contains(text.as_str()))
        .map(|text| format!("the message echoes {text:?}: {message}"))
}

/// Every string in the value blamed (numbers would match the limits a
/// message states).
fn strings_in(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings_in).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn create_and_update_chore_refuse_bad_definitions_naming_the_parameter() {
    let _zone = berlin();
    let target = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                              "p_assignee_mode": "fixed", "p_user_id": 1}),
    );
    let before = rows(&format!(
        "SELECT t::text FROM app_data.tasks t WHERE task_id = {target} \
         UNION ALL SELECT a::text FROM app_data.task_assignments a WHERE task_id = {target}"
    ));
    let mut failures = Vec::new();
    for (case, args, param) in bad_definitions() {
        let name = unique("Refused ");
        let mut create = args.clone();
        create["p_task_name"] = json!(name);
        let reply = rpc(&admin(), "create_chore", create);
        if reply.status != 400 {
            failures.push(format!(
                "create_chore, {case}: {} {}",
                reply.status,
                reply.text()
            ));
        } else if let Some(problem) = field_error_problem(&reply, param, &args[param]) {
            failures.push(format!("create_chore, {case}: {problem}"));
        }
        assert_eq!(
            value(&format!(
                "SELECT count(*) FROM app_data.tasks WHERE task_name = '{name}'"
            )),
            "0",
            "{case}: nothing created"
        );
        let mut update = args.clone();
        update["p_task_id"] = json!(target);
        update["p_task_name"] = json!(name);
        let reply = rpc(&admin(), "update_chore", update);
        if reply.status != 400 {
            failures.push(format!(
                "update_chore, {case}: {} {}",
                reply.status,
                reply.text()
            ));
        } else if let Some(problem) = field_error_problem(&reply, param, &args[param]) {
            failures.push(format!("update_chore, {case}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let after = rows(&format!(
        "SELECT t::text FROM app_data.tasks t WHERE task_id = {target} \
         UNION ALL SELECT a::text FROM app_data.task_assignments a WHERE task_id = {target}"
    ));
    assert_eq!(before, after, "refused updates changed nothing");
}

#[test]
fn create_and_update_chore_refuse_what_is_not_a_definition_problem() {
    let _zone = berlin();
    let name = unique("Taken ");
    let task = chore(json!({"p_task_name": name}));
    // The name: required, unique.
    let reply = expect(
        rpc(&admin(), "create_chore", json!({"p_schedule_kind": "once"})),
        400,
    );
    assert_eq!(reply.json()["details"], json!("p_task_name"));
    let reply = expect(
        rpc(
            &admin(),
            "create_chore",
            json!({"p_task_name": name.to_uppercase()}),
        ),
        409,
    );
    assert_eq!(reply.json()["details"], json!("p_task_name"));
    // Which chore: required, existing, not archived.
    let reply = expect(
        rpc(
            &admin(),
            "update_chore",
            json!({"p_task_name": unique("X ")}),
        ),
        400,
    );
    assert_eq!(reply.json()["details"], json!("p_task_id"));
    expect(
        rpc(
            &admin(),
            "update_chore",
            json!({"p_task_id": 999_999_999, "p_task_name": unique("X ")}),
        ),
        404,
    );
    expect(
        rpc(&admin(), "delete_task", json!({"p_task_id": task})),
        200,
    );
    expect(
        rpc(
            &admin(),
            "update_chore",
            json!({"p_task_id": task, "p_task_name": unique("X ")}),
        ),
        409,
    );
    // Members that do not exist (or no longer): 404, the id in details only.
    for user in [999_999_999_i64, removed_member()] {
        let reply = expect(
            rpc(
                &admin(),
                "create_chore",
                json!({"p_task_name": unique("Y "), "p_user_id": user}),
            ),
            404,
        );
        assert!(!reply.json()["message"]
            .as_str()
            .unwrap()
            .contains(&user.to_string()));
        expect(
            rpc(
                &admin(),
                "create_chore",
                json!({"p_task_name": unique("Y "), "p_assignee_mode": "anyone", "p_pool": [1, user]}),
            ),
            404,
        );
    }
    expect(
        rpc(
            &admin(),
            "create_chore",
            json!({"p_task_name": unique("Y "), "p_schedule_kind": "after_task", "p_after_task_id": 999_999_999,
                   "p_after_hours": 1}),
        ),
        404,
    );
}

/// A member registered and then removed by the admin.
fn removed_member() -> i64 {
    let member = members(1).remove(0);
    expect(
        rpc(&admin(), "remove_member", json!({"p_user_id": member.id})),
        200,
    );
    member.id
}

#[test]
fn update_chore_replans_open_occurrences_nobody_has_acted_on() {
    let _zone = berlin();
    let m = members(2);
    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                            "p_assignee_mode": "fixed", "p_user_id": m[0].id, "p_requires_approval": false}),
    );
    let (old, _) = the_open_turn(task);
    expect(
        rpc(
            &m[0].api,
            "complete_assignment",
            json!({"p_assignment_id": old}),
        ),
        200,
    );
    let name = unique("Renamed ");
    let updated = expect(
        rpc(&admin(), "update_chore",
            json!({"p_task_id": task, "p_task_name": name, "p_description": "now a rotation",
                   "p_schedule_kind": "interval", "p_interval_count": 2, "p_interval_unit": "days",
                   "p_start": "2031-02-03T04:05", "p_assignee_mode": "rotation", "p_pool": [m[1].id, m[0].id],
                   "p_rotation_strategy": "round_robin"})),
        200,
    )
    .json();
    assert_eq!(
        (
            updated["task_name"].as_str(),
            updated["pool"].clone(),
            updated["rotation_strategy"].as_str(),
            updated["requires_approval"].as_bool()
        ),
        (
            Some(name.as_str()),
            json!([m[1].id, m[0].id]),
            Some("round_robin"),
            Some(true)
        )
    );
    // The completed one stays history; the open one is planned anew.
    assert_eq!(column(old, "status"), "done");
    let (id, user) = the_open_turn(task);
    assert_eq!(
        (due_local(id).as_str(), user),
        ("2031-02-03 04:05", m[1].id)
    );
}
