//! The leaderboard: points earned (earned minus taken back) per member in
//! the household's week (from Monday 00:00), month or ever.
use crate::*;
use serde_json::{json, Value};

fn board(api: &Api, period: &str) -> Value {
    let reply = api
        .get(&format!("/rpc/leaderboard?p_period={period}"))
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

/// (rank, points) of one member on a board.
fn place(board: &Value, user_id: i64) -> (i64, i64) {
    let row = board["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == json!(user_id))
        .unwrap_or_else(|| panic!("{user_id} is not on {board}"));
    (
        row["rank"].as_i64().unwrap(),
        row["points"].as_i64().unwrap(),
    )
}

/// An 'earned' row at a given instant, as if an occurrence had been
/// credited then (the ledger takes inserts from its owner; what matters
/// here is the time).
fn earned_at(user_id: i64, points: i64, at: &str) {
    sql(&format!(
        "INSERT INTO app_data.points_ledger (user_id, amount, kind, reason, assignment_id, created_at) \
         VALUES ({user_id}, {points}, 'earned', 'board test', 0, {at})"
    ));
}

#[test]
fn members_rank_by_points_earned_in_the_period() {
    let _s = stack();
    let (top, second, tied) = (member("pts_top"), member("pts_second"), member("pts_tied"));
    let (_, occ) = chore(top.id, 30, 0, false);
    act(&top.api, "complete_assignment", occ, 200);
    let (task, occ) = chore(second.id, 20, 0, false);
    act(&second.api, "complete_assignment", occ, 200);
    let (_, occ) = chore(tied.id, 20, 0, false);
    act(&tied.api, "complete_assignment", occ, 200);
    // Adjustments and rewards are not "earned": they move no one up or down.
    give(tied.id, 500);
    let next = open_occurrence(task);
    act(&second.api, "complete_assignment", next, 200);
    act(&second.api, "undo_assignment", next, 200);

    let active = "SELECT count(*) FROM app_data.users WHERE removed_at IS NULL";
    let members_before = sql_i64(active);
    let week = board(&second.api, "week");
    let members_after = sql_i64(active);
    assert_eq!(week["period"], json!("week"));
    let (top_rank, top_points) = place(&week, top.id);
    let (second_rank, second_points) = place(&week, second.id);
    let (tied_rank, tied_points) = place(&week, tied.id);
    assert_eq!((top_points, second_points, tied_points), (30, 20, 20));
    assert!(top_rank < second_rank);
    assert_eq!(second_rank, tied_rank, "ties share a rank");
    // Ranked best first; every active member is listed (zero included).
    let points: Vec<i64> = week["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["points"].as_i64().unwrap())
        .collect();
    assert!(points.windows(2).all(|w| w[0] >= w[1]), "{points:?}");
    // (Other tests register members meanwhile.)
    let listed = week["members"].as_array().unwrap().len() as i64;
    assert!(
        (members_before..=members_after).contains(&listed),
        "{listed} listed, {members_before}..{members_after} active"
    );
    for period in ["month", "all"] {
        let b = board(&top.api, period);
        assert_eq!(place(&b, tied.id).1, 20, "{period}");
    }
    // Only sums: a member still reads no one else's ledger rows.
    let rows = second.api.get("/point_balances").unwrap().json();
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["user_id"] == json!(second.id)));
}

#[test]
fn periods_start_on_the_households_wall_clock() {
    // Changes the household's zone: runs alone.
    let _s = stack_alone();
    let admin = admin();
    expect(
        &admin,
        "update_household",
        json!({"p_time_zone": "Pacific/Auckland"}),
        200,
    );
    let m = member("pts_clock");
    let week_start = "(date_trunc('week', now() AT TIME ZONE 'Pacific/Auckland') AT TIME ZONE 'Pacific/Auckland')";
    let month_start = "(date_trunc('month', now() AT TIME ZONE 'Pacific/Auckland') AT TIME ZONE 'Pacific/Auckland')";
    earned_at(m.id, 1, &format!("{week_start} - interval '1 second'"));
    earned_at(m.id, 10, &format!("{week_start} + interval '1 second'"));
    earned_at(m.id, 100, &format!("{month_start} - interval '1 second'"));
    earned_at(m.id, 1000, "now() - interval '400 days'");
    let week = board(&m.api, "week");
    let month = board(&m.api, "month");
    let all = board(&m.api, "all");
    expect(
        &admin,
        "update_household",
        json!({"p_time_zone": "UTC"}),
        200,
    );

    assert_eq!(week["time_zone"], json!("Pacific/Auckland"));
    let expected_since = sql(&format!(
        "SELECT to_char({week_start} AT TIME ZONE 'Pacific/Auckland', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    ));
    let since = week["since"].as_str().unwrap();
    assert!(
        since.starts_with(&format!("{expected_since}+1")),
        "{since} vs {expected_since}"
    );
    assert!(
        since.contains("T00:00:00+"),
        "a week starts at midnight: {since}"
    );
    assert_eq!(
        sql(&format!(
            "SELECT extract(isodow FROM {week_start} AT TIME ZONE 'Pacific/Auckland')"
        )),
        "1",
        "on a Monday"
    );
    assert_eq!(all["since"], Value::Null);
    // The row a second before Monday is last week's. Whether this week's
    // rows are this month's depends on where the month began.
    assert_eq!(place(&week, m.id).1, 10);
    let order = sql(&format!(
        "SELECT sign(extract(epoch FROM {week_start} - {month_start}))::int"
    ));
    let expected_month = match order.as_str() {
        "1" => 11, // the month began before this week
        "0" => 10, // both began at the same midnight
        _ => 0,    // this week began last month
    };
    assert_eq!(place(&month, m.id).1, expected_month);
    assert_eq!(place(&all, m.id).1, 1111);

    let reply = m.api.get("/rpc/leaderboard?p_period=year").unwrap();
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.json()["details"], json!("p_period"));
    let default = m.api.get("/rpc/leaderboard").unwrap().json();
    assert_eq!(default["period"], json!("week"));
    assert_books_balance();
}
