//! The reward store: admins define rewards, members ask, admins approve
//! (spending the points and the stock) or decline, members cancel.
use crate::*;
use serde_json::{json, Value};

fn reward(cost: i64, stock: Option<i64>) -> i64 {
    expect(
        &admin(),
        "create_reward",
        json!({"p_reward_name": unique("Reward "), "p_description": "a treat",
               "p_cost": cost, "p_stock": stock}),
        201,
    )["reward_id"]
        .as_i64()
        .unwrap()
}

fn redeem(m: &Member, reward_id: i64) -> i64 {
    expect(
        &m.api,
        "redeem_reward",
        json!({"p_reward_id": reward_id}),
        201,
    )["redemption_id"]
        .as_i64()
        .unwrap()
}

fn status_of(redemption_id: i64) -> String {
    sql(&format!(
        "SELECT status FROM app_data.redemptions WHERE redemption_id = {redemption_id}"
    ))
}

fn stock_of(reward_id: i64) -> String {
    sql(&format!(
        "SELECT coalesce(stock::text, 'unlimited') FROM app_data.rewards WHERE reward_id = {reward_id}"
    ))
}

#[test]
fn a_redemption_is_asked_for_then_approved_declined_or_cancelled() {
    let _s = stack();
    let m = member("pts_shopper");
    let admin = admin();
    give(m.id, 12);
    let treat = reward(5, Some(2));
    let first = redeem(&m, treat);
    let statement = m.api.get("/rpc/my_points").unwrap().json();
    assert_eq!(
        (
            &statement["balance"],
            &statement["pending"],
            &statement["available"]
        ),
        (&json!(12), &json!(5), &json!(7)),
        "asking spends nothing yet, but sets it aside"
    );
    let second = redeem(&m, treat);
    // 2 left after the two pending requests: a third is refused.
    let reply = rpc(&m.api, "redeem_reward", json!({"p_reward_id": treat}));
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(reply.json()["details"], json!("2 available, 5 needed"));

    expect(
        &m.api,
        "cancel_redemption",
        json!({"p_redemption_id": second}),
        200,
    );
    expect(
        &m.api,
        "cancel_redemption",
        json!({"p_redemption_id": second}),
        409,
    );
    assert_eq!(status_of(second), "cancelled");

    let approved = expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": first}),
        200,
    );
    assert_eq!(approved["status"], json!("approved"));
    assert_eq!(approved["decided_by_username"], json!("admin"));
    expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": first}),
        409,
    );
    expect(
        &admin,
        "decline_redemption",
        json!({"p_redemption_id": first}),
        409,
    );
    expect(
        &m.api,
        "cancel_redemption",
        json!({"p_redemption_id": first}),
        409,
    );
    assert_eq!(balance(&m.api), 7);
    assert_eq!(stock_of(treat), "1");
    let spend = m.api.get("/rpc/my_points?p_limit=1").unwrap().json()["items"][0].clone();
    assert_eq!(spend["kind"], json!("redemption"));
    assert_eq!(spend["amount"], json!(-5));
    assert_eq!(spend["redemption_id"], json!(first));
    assert!(spend["reward_name"]
        .as_str()
        .unwrap()
        .starts_with("Reward "));

    let third = redeem(&m, treat);
    let declined = expect(
        &admin,
        "decline_redemption",
        json!({"p_redemption_id": third}),
        200,
    );
    assert_eq!(declined["status"], json!("declined"));
    assert_eq!(balance(&m.api), 7, "declining spends nothing");
    assert_eq!(stock_of(treat), "1", "... and takes no stock");

    // The member sees their own requests; another member sees none of them.
    let own: Value = m
        .api
        .get("/redemptions?order=redemption_id")
        .unwrap()
        .json();
    assert_eq!(own.as_array().unwrap().len(), 3);
    let other = member("pts_window");
    let theirs = other
        .api
        .get(&format!("/redemptions?user_id=eq.{}", m.id))
        .unwrap()
        .json();
    assert_eq!(theirs, json!([]));
    expect(
        &other.api,
        "cancel_redemption",
        json!({"p_redemption_id": third}),
        404,
    );
    assert_books_balance();
}

#[test]
fn stock_runs_out_and_never_goes_below_zero() {
    let _s = stack();
    let (a, b) = (member("pts_stock_a"), member("pts_stock_b"));
    let admin = admin();
    give(a.id, 10);
    give(b.id, 10);
    let last_one = reward(4, Some(1));
    let (ra, rb) = (redeem(&a, last_one), redeem(&b, last_one));
    expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": ra}),
        200,
    );
    assert_eq!(stock_of(last_one), "0");
    let reply = rpc(&admin, "approve_redemption", json!({"p_redemption_id": rb}));
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(
        reply.json()["message"],
        json!("This reward is out of stock")
    );
    assert_eq!(
        status_of(rb),
        "pending",
        "a refused approval changes nothing"
    );
    assert_eq!(balance(&b.api), 10);
    let reply = rpc(&b.api, "redeem_reward", json!({"p_reward_id": last_one}));
    assert_eq!(reply.status, 409, "{}", reply.text());
    // Restocking lets the waiting request through.
    let name = sql(&format!(
        "SELECT name FROM app_data.rewards WHERE reward_id = {last_one}"
    ));
    expect(
        &admin,
        "update_reward",
        json!({"p_reward_id": last_one, "p_reward_name": name, "p_cost": 4, "p_stock": 1}),
        200,
    );
    expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": rb}),
        200,
    );
    assert_eq!(stock_of(last_one), "0");
    assert_eq!(balance(&b.api), 6);

    // Unlimited stock stays unlimited.
    let unlimited = reward(1, None);
    let r = redeem(&a, unlimited);
    expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": r}),
        200,
    );
    assert_eq!(stock_of(unlimited), "unlimited");
}

