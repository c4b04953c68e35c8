//! Bad input for points and the reward store (db/api/55_points.sql,
//! 56_rewards.sql): every parameter, and a bad filter for each view.
use super::*;

/// Made once per run before any fingerprint is taken: two rewards
/// ("bad_input reward", cost 1, and "bad_input reward two", cost 1000), and
/// a request of user1's for the first that is cancelled already. user1
/// keeps one point.
struct PointsFixture {
    reward: i64,
    pricey: i64,
    cancelled: i64,
    archived: i64,
}

fn points_fixture(fixtures: &Fixtures) -> &'static PointsFixture {
    static FIXTURE: std::sync::OnceLock<PointsFixture> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| {
        let admin = &fixtures.callers[ADMIN];
        let member = &fixtures.callers[MEMBER];
        let call = |api: &Api, function: &str, args: Value, status: u16| {
            let reply = api.rpc(function, &args).unwrap();
            assert_eq!(reply.status, status, "{function}: {}", reply.text());
            reply.json()
        };
        let reward = |name: &str, cost: i64| {
            call(
                admin,
                "create_reward",
                json!({"p_reward_name": name, "p_cost": cost}),
                201,
            )["reward_id"]
                .as_i64()
                .unwrap()
        };
        let (first, pricey, archived) = (
            reward("bad_input reward", 1),
            reward("bad_input reward two", 1000),
            reward("bad_input reward gone", 1),
        );
        call(
            admin,
            "archive_reward",
            json!({"p_reward_id": archived}),
            200,
        );
        call(
            admin,
            "adjust_points",
            json!({"p_user_id": 1, "p_amount": 1, "p_reason": "bad_input"}),
            201,
        );
        let cancelled = call(member, "redeem_reward", json!({"p_reward_id": first}), 201)
            ["redemption_id"]
            .as_i64()
            .unwrap();
        call(
            member,
            "cancel_redemption",
            json!({"p_redemption_id": cancelled}),
            200,
        );
        PointsFixture {
            reward: first,
            pricey,
            cancelled,
            archived,
        }
    })
}

/// Values no whole number of points in 0..=max takes.
fn bad_points(max: i64) -> Vec<Value> {
    vec![
        json!(-1),
        json!(max + 1),
        json!(2_147_483_648_i64),
        json!(1.5),
        json!("abc"),
        json!(""),
        json!("5; DROP TABLE app_data.points_ledger"),
        json!("5\u{200b}"),
        json!(true),
        json!([5]),
        json!({"points": 5}),
    ]
}

