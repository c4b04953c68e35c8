//! Who may call what: members do not define chores, reassign or set others
//! away; anonymous callers are refused; a GET changes nothing (405). And
//! the household's time zone, which only admins change.
use super::*;

#[test]
fn members_cannot_define_chores_reassign_or_set_others_away() {
    let _zone = berlin();
    let user1 = seeded(1);
    let task = chore(json!({"p_user_id": 2, "p_due_at": "2030-01-01T10:00:00Z"}));
    let (id, _) = the_open_turn(task);
    let before = rows(&format!(
        "SELECT t::text FROM app_data.tasks t WHERE task_id = {task} \
         UNION ALL SELECT a::text FROM app_data.task_assignments a WHERE task_id = {task}"
    ));
    let refused = [
        ("create_chore", json!({"p_task_name": unique("Member's ")})),
        (
            "update_chore",
            json!({"p_task_id": task, "p_task_name": unique("Member's ")}),
        ),
        (
            "reassign_assignment",
            json!({"p_assignment_id": id, "p_user_id": 1}),
        ),
        (
            "set_away",
            json!({"p_starts_on": "2030-01-01", "p_ends_on": "2030-01-02", "p_user_id": 2}),
        ),
        ("update_household", json!({"p_time_zone": "UTC"})),
        ("approve_assignment", json!({"p_assignment_id": id})),
        ("complete_assignment", json!({"p_assignment_id": id})),
        ("skip_assignment", json!({"p_assignment_id": id})),
        (
            "offer_swap",
            json!({"p_assignment_id": id, "p_to_user_id": 3}),
        ),
        ("claim_assignment", json!({"p_assignment_id": id})),
    ];
    for (function, args) in refused {
        let reply = rpc(&user1, function, args);
        assert_eq!(reply.status, 403, "{function}: {}", reply.text());
        assert!(reply.is_json_error(), "{function}");
    }
    let after = rows(&format!(
        "SELECT t::text FROM app_data.tasks t WHERE task_id = {task} \
         UNION ALL SELECT a::text FROM app_data.task_assignments a WHERE task_id = {task}"
    ));
    assert_eq!(before, after);
    assert_eq!(
        value("SELECT count(*) FROM app_data.away_periods WHERE user_id = 2 AND starts_on = '2030-01-01'"),
        "0"
    );
    // Away periods run forward, within a year.
    for (starts, ends, param) in [
        (Value::Null, json!("2031-07-01"), "p_starts_on"),
        (json!("2031-07-01"), Value::Null, "p_ends_on"),
        (json!("2031-07-02"), json!("2031-07-01"), "p_ends_on"),
        (json!("2031-01-01"), json!("2032-01-03"), "p_ends_on"),
    ] {
        let reply = expect(
            rpc(
                &user1,
                "set_away",
                json!({"p_starts_on": starts, "p_ends_on": ends}),
            ),
            400,
        );
        assert_eq!(reply.json()["details"], json!(param), "{}", reply.text());
    }
    // A member may set their own away period (and only see, not remove,
    // another's).
    let own = expect(
        rpc(
            &user1,
            "set_away",
            json!({"p_starts_on": "2031-07-01", "p_ends_on": "2031-07-14"}),
        ),
        201,
    )
    .json();
    let away_id = own["away_id"].as_i64().unwrap();
    let listed = seeded(2)
        .get(&format!("/away_periods?away_id=eq.{away_id}"))
        .unwrap()
        .json();
    assert_eq!(listed[0]["username"], json!("user1"));
    expect(
        rpc(&seeded(2), "remove_away", json!({"p_away_id": away_id})),
        404,
    );
    expect(
        rpc(&user1, "remove_away", json!({"p_away_id": away_id})),
        200,
    );
}

#[test]
fn anonymous_callers_are_refused_every_write() {
    let stack = stack();
    let anon = stack.api();
    for function in WRITE_FUNCTIONS {
        // Every parameter has a default: {} reaches the function itself.
        let reply = rpc(&anon, function, json!({}));
        assert_eq!(reply.status, 401, "{function}: {}", reply.text());
        assert!(reply.is_json_error(), "{function}");
    }
    expect(anon.get("/rpc/household").unwrap(), 401);
}

