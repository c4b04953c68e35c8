//! Who may call what: every points and store endpoint refused to the wrong
//! caller (with nothing written), and every write refused as a GET.
use crate::*;
use serde_json::{json, Value};

#[test]
fn every_endpoint_refuses_the_wrong_caller_and_writes_nothing() {
    // Compares fingerprints: nobody else may write meanwhile.
    let (stack, _alone) = stack_alone();
    let m = member("pts_role");
    let other = member("pts_role_other");
    let admin = admin();
    let anon = stack.api();
    let publisher = anon.with_token(&stack.publisher_token().unwrap());
    give(m.id, 20);
    let (task, _) = chore(m.id, 1, 0, false);
    let reward = expect(
        &admin,
        "create_reward",
        json!({"p_reward_name": unique("Role reward "), "p_cost": 2}),
        201,
    )["reward_id"]
        .as_i64()
        .unwrap();
    let asked = expect(&m.api, "redeem_reward", json!({"p_reward_id": reward}), 201)
        ["redemption_id"]
        .as_i64()
        .unwrap();

    // (function, arguments, expected for [anonymous, member, other member,
    // publisher]); each call would succeed for the right caller.
    let calls: Vec<(&str, Value, [u16; 4])> = vec![
        (
            "set_chore_points",
            json!({"p_task_id": task, "p_points": 9}),
            [401, 403, 403, 403],
        ),
        (
            "adjust_points",
            json!({"p_user_id": other.id, "p_amount": 5, "p_reason": "role test"}),
            [401, 403, 403, 403],
        ),
        (
            "create_reward",
            json!({"p_reward_name": unique("Role new "), "p_cost": 1}),
            [401, 403, 403, 403],
        ),
        (
            "update_reward",
            json!({"p_reward_id": reward, "p_reward_name": "Role renamed", "p_cost": 1}),
            [401, 403, 403, 403],
        ),
        (
            "archive_reward",
            json!({"p_reward_id": reward}),
            [401, 403, 403, 403],
        ),
        (
            "approve_redemption",
            json!({"p_redemption_id": asked}),
            [401, 403, 403, 403],
        ),
        (
            "decline_redemption",
            json!({"p_redemption_id": asked}),
            [401, 403, 403, 403],
        ),
        // Someone else's request is not even visible to another member.
        (
            "cancel_redemption",
            json!({"p_redemption_id": asked}),
            [401, 200, 404, 403],
        ),
        (
            "redeem_reward",
            json!({"p_reward_id": reward}),
            [401, 201, 409, 403],
        ),
        (
            "my_points",
            json!({"p_user_id": m.id}),
            [401, 200, 403, 403],
        ),
        (
            "leaderboard",
            json!({"p_period": "week"}),
            [401, 200, 200, 403],
        ),
    ];
    let callers = [&anon, &m.api, &other.api, &publisher];
    let names = ["anonymous", "member", "other member", "publisher"];
    for (function, args, expected) in &calls {
        for (who, api) in callers.iter().enumerate() {
            if expected[who] < 400 {
                continue;
            }
            let before = stack.data_fingerprint().unwrap();
            let reply = rpc(api, function, args.clone());
            assert_eq!(
                reply.status,
                expected[who],
                "{function} as {}: {}",
                names[who],
                reply.text()
            );
            assert!(reply.is_json_error(), "{function}: {}", reply.text());
            assert_eq!(
                stack.data_fingerprint().unwrap(),
                before,
                "{function} as {} was refused, yet data changed",
                names[who]
            );
        }
    }
    // The allowed cells really are allowed (the refusals above are about
    // the caller, not the arguments).
    for (function, args, expected) in &calls {
        let reply = rpc(&m.api, function, args.clone());
        assert_eq!(reply.status, expected[1], "{function}: {}", reply.text());
    }

    // A GET never writes: every write function answers 405 to its caller.
    for (function, query) in [
        ("set_chore_points", format!("p_task_id={task}&p_points=3")),
        (
            "adjust_points",
            format!("p_user_id={}&p_amount=5&p_reason=x", other.id),
        ),
        ("create_reward", "p_reward_name=Get&p_cost=1".to_string()),
        (
            "update_reward",
            format!("p_reward_id={reward}&p_reward_name=Get&p_cost=1"),
        ),
        ("archive_reward", format!("p_reward_id={reward}")),
        ("approve_redemption", format!("p_redemption_id={asked}")),
        ("decline_redemption", format!("p_redemption_id={asked}")),
    ] {
        let reply = admin.get(&format!("/rpc/{function}?{query}")).unwrap();
        assert_eq!(reply.status, 405, "GET {function}: {}", reply.text());
    }
    for (function, query) in [
        ("redeem_reward", format!("p_reward_id={reward}")),
        ("cancel_redemption", format!("p_redemption_id={asked}")),
    ] {
        let reply = m.api.get(&format!("/rpc/{function}?{query}")).unwrap();
        assert_eq!(reply.status, 405, "GET {function}: {}", reply.text());
    }
    // The views are read-only, whoever asks.
    for (view, filter) in [
        ("rewards", format!("reward_id=eq.{reward}")),
        ("redemptions", format!("redemption_id=eq.{asked}")),
        ("point_balances", format!("user_id=eq.{}", m.id)),
    ] {
        let reply = admin
            .raw(
                reqwest::Method::DELETE,
                &format!("/{view}?{filter}"),
                &[],
                None,
            )
            .unwrap();
        assert!(
            [403, 405].contains(&reply.status),
            "DELETE /{view}: {}",
            reply.text()
        );
    }
    assert_books_balance();
}
