//! The chore engine's endpoints (db/api/35_chores.sql, 40_assignments.sql,
//! 45_occurrence_actions.sql) against the five callers. Fixtures belong to
//! the member (user1); "other member" is user2, who is in no pool here.
use super::*;

const OTHER_ID: i64 = 2; // user2
const THIRD_ID: i64 = 3; // user3

/// A chore created by the admin with these arguments; returns its task id.
fn new_chore(admin: &Api, args: Value) -> i64 {
    let mut args = args;
    args["p_task_name"] = json!(unique("Matrix chore "));
    let reply = admin.rpc("create_chore", &args).unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["task_id"].as_i64().unwrap()
}

/// The id of the one open occurrence of a chore, as the admin sees it.
fn open_occurrence(admin: &Api, task_id: i64) -> i64 {
    let reply = admin
        .get(&format!(
            "/task_assignments?task_id=eq.{task_id}&status=eq.todo&select=assignment_id"
        ))
        .unwrap();
    let rows = reply.json();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{}", reply.text());
    rows[0]["assignment_id"].as_i64().unwrap()
}

/// An unclaimed occurrence of an anyone-chore whose pool is the member.
fn unclaimed(c: &Callers) -> Value {
    let task = new_chore(
        &c.admin,
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
               "p_assignee_mode": "anyone", "p_pool": [MEMBER_ID]}),
    );
    json!(open_occurrence(&c.admin, task))
}

