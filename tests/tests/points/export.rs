//! The ledger as a file: a member downloads their own entries, an admin
//! everyone's; CSV cells a spreadsheet would run stay text.
use crate::*;
use serde_json::{json, Value};

#[test]
fn the_ledger_exports_as_csv_and_json_to_whoever_may_read_it() {
    // Counts every entry: nobody else may write meanwhile.
    let _s = stack_alone();
    let (m, other) = (member("pts_export"), member("pts_export_other"));
    let admin = admin();
    expect(
        &admin,
        "adjust_points",
        json!({"p_user_id": m.id, "p_amount": 9, "p_reason": "=HYPERLINK(\"http://x\"), \"quoted\""}),
        201,
    );
    give(other.id, 4);
    let (_, occ) = chore(m.id, 6, 0, false);
    act(&m.api, "complete_assignment", occ, 200);

    let reply = m.api.get("/rpc/export_points?p_format=csv").unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8; header=present")
    );
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"cleaning-points-")
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    assert_eq!(
        reply.header("cache-control").as_deref(),
        Some("private, no-store")
    );
    let csv = reply.text();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "entry_id,user_id,member,amount,kind,reason,assignment_id,task_id,chore,redemption_id,reward,created_by,created_at"
    );
    assert_eq!(lines.len(), 3, "the member's two entries only: {csv}");
    assert!(
        lines[1].contains(",9,adjustment,\"'=HYPERLINK(\"\"http://x\"\"), \"\"quoted\"\"\","),
        "a formula stays text, quotes doubled: {}",
        lines[1]
    );
    assert!(lines[2].contains(",6,earned,done,"), "{}", lines[2]);
    assert!(
        !csv.contains(&other.name),
        "another member's entries leaked"
    );

    let reply = admin.get("/rpc/export_points?p_format=json").unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json; charset=utf-8")
    );
    let entries: Vec<Value> = serde_json::from_slice(&reply.body).unwrap();
    let theirs = |name: &str| {
        entries
            .iter()
            .filter(|e| e["member"] == json!(name))
            .count()
    };
    assert_eq!((theirs(&m.name), theirs(&other.name)), (2, 1));
    assert_eq!(
        entries.len() as i64,
        sql_i64("SELECT count(*) FROM app_data.points_ledger"),
        "an admin exports every entry"
    );
    let earned = entries
        .iter()
        .find(|e| e["member"] == json!(m.name) && e["kind"] == json!("earned"))
        .unwrap();
    assert_eq!(earned["assignment_id"], json!(occ));
    assert!(earned["chore"]
        .as_str()
        .unwrap()
        .starts_with("Points chore "));

    let reply = m.api.get("/rpc/export_points?p_format=xlsx").unwrap();
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.json()["details"], json!("p_format"));

    // The household's export carries the same ledger as its points part,
    // read under the same policies (a member's own entries only).
    for (caller, format) in [(&m.api, "csv"), (&admin, "json")] {
        let own = caller
            .get(&format!("/rpc/export_points?p_format={format}"))
            .unwrap();
        let part = caller
            .get(&format!(
                "/rpc/export_history?p_format={format}&p_part=points"
            ))
            .unwrap();
        assert_eq!(part.status, 200, "{}", part.text());
        assert_eq!(part.body, own.body, "{format}: the same ledger");
        assert_eq!(
            part.header("content-type"),
            own.header("content-type"),
            "{format}"
        );
    }
    let reply = m
        .api
        .get("/rpc/export_history?p_format=csv&p_part=ledger")
        .unwrap();
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.json()["details"], json!("p_part"));
}
