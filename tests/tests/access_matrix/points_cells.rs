//! Points and the reward store (db/api/55_points.sql, 56_rewards.sql)
//! against the five callers. Fixtures belong to the member (user1);
//! "other member" is user2.
use super::*;

const OTHER_ID: i64 = 2; // user2

/// The admin gives a member points (the cells that spend need some).
fn give(admin: &Api, user_id: i64, amount: i64) {
    let reply = admin
        .rpc(
            "adjust_points",
            &json!({"p_user_id": user_id, "p_amount": amount, "p_reason": "matrix"}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
}

/// A fresh reward costing one point; returns its id.
fn new_reward(admin: &Api) -> i64 {
    let reply = admin
        .rpc(
            "create_reward",
            &json!({"p_reward_name": unique("Matrix reward "), "p_cost": 1}),
        )
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["reward_id"].as_i64().unwrap()
}

/// A fresh reward both members have a point for.
fn affordable_reward(c: &Callers) -> Value {
    give(&c.admin, MEMBER_ID, 1);
    give(&c.admin, OTHER_ID, 1);
    json!(new_reward(&c.admin))
}

/// The member's pending request for a fresh reward.
fn pending_redemption(c: &Callers) -> Value {
    give(&c.admin, MEMBER_ID, 1);
    let reward = new_reward(&c.admin);
    let reply = c.all[1]
        .rpc("redeem_reward", &json!({"p_reward_id": reward}))
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["redemption_id"].clone()
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "GET /rewards",
            api: Some("rewards"),
            setup: no_setup,
            call: |a, _| a.get("/rewards").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /redemptions",
            api: Some("redemptions"),
            setup: no_setup,
            call: |a, _| a.get("/redemptions").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /point_balances",
            api: Some("point_balances"),
            setup: no_setup,
            call: |a, _| a.get("/point_balances").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "DELETE /point_balances",
            api: Some("point_balances"),
            setup: |_, c| {
                give(&c.admin, MEMBER_ID, 1);
                Value::Null
            },
            call: |a, _| {
                a.raw(Method::DELETE, "/point_balances?user_id=eq.1", &[], None)
                    .unwrap()
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "POST /rpc/set_chore_points",
            api: Some("set_chore_points"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                rpc(
                    a,
                    "set_chore_points",
                    json!({"p_task_id": id, "p_points": 5, "p_penalty_points": 2}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "GET /rpc/set_chore_points",
            api: Some("set_chore_points"),
            setup: |_, c| json!(new_task(&c.admin)),
            call: |a, id| {
                a.get(&format!("/rpc/set_chore_points?p_task_id={id}&p_points=5"))
                    .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "POST /rpc/adjust_points (the member)",
            api: Some("adjust_points"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "adjust_points",
                    json!({"p_user_id": MEMBER_ID, "p_amount": 2, "p_reason": "matrix"}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            // Nobody awards themselves anything, admins included.
            name: "POST /rpc/adjust_points (the admin themselves)",
            api: Some("adjust_points"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "adjust_points",
                    json!({"p_user_id": ADMIN_ID, "p_amount": 2, "p_reason": "matrix"}),
                )
            },
            expect: [401, 403, 403, 403, 403],
        },
        Case {
            name: "GET /rpc/adjust_points",
            api: Some("adjust_points"),
            setup: no_setup,
            call: |a, _| {
                a.get(&format!(
                    "/rpc/adjust_points?p_user_id={MEMBER_ID}&p_amount=2&p_reason=matrix"
                ))
                .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/my_points",
            api: Some("my_points"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/my_points?p_limit=5").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/my_points (the member's)",
            api: Some("my_points"),
            setup: no_setup,
            call: |a, _| {
                a.get(&format!("/rpc/my_points?p_user_id={MEMBER_ID}"))
                    .unwrap()
            },
            expect: [401, 200, 403, 200, 403],
        },
        Case {
            name: "GET /rpc/leaderboard",
            api: Some("leaderboard"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/leaderboard?p_period=month").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/export_points",
            api: Some("export_points"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/export_points?p_format=csv").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/create_reward",
            api: Some("create_reward"),
            setup: |_, _| json!(unique("Matrix new reward ")),
            call: |a, name| {
                rpc(
                    a,
                    "create_reward",
                    json!({"p_reward_name": name, "p_cost": 3, "p_stock": 1}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Case {
            name: "GET /rpc/create_reward",
            api: Some("create_reward"),
            setup: |_, _| json!(unique("MatrixGet")),
            call: |a, name| {
                a.get(&format!(
                    "/rpc/create_reward?p_reward_name={}&p_cost=3",
                    name.as_str().unwrap()
                ))
                .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "POST /rpc/update_reward",
            api: Some("update_reward"),
            setup: |_, c| json!(new_reward(&c.admin)),
            call: |a, id| {
                rpc(
                    a,
                    "update_reward",
                    json!({"p_reward_id": id, "p_reward_name": unique("Matrix changed "), "p_cost": 2}),
                )
            },
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "POST /rpc/archive_reward",
            api: Some("archive_reward"),
            setup: |_, c| json!(new_reward(&c.admin)),
            call: |a, id| rpc(a, "archive_reward", json!({"p_reward_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            // The admin has no points of their own here: past the
            // permission check, refused for the balance.
            name: "POST /rpc/redeem_reward",
            api: Some("redeem_reward"),
            setup: |_, c| affordable_reward(c),
            call: |a, id| rpc(a, "redeem_reward", json!({"p_reward_id": id})),
            expect: [401, 201, 201, 409, 403],
        },
        Case {
            name: "GET /rpc/redeem_reward",
            api: Some("redeem_reward"),
            setup: |_, c| affordable_reward(c),
            call: |a, id| {
                a.get(&format!("/rpc/redeem_reward?p_reward_id={id}"))
                    .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            // Someone else's request is not even visible to another member.
            name: "POST /rpc/cancel_redemption (the member's request)",
            api: Some("cancel_redemption"),
            setup: |_, c| pending_redemption(c),
            call: |a, id| rpc(a, "cancel_redemption", json!({"p_redemption_id": id})),
            expect: [401, 200, 404, 403, 403],
        },
        Case {
            name: "POST /rpc/approve_redemption (the member's request)",
            api: Some("approve_redemption"),
            setup: |_, c| pending_redemption(c),
            call: |a, id| rpc(a, "approve_redemption", json!({"p_redemption_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
        Case {
            name: "GET /rpc/approve_redemption (the member's request)",
            api: Some("approve_redemption"),
            setup: |_, c| pending_redemption(c),
            call: |a, id| {
                a.get(&format!("/rpc/approve_redemption?p_redemption_id={id}"))
                    .unwrap()
            },
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "POST /rpc/decline_redemption (the member's request)",
            api: Some("decline_redemption"),
            setup: |_, c| pending_redemption(c),
            call: |a, id| rpc(a, "decline_redemption", json!({"p_redemption_id": id})),
            expect: [401, 403, 403, 200, 403],
        },
    ]
}