/// The member's open occurrence, offered to the other member.
fn offered(c: &Callers) -> Value {
    let id = new_assignment(&c.admin, MEMBER_ID);
    let reply = c.all[1]
        .rpc(
            "offer_swap",
            &json!({"p_assignment_id": id, "p_to_user_id": OTHER_ID}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["offer_id"].clone()
}

/// An away period of the member, far ahead (no turn is handed on).
fn member_away(c: &Callers) -> Value {
    let reply = c
        .admin
        .rpc(
            "set_away",
            &json!({"p_starts_on": "2035-03-01", "p_ends_on": "2035-03-05", "p_user_id": MEMBER_ID}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["away_id"].clone()
}

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "GET /away_periods",
            api: Some("away_periods"),
            setup: no_setup,
            call: |a, _| a.get("/away_periods").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /swap_offers",
            api: Some("swap_offers"),
            setup: no_setup,
            call: |a, _| a.get("/swap_offers").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/household",
            api: Some("household"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/household").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            // The zone it has already: the admin's success changes nothing
            // the other cells depend on.
            name: "POST /rpc/update_household",
            api: Some("update_household"),
            setup: |_, c| c.admin.get("/rpc/household").unwrap().json()["time_zone"].clone(),
            call: |a, zone| rpc(a, "update_household", json!({"p_time_zone": zone})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/create_chore",
            api: Some("create_chore"),
            setup: |_, _| json!(unique("Matrix chore ")),
            call: |a, name| {
                rpc(
                    a,
                    "create_chore",
                    json!({"p_task_name": name, "p_schedule_kind": "interval", "p_interval_count": 2,
                           "p_interval_unit": "days", "p_assignee_mode": "rotation", "p_pool": [1, 2, 3]}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "POST /rpc/update_chore",
            api: Some("update_chore"),
            setup: |_, c| json!(new_chore(&c.admin, json!({"p_user_id": MEMBER_ID}))),
            call: |a, id| {
                rpc(
                    a,
                    "update_chore",
                    json!({"p_task_id": id, "p_task_name": unique("Matrix chore "),
                           "p_schedule_kind": "adaptive", "p_interval_count": 1, "p_interval_unit": "weeks",
                           "p_user_id": MEMBER_ID}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            // The assignee, or an admin on their behalf.
            name: "POST /rpc/complete_assignment (with a note, done earlier)",
            api: Some("complete_assignment"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| {
                rpc(
                    a,
                    "complete_assignment",
                    json!({"p_assignment_id": id, "p_note": "matrix",
                           "p_completed_at": "2099-01-01T00:00:00Z"}),
                )
            },
            // In the future: refused for the two who may complete it, after
            // the permission check.
            expect: [401, 400, 403, 400, 403],
        },
        Case {
            name: "POST /rpc/skip_assignment (the member's)",
            api: Some("skip_assignment"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| {
                rpc(
                    a,
                    "skip_assignment",
                    json!({"p_assignment_id": id, "p_note": "matrix"}),
                )
            },
            expect: [401, 200, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/undo_assignment (the member's completion)",
            api: Some("undo_assignment"),
            setup: |_, c| json!(completed_assignment(&c.admin, &c.all[1], MEMBER_ID)),
            call: |a, id| rpc(a, "undo_assignment", json!({"p_assignment_id": id})),
            expect: [401, 200, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/claim_assignment (the member's pool)",
            api: Some("claim_assignment"),
            setup: |_, c| unclaimed(c),
            call: |a, id| rpc(a, "claim_assignment", json!({"p_assignment_id": id})),
            expect: [401, 200, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/reassign_assignment",
            api: Some("reassign_assignment"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| {
                rpc(
                    a,
                    "reassign_assignment",
                    json!({"p_assignment_id": id, "p_user_id": THIRD_ID}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/offer_swap (the member's occurrence)",
            api: Some("offer_swap"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| {
                rpc(
                    a,
                    "offer_swap",
                    json!({"p_assignment_id": id, "p_to_user_id": THIRD_ID}),
                )
            },
            expect: [401, 201, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/accept_swap (offered to the other member)",
            api: Some("accept_swap"),
            setup: |_, c| offered(c),
            call: |a, id| rpc(a, "accept_swap", json!({"p_offer_id": id})),
            expect: [401, 403, 200, 403, 403],
        },
        Case {
            name: "POST /rpc/decline_swap (offered to the other member)",
            api: Some("decline_swap"),
            setup: |_, c| offered(c),
            call: |a, id| rpc(a, "decline_swap", json!({"p_offer_id": id})),
            expect: [401, 403, 200, 403, 403],
        },
        Case {
            name: "POST /rpc/cancel_swap (the member's offer)",
            api: Some("cancel_swap"),
            setup: |_, c| offered(c),
            call: |a, id| rpc(a, "cancel_swap", json!({"p_offer_id": id})),
            expect: [401, 200, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/set_away (one's own)",
            api: Some("set_away"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "set_away",
                    json!({"p_starts_on": "2036-01-01", "p_ends_on": "2036-01-02"}),
                )
            },
            expect: [401, 201, 201, 201, 403],
        },
        Case {
            name: "POST /rpc/set_away (for user3)",
            api: Some("set_away"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "set_away",
                    json!({"p_starts_on": "2036-02-01", "p_ends_on": "2036-02-02", "p_user_id": THIRD_ID}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "POST /rpc/remove_away (the member's)",
            api: Some("remove_away"),
            setup: |_, c| member_away(c),
            call: |a, id| rpc(a, "remove_away", json!({"p_away_id": id})),
            expect: [401, 200, 404, 200, 403],
        },
        // By link: refused before anything changes (a member is told 405
        // too: the method is checked before the role).
        Case {
            name: "GET /rpc/create_chore",
            api: Some("create_chore"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/create_chore?p_task_name=Linked").unwrap(),
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/skip_assignment (the member's)",
            api: Some("skip_assignment"),
            setup: |_, c| json!(new_assignment(&c.admin, MEMBER_ID)),
            call: |a, id| {
                a.get(&format!("/rpc/skip_assignment?p_assignment_id={id}"))
                    .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/set_away",
            api: Some("set_away"),
            setup: no_setup,
            call: |a, _| {
                a.get("/rpc/set_away?p_starts_on=2037-01-01&p_ends_on=2037-01-02")
                    .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
    ]
}