/// Each write function, called with GET and arguments that would work with
/// POST: 405, nothing changed.
#[test]
fn a_get_on_a_write_function_changes_nothing() {
    let _zone = berlin();
    let m = members(2);
    let (a, b) = (&m[0], &m[1]);
    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                            "p_assignee_mode": "anyone", "p_pool": [a.id, b.id]}),
    );
    let (unclaimed, _) = the_open_turn(task);
    let fixed = chore(json!({"p_user_id": a.id}));
    let (own, _) = the_open_turn(fixed);
    let offer = offered(a, own, b.id);
    let away = expect(
        rpc(
            &a.api,
            "set_away",
            json!({"p_starts_on": "2032-01-01", "p_ends_on": "2032-01-02"}),
        ),
        201,
    )
    .json()["away_id"]
        .as_i64()
        .unwrap();
    let calls: Vec<(Api, String)> = vec![
        (admin(), format!("update_household?p_time_zone={ZONE}")),
        (
            admin(),
            format!("create_chore?p_task_name={}", unique("Get")),
        ),
        (
            admin(),
            format!(
                "update_chore?p_task_id={fixed}&p_task_name={}&p_user_id={}",
                unique("Get"),
                a.id
            ),
        ),
        (
            a.api.clone(),
            format!("claim_assignment?p_assignment_id={unclaimed}"),
        ),
        (
            a.api.clone(),
            format!("complete_assignment?p_assignment_id={own}"),
        ),
        (
            a.api.clone(),
            format!("skip_assignment?p_assignment_id={own}"),
        ),
        (
            admin(),
            format!(
                "reassign_assignment?p_assignment_id={own}&p_user_id={}",
                b.id
            ),
        ),
        (
            a.api.clone(),
            format!(
                "offer_swap?p_assignment_id={unclaimed}&p_to_user_id={}",
                b.id
            ),
        ),
        (b.api.clone(), format!("accept_swap?p_offer_id={offer}")),
        (b.api.clone(), format!("decline_swap?p_offer_id={offer}")),
        (a.api.clone(), format!("cancel_swap?p_offer_id={offer}")),
        (
            a.api.clone(),
            "set_away?p_starts_on=2033-01-01&p_ends_on=2033-01-02".to_string(),
        ),
        (a.api.clone(), format!("remove_away?p_away_id={away}")),
    ];
    let snapshot = || {
        rows(&format!(
            "SELECT a::text FROM app_data.task_assignments a WHERE task_id IN ({task}, {fixed}) \
             UNION ALL SELECT o::text FROM app_data.swap_offers o WHERE offer_id = {offer} \
             UNION ALL SELECT w::text FROM app_data.away_periods w WHERE user_id = {} \
             UNION ALL SELECT t::text FROM app_data.tasks t WHERE task_id IN ({task}, {fixed}) ORDER BY 1",
            a.id
        ))
    };
    let before = snapshot();
    for (api, path) in calls {
        let reply = api.get(&format!("/rpc/{path}")).unwrap();
        assert_eq!(reply.status, 405, "GET {path}: {}", reply.text());
        assert_eq!(reply.header("allow").as_deref(), Some("POST"), "GET {path}");
    }
    assert_eq!(snapshot(), before);
    // The reads are GETs.
    let household = expect(a.api.get("/rpc/household").unwrap(), 200).json();
    assert_eq!(household["time_zone"], json!(ZONE));
}

/// Only an admin changes the time zone, to a real one; stored due dates
/// stay where they are, the next ones follow the new clock.
#[test]
fn the_time_zone_is_an_admins_and_moves_only_future_due_dates() {
    let stack = stack();
    let _only_me = zone_write();
    let user1 = seeded(1);
    for (zone, param) in [("Mars/Olympus_Mons", "p_time_zone"), ("", "p_time_zone")] {
        let reply = expect(
            rpc(&admin(), "update_household", json!({"p_time_zone": zone})),
            400,
        );
        assert_eq!(reply.json()["details"], json!(param), "{}", reply.text());
        assert!(!reply.json()["message"].as_str().unwrap().contains("Mars"));
    }
    let reply = expect(rpc(&admin(), "update_household", json!({})), 400);
    assert_eq!(
        reply.json()["details"],
        json!("p_time_zone"),
        "{}",
        reply.text()
    );
    expect(
        rpc(&user1, "update_household", json!({"p_time_zone": "UTC"})),
        403,
    );

    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                            "p_assignee_mode": "fixed", "p_user_id": 1, "p_requires_approval": false}),
    );
    let (id, _) = the_open_turn(task);
    created_since(id, "2026-01-01T00:00:00Z");
    expect(
        rpc(
            &user1,
            "complete_assignment",
            json!({"p_assignment_id": id, "p_completed_at": "2026-11-10T09:00:00+01:00"}),
        ),
        200,
    );
    let (next, _) = the_open_turn(task);
    assert_eq!(column(next, "due_at"), "2026-11-11 08:00:00+00");

    let changed = expect(
        rpc(
            &admin(),
            "update_household",
            json!({"p_time_zone": "America/New_York"}),
        ),
        200,
    )
    .json();
    assert_eq!(changed["time_zone"], json!("America/New_York"));
    assert_eq!(
        column(next, "due_at"),
        "2026-11-11 08:00:00+00",
        "a stored due date does not move"
    );
    created_since(next, "2026-01-01T00:00:00Z");
    expect(
        rpc(
            &user1,
            "complete_assignment",
            json!({"p_assignment_id": next, "p_completed_at": "2026-11-12T09:00:00-05:00"}),
        ),
        200,
    );
    let (third, _) = the_open_turn(task);
    let restored = rpc(&admin(), "update_household", json!({"p_time_zone": ZONE}));
    assert_eq!(
        column(third, "due_at"),
        "2026-11-13 14:00:00+00",
        "09:00 in New York"
    );
    expect(restored, 200);
    assert_eq!(
        stack
            .query_value("SELECT app_functions.household_time_zone()")
            .unwrap(),
        ZONE
    );
}