pub(super) fn targets(fixtures: &Fixtures) -> Vec<Target> {
    let f = points_fixture(fixtures);
    let mut reward_names = bad_required_text();
    reward_names.extend([
        long(101),
        json!("bad_input reward two"),
        json!("BAD_INPUT REWARD TWO"),
    ]);
    reward_names.extend(invisible_in("Movie night"));
    let descriptions = vec![
        long(1001),
        json!("bell\u{7}"),
        json!("bidi\u{202e}txt"),
        json!("zero\u{200b}width"),
    ];
    let mut costs = bad_points(1_000_000);
    costs.extend([Value::Null, json!(0)]);
    let stocks = bad_points(1_000_000);
    let mut redemption_ids = bad_ids();
    redemption_ids.push(json!(f.cancelled));
    let create = json!({"p_reward_name": "bad_input fresh reward", "p_cost": 5});
    let update = json!({"p_reward_id": f.reward, "p_reward_name": "bad_input reward", "p_cost": 1});
    let adjust = json!({"p_user_id": 1, "p_amount": 5, "p_reason": "bad_input"});
    let mut reasons = bad_required_text();
    reasons.push(long(201));
    reasons.extend(invisible_in("Good work"));
    let mut adjusted = bad_ids();
    adjusted.extend([json!(fixtures.removed_id), json!(4)]);
    let reward_target = |function: &'static str, caller: usize, extra: Vec<Value>| {
        let mut bad = bad_ids();
        bad.extend(extra);
        Target {
            function,
            valid: json!({"p_reward_id": f.reward}),
            param: "p_reward_id",
            bad,
            caller,
        }
    };
    let redemption_target = |function: &'static str, caller: usize| Target {
        function,
        valid: json!({"p_redemption_id": f.cancelled}),
        param: "p_redemption_id",
        bad: redemption_ids.clone(),
        caller,
    };
    vec![
        Target {
            function: "set_chore_points",
            valid: json!({"p_task_id": 1, "p_points": 5}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "set_chore_points",
            valid: json!({"p_task_id": 1, "p_points": 5}),
            param: "p_points",
            bad: plus(bad_points(10_000), [Value::Null]),
            caller: ADMIN,
        },
        Target {
            function: "set_chore_points",
            valid: json!({"p_task_id": 1, "p_penalty_points": 5}),
            param: "p_penalty_points",
            bad: plus(bad_points(10_000), [Value::Null]),
            caller: ADMIN,
        },
        Target {
            function: "adjust_points",
            valid: adjust.clone(),
            param: "p_user_id",
            bad: adjusted,
            caller: ADMIN,
        },
        Target {
            function: "adjust_points",
            valid: adjust.clone(),
            param: "p_amount",
            bad: vec![
                Value::Null,
                json!(0),
                json!(100_001),
                json!(-100_001),
                // user1 holds one point: taking a thousand is refused.
                json!(-1000),
                json!(2_147_483_648_i64),
                json!(1.5),
                json!("abc"),
                json!("5; DROP TABLE app_data.points_ledger"),
                json!(true),
                json!([5]),
                json!({}),
            ],
            caller: ADMIN,
        },
        Target {
            function: "adjust_points",
            valid: adjust,
            param: "p_reason",
            bad: reasons,
            caller: ADMIN,
        },
        Target {
            function: "my_points",
            valid: json!({"p_limit": 10}),
            param: "p_cursor",
            bad: vec![
                json!(-1),
                json!(0),
                json!(1.5),
                json!("abc"),
                json!(true),
                json!([]),
                json!({}),
            ],
            caller: MEMBER,
        },
        Target {
            function: "my_points",
            valid: json!({"p_limit": 10}),
            param: "p_limit",
            bad: vec![
                Value::Null,
                json!(0),
                json!(-1),
                json!(201),
                json!(2_147_483_648_i64),
                json!(1.5),
                json!("abc"),
                json!("10; DROP TABLE app_data.points_ledger"),
                json!([10]),
            ],
            caller: MEMBER,
        },
        // Another member's statement is the admin's business; the admin
        // meets the id checks.
        Target {
            function: "my_points",
            valid: json!({"p_limit": 10}),
            param: "p_user_id",
            bad: vec![json!(2), json!(4), json!(-1)],
            caller: MEMBER,
        },
        Target {
            function: "my_points",
            valid: json!({"p_limit": 10, "p_user_id": 1}),
            param: "p_user_id",
            bad: vec![
                json!(-1),
                json!(0),
                json!(999_999_999),
                json!("abc"),
                json!(1.5),
                json!([]),
            ],
            caller: ADMIN,
        },
        Target {
            function: "leaderboard",
            valid: json!({"p_period": "week"}),
            param: "p_period",
            bad: [
                plus(
                    bad_required_text(),
                    [
                        json!("year"),
                        json!("WEEK"),
                        json!(" week"),
                        json!("week; DROP TABLE app_data.points_ledger"),
                        json!(7),
                        json!(["week"]),
                    ],
                ),
                invisible_in("month"),
            ]
            .concat(),
            caller: MEMBER,
        },
        Target {
            function: "export_points",
            valid: json!({"p_format": "csv"}),
            param: "p_format",
            bad: plus(
                bad_required_text(),
                [
                    json!("CSV"),
                    json!("xlsx"),
                    json!("csv\r\n"),
                    json!(["csv"]),
                ],
            ),
            caller: MEMBER,
        },
        Target {
            function: "create_reward",
            valid: create.clone(),
            param: "p_reward_name",
            bad: reward_names.clone(),
            caller: ADMIN,
        },
        Target {
            function: "create_reward",
            valid: create.clone(),
            param: "p_description",
            bad: descriptions.clone(),
            caller: ADMIN,
        },
        Target {
            function: "create_reward",
            valid: create.clone(),
            param: "p_cost",
            bad: costs.clone(),
            caller: ADMIN,
        },
        Target {
            function: "create_reward",
            valid: create,
            param: "p_stock",
            bad: stocks.clone(),
            caller: ADMIN,
        },
        Target {
            function: "update_reward",
            valid: update.clone(),
            param: "p_reward_id",
            bad: plus(bad_ids(), [json!(f.archived)]),
            caller: ADMIN,
        },
        Target {
            function: "update_reward",
            valid: update.clone(),
            param: "p_reward_name",
            bad: reward_names,
            caller: ADMIN,
        },
        Target {
            function: "update_reward",
            valid: update.clone(),
            param: "p_description",
            bad: descriptions,
            caller: ADMIN,
        },
        Target {
            function: "update_reward",
            valid: update.clone(),
            param: "p_cost",
            bad: costs,
            caller: ADMIN,
        },
        Target {
            function: "update_reward",
            valid: update,
            param: "p_stock",
            bad: stocks,
            caller: ADMIN,
        },
        reward_target("archive_reward", ADMIN, vec![]),
        // Archived, or more than user1 has.
        reward_target(
            "redeem_reward",
            MEMBER,
            vec![json!(f.archived), json!(f.pricey)],
        ),
        redemption_target("cancel_redemption", MEMBER),
        redemption_target("approve_redemption", ADMIN),
        redemption_target("decline_redemption", ADMIN),
    ]
}

pub(super) fn bad_filters() -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("rewards", "cost=eq.abc", MEMBER),
        ("rewards", "nosuch=eq.1", MEMBER),
        ("rewards", "order=cost.sideways", ADMIN),
        ("redemptions", "redemption_id=in.(1,x)", MEMBER),
        ("redemptions", "status=eq.x&or=(", ADMIN),
        ("point_balances", "balance=gt.1e400", MEMBER),
        ("point_balances", "select=password_hash", ADMIN),
    ]
}