#[test]
fn approval_spends_only_what_the_balance_still_holds() {
    // Compares fingerprints: nobody else may write meanwhile.
    let _s = stack_alone();
    let m = member("pts_broke");
    let admin = admin();
    give(m.id, 10);
    let pricey = reward(8, None);
    let asked = redeem(&m, pricey);
    // Points taken away after asking: the approval is refused, whole.
    expect(
        &admin,
        "adjust_points",
        json!({"p_user_id": m.id, "p_amount": -5, "p_reason": "fine"}),
        201,
    );
    let before = tests::Stack::shared().data_fingerprint().unwrap();
    let reply = rpc(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": asked}),
    );
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(
        reply.json()["message"],
        json!("Not enough points for this reward")
    );
    assert_eq!(tests::Stack::shared().data_fingerprint().unwrap(), before);
    assert_eq!(status_of(asked), "pending");
    expect(
        &admin,
        "decline_redemption",
        json!({"p_redemption_id": asked}),
        200,
    );
    assert_eq!(balance(&m.api), 5);
}

#[test]
fn nobody_decides_their_own_request() {
    let _s = stack();
    let admin_member = new_admin("pts_selfish");
    give(admin_member.id, 10);
    let treat = reward(3, None);
    let asked = redeem(&admin_member, treat);
    for function in ["approve_redemption", "decline_redemption"] {
        let reply = rpc(
            &admin_member.api,
            function,
            json!({"p_redemption_id": asked}),
        );
        assert_eq!(reply.status, 403, "{function}: {}", reply.text());
    }
    // A member cannot decide at all, not even someone else's.
    let m = member("pts_clerk");
    for function in ["approve_redemption", "decline_redemption"] {
        let reply = rpc(&m.api, function, json!({"p_redemption_id": asked}));
        assert_eq!(reply.status, 403, "{function}: {}", reply.text());
    }
    assert_eq!(status_of(asked), "pending");
    // Another admin does.
    expect(
        &admin(),
        "approve_redemption",
        json!({"p_redemption_id": asked}),
        200,
    );
    assert_eq!(balance(&admin_member.api), 7);
}

#[test]
fn rewards_are_defined_changed_and_archived_by_admins() {
    let _s = stack();
    let admin = admin();
    let name = unique("Cinema night ");
    let created = expect(
        &admin,
        "create_reward",
        json!({"p_reward_name": format!("  {name} "), "p_description": "Two tickets\nand popcorn", "p_cost": 40}),
        201,
    );
    assert_eq!(created["name"], json!(name));
    assert_eq!(created["stock"], Value::Null);
    let id = created["reward_id"].as_i64().unwrap();
    let reply = rpc(
        &admin,
        "create_reward",
        json!({"p_reward_name": name.to_uppercase(), "p_cost": 1}),
    );
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(reply.json()["details"], json!("p_reward_name"));
    let changed = expect(
        &admin,
        "update_reward",
        json!({"p_reward_id": id, "p_reward_name": name, "p_cost": 35, "p_stock": 3}),
        200,
    );
    assert_eq!(
        (&changed["cost"], &changed["stock"], &changed["description"]),
        (&json!(35), &json!(3), &json!(""))
    );
    let m = member("pts_browser");
    let listed = m
        .api
        .get(&format!("/rewards?reward_id=eq.{id}"))
        .unwrap()
        .json();
    assert_eq!(listed[0]["cost"], json!(35));
    give(m.id, 40);
    let pending = redeem(&m, id);
    let archived = expect(&admin, "archive_reward", json!({"p_reward_id": id}), 200);
    assert_eq!(archived["is_archived"], json!(true));
    let reply = rpc(&m.api, "redeem_reward", json!({"p_reward_id": id}));
    assert_eq!(reply.status, 409, "{}", reply.text());
    expect(
        &admin,
        "update_reward",
        json!({"p_reward_id": id, "p_reward_name": name, "p_cost": 1}),
        409,
    );
    // A request made before the archiving can still be decided.
    expect(
        &admin,
        "approve_redemption",
        json!({"p_redemption_id": pending}),
        200,
    );
    assert_eq!(balance(&m.api), 5);
    // Members cannot touch the catalogue.
    for (function, args) in [
        (
            "create_reward",
            json!({"p_reward_name": unique("Mine "), "p_cost": 1}),
        ),
        (
            "update_reward",
            json!({"p_reward_id": id, "p_reward_name": "x", "p_cost": 1}),
        ),
        ("archive_reward", json!({"p_reward_id": id})),
    ] {
        let reply = rpc(&m.api, function, args);
        assert_eq!(reply.status, 403, "{function}: {}", reply.text());
    }
}
