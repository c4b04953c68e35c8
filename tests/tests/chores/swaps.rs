//! Swapping a turn: the assignee offers, the addressee accepts or declines,
//! the offerer may cancel; nobody else decides.
use super::*;

fn decide(who: &Member, function: &str, offer: i64) -> Reply {
    rpc(&who.api, function, json!({"p_offer_id": offer}))
}

fn offer_status(offer: i64) -> String {
    value(&format!(
        "SELECT status FROM app_data.swap_offers WHERE offer_id = {offer}"
    ))
}

#[test]
fn a_swap_is_offered_then_accepted_declined_or_cancelled_by_the_right_member() {
    let _zone = berlin();
    let m = members(3);
    let (a, b, c) = (&m[0], &m[1], &m[2]);
    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                            "p_assignee_mode": "rotation", "p_pool": ids(&m), "p_rotation_strategy": "round_robin"}),
    );
    let (turn, owner) = the_open_turn(task);
    assert_eq!(owner, a.id);

    // Only the assignee offers, to someone else, once at a time.
    expect(offer(b, turn, c.id), 403);
    let to_self = expect(offer(a, turn, a.id), 400);
    assert_eq!(to_self.json()["details"], json!("p_to_user_id"));
    let to_nobody = expect(offer(a, turn, 0), 400);
    assert_eq!(to_nobody.json()["details"], json!("p_to_user_id"));
    let made = expect(offer(a, turn, b.id), 201).json();
    assert_eq!(
        (made["status"].as_str(), made["to_user_id"].as_i64()),
        (Some("pending"), Some(b.id))
    );
    let first = made["offer_id"].as_i64().unwrap();
    expect(offer(a, turn, c.id), 409);
    // Everyone in the household sees it.
    let listed = c
        .api
        .get(&format!("/swap_offers?offer_id=eq.{first}"))
        .unwrap()
        .json();
    assert_eq!(listed[0]["from_user_id"], json!(a.id));
    assert!(listed[0]["task_name"].as_str().is_some(), "{listed}");

    // Nobody but the addressee answers; nobody but the offerer cancels.
    for (who, function) in [
        (c, "accept_swap"),
        (a, "accept_swap"),
        (c, "decline_swap"),
        (b, "cancel_swap"),
        (c, "cancel_swap"),
    ] {
        let reply = expect(decide(who, function, first), 403);
        assert!(reply.is_json_error());
    }
    expect(
        rpc(&admin(), "accept_swap", json!({"p_offer_id": first})),
        403,
    );
    assert_eq!(offer_status(first), "pending");
    assert_eq!(column(turn, "user_id"), a.id.to_string());

    // Declined: it stays a's; a offers again, then cancels.
    expect(decide(b, "decline_swap", first), 200);
    assert_eq!(offer_status(first), "declined");
    expect(decide(b, "accept_swap", first), 409);
    assert_eq!(column(turn, "user_id"), a.id.to_string());
    let second = expect(offer(a, turn, c.id), 201).json()["offer_id"]
        .as_i64()
        .unwrap();
    let cancelled = expect(decide(a, "cancel_swap", second), 200).json();
    assert_eq!(cancelled["status"], json!("cancelled"));
    assert!(!cancelled["decided_at"].is_null());
    expect(decide(c, "accept_swap", second), 409);

    // Accepted: the occurrence is b's, and b acts on it.
    let third = expect(offer(a, turn, b.id), 201).json()["offer_id"]
        .as_i64()
        .unwrap();
    let accepted = expect(decide(b, "accept_swap", third), 200).json();
    assert_eq!(accepted["status"], json!("accepted"));
    assert_eq!(column(turn, "user_id"), b.id.to_string());
    act(&a.api, "complete_assignment", turn, 403);
    act(&b.api, "complete_assignment", turn, 200);
    // The rotation goes on after whoever did it.
    assert_eq!(the_open_turn(task).1, c.id);
    // A closed occurrence is offered no more.
    expect(offer(b, turn, a.id), 409);
}

#[test]
fn an_offer_for_an_occurrence_no_longer_open_or_no_longer_theirs_cannot_be_accepted() {
    let _zone = berlin();
    let m = members(3);
    let (a, b, c) = (&m[0], &m[1], &m[2]);
    let task = chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                            "p_assignee_mode": "fixed", "p_user_id": a.id, "p_requires_approval": false}),
    );
    let (turn, _) = the_open_turn(task);
    let pending = expect(offer(a, turn, b.id), 201).json()["offer_id"]
        .as_i64()
        .unwrap();
    act(&a.api, "complete_assignment", turn, 200);
    expect(decide(b, "accept_swap", pending), 409);
    assert_eq!(
        offer_status(pending),
        "pending",
        "a refused accept changes nothing"
    );
    assert_eq!(column(turn, "user_id"), a.id.to_string());

    // Reassigned by an admin meanwhile: the offer is cancelled.
    let (next, _) = the_open_turn(task);
    let pending = expect(offer(a, next, b.id), 201).json()["offer_id"]
        .as_i64()
        .unwrap();
    expect(
        rpc(
            &admin(),
            "reassign_assignment",
            json!({"p_assignment_id": next, "p_user_id": c.id}),
        ),
        200,
    );
    assert_eq!(offer_status(pending), "cancelled");
    expect(decide(b, "accept_swap", pending), 409);
    assert_eq!(column(next, "user_id"), c.id.to_string());
}
