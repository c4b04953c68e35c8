//! Admins' adjustments and a member's statement, page by page.
use crate::*;
use serde_json::json;

#[test]
fn admins_adjust_others_with_a_reason_and_never_below_zero() {
    // Compares fingerprints: nobody else may write meanwhile.
    let _s = stack_alone();
    let m = member("pts_adjust");
    let other_admin = new_admin("pts_admin");
    let admin = admin();
    let body = expect(
        &admin,
        "adjust_points",
        json!({"p_user_id": m.id, "p_amount": 15, "p_reason": "  Tidied the garage  "}),
        201,
    );
    assert_eq!(body["balance"], json!(15));
    assert_eq!(body["reason"], json!("Tidied the garage"));
    expect(
        &admin,
        "adjust_points",
        json!({"p_user_id": m.id, "p_amount": -5, "p_reason": "Broke a plate"}),
        201,
    );
    assert_eq!(balance(&m.api), 10);
    let before = Stack::shared().data_fingerprint().unwrap();
    for (who, args, status) in [
        (
            &admin,
            json!({"p_user_id": m.id, "p_amount": -11, "p_reason": "too much"}),
            409,
        ),
        (
            &admin,
            json!({"p_user_id": m.id, "p_amount": 0, "p_reason": "nothing"}),
            400,
        ),
        (
            &admin,
            json!({"p_user_id": m.id, "p_amount": 5, "p_reason": " "}),
            400,
        ),
        (&admin, json!({"p_user_id": m.id, "p_amount": 5}), 400),
        (
            &admin,
            json!({"p_user_id": 4, "p_amount": 5, "p_reason": "me"}),
            403,
        ),
        (
            &m.api,
            json!({"p_user_id": m.id, "p_amount": 5, "p_reason": "me"}),
            403,
        ),
        (
            &other_admin.api,
            json!({"p_user_id": other_admin.id, "p_amount": 5, "p_reason": "me"}),
            403,
        ),
    ] {
        let reply = rpc(who, "adjust_points", args.clone());
        assert_eq!(reply.status, status, "{args}: {}", reply.text());
    }
    assert_eq!(Stack::shared().data_fingerprint().unwrap(), before);
    // Admins adjust each other.
    expect(
        &other_admin.api,
        "adjust_points",
        json!({"p_user_id": 4, "p_amount": 1, "p_reason": "for the admin"}),
        201,
    );
    let statement = admin
        .get(&format!("/rpc/my_points?p_user_id={}", m.id))
        .unwrap()
        .json();
    assert_eq!(statement["balance"], json!(10));
    assert_eq!(statement["items"][0]["kind"], json!("adjustment"));
    assert_eq!(statement["items"][0]["reason"], json!("Broke a plate"));
    assert_eq!(statement["items"][0]["created_by_username"], json!("admin"));
    assert_books_balance();
}

#[test]
fn a_statement_pages_newest_first_without_gaps_or_repeats() {
    let _s = stack();
    let m = member("pts_pages");
    for amount in 1..=7 {
        give(m.id, amount);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<i64> = None;
    let mut pages = 0;
    loop {
        let path = match cursor {
            Some(c) => format!("/rpc/my_points?p_limit=3&p_cursor={c}"),
            None => "/rpc/my_points?p_limit=3".to_string(),
        };
        let page = m.api.get(&path).unwrap().json();
        pages += 1;
        assert_eq!(page["balance"], json!(28));
        for item in page["items"].as_array().unwrap() {
            seen.push((
                item["entry_id"].as_i64().unwrap(),
                item["amount"].as_i64().unwrap(),
            ));
        }
        match page["next_cursor"].as_i64() {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let amounts: Vec<i64> = seen.iter().map(|(_, a)| *a).collect();
    assert_eq!(amounts, [7, 6, 5, 4, 3, 2, 1], "newest first, each once");
    assert!(seen.windows(2).all(|w| w[0].0 > w[1].0));
    // Another member's statement is the admin's business only.
    let other = member("pts_nosy");
    let reply = other
        .api
        .get(&format!("/rpc/my_points?p_user_id={}", m.id))
        .unwrap();
    assert_eq!(reply.status, 403, "{}", reply.text());
    let own = other
        .api
        .get(&format!("/rpc/my_points?p_user_id={}", other.id))
        .unwrap();
    assert_eq!(own.status, 200, "{}", own.text());
    assert_eq!(own.json()["items"], json!([]));
}
