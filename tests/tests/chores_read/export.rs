//! GET /rpc/export_history: every occurrence as a CSV or JSON download.
use crate::formats::parse_csv;
use crate::*;
use std::time::Instant;

/// A closed occurrence whose cells a spreadsheet would run as formulas,
/// with every character CSV must quote; returns (assignment id, chore
/// name, member name, note).
fn awkward_occurrence(stack: &Stack) -> (i64, String, String, String) {
    let (member, _) = new_member(stack);
    // Renaming the member also re-renders their cards.
    let username = sql(
        stack,
        &format!("UPDATE app_data.users SET username = '-' || username WHERE user_id = {member} RETURNING username"),
    );
    let chore_name = unique("@Read formula ");
    let chore = new_chore(stack, &chore_name, "", "");
    let note = "=HYPERLINK(\"http://example.invalid\",\"click\"), then; \"quoted\"\nsecond line";
    let id = sql(
        stack,
        &format!(
            "INSERT INTO app_data.task_assignments (task_id, user_id, assigned_at, status, due_at, closed_at, \
               completed_at, acted_by, acted_at, note) \
             VALUES ({chore}, {member}, '2026-07-01 09:00Z', 'done', '2026-07-01 10:00Z', '2026-07-01 11:30Z', \
               '2026-07-01 11:30Z', {member}, '2026-07-01 11:30Z', '{}') RETURNING assignment_id",
            note.replace('\'', "''")
        ),
    )
    .parse()
    .unwrap();
    (id, chore_name, username, note.to_string())
}

fn all_ids(stack: &Stack) -> Vec<i64> {
    sql_ids(
        stack,
        "SELECT assignment_id FROM app_data.task_assignments ORDER BY assignment_id",
    )
}

/// The whole history as `username` downloads it in `format`: 200, the
/// type, and a file named for today in the household's zone.
fn download(stack: &Stack, username: &str, format: &str, content_type: &str) -> Reply {
    let api = login(stack, username);
    let started = Instant::now();
    let reply = get(&api, &format!("/rpc/export_history?p_format={format}"));
    eprintln!(
        "{format} export: {} bytes in {:.2?}",
        reply.body.len(),
        started.elapsed()
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type").as_deref(), Some(content_type));
    let today = sql(
        stack,
        &format!("SELECT to_char(now() AT TIME ZONE '{ZONE}', 'YYYY-MM-DD')"),
    );
    assert_eq!(
        reply.header("content-disposition"),
        Some(format!(
            "attachment; filename=\"cleaning-history-{today}.{format}\""
        ))
    );
    reply
}

#[test]
fn the_csv_export_is_every_occurrence_in_rfc_4180() {
    let (stack, _serial) = household();
    let (id, chore, member, note) = awkward_occurrence(stack);
    let reply = download(
        stack,
        "user2",
        "csv",
        "text/csv; charset=utf-8; header=present",
    );
    assert_eq!(
        reply.header("cache-control").as_deref(),
        Some("private, no-store")
    );
    assert_eq!(
        reply.header("content-length"),
        Some(reply.body.len().to_string())
    );

    let rows = parse_csv(&reply.text()).unwrap_or_else(|e| panic!("not RFC 4180: {e}"));
    assert_eq!(
        rows[0],
        [
            "assignment_id",
            "task_id",
            "chore",
            "member",
            "status",
            "due_at",
            "closed_at",
            "acted_by",
            "note",
            "reviewer",
            "reviewed_at"
        ]
    );
    assert!(
        rows.iter().all(|r| r.len() == 11),
        "every record has 11 fields"
    );
    let exported: Vec<i64> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(
        exported,
        all_ids(stack),
        "every occurrence, open ones included, once"
    );

    let row = rows.iter().find(|r| r[0] == id.to_string()).unwrap();
    // Formula cells start with a ' so they stay text; times are local.
    assert_eq!(row[2], format!("'{chore}"));
    assert_eq!(row[3], format!("'{member}"));
    assert_eq!(row[4], "done");
    assert_eq!(row[5], "2026-07-01T12:00:00+02:00");
    assert_eq!(row[6], "2026-07-01T13:30:00+02:00");
    assert_eq!(row[7], format!("'{member}"));
    assert_eq!(row[8], format!("'{note}"));
    assert_eq!((row[9].as_str(), row[10].as_str()), ("", ""));
    // An open occurrence has no closing time, a reviewed one its reviewer.
    let open = rows.iter().find(|r| r[4] == "todo").unwrap();
    assert_eq!(open[6], "");
    let approved = rows.iter().find(|r| r[4] == "approved").unwrap();
    assert!(!approved[9].is_empty(), "{approved:?}");
    assert!(
        approved[10].ends_with("+01:00") || approved[10].ends_with("+02:00"),
        "{approved:?}"
    );
    // No cell anywhere starts as a formula.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn the_json_export_is_every_occurrence_as_the_api_shows_it() {
    let (stack, _serial) = household();
    let (id, chore, member, note) = awkward_occurrence(stack);
    let reply = download(stack, "user3", "json", "application/json; charset=utf-8");
    let all: Vec<Value> = serde_json::from_slice(&reply.body).expect("a JSON array");
    assert_eq!(ids(&all), all_ids(stack));
    let item = all.iter().find(|i| i["assignment_id"] == id).unwrap();
    // JSON is data: names and notes exactly as stored.
    assert_eq!(item["task_name"], chore.as_str());
    assert_eq!(item["username"], member.as_str());
    assert_eq!(item["acted_by"], member.as_str());
    assert_eq!(item["note"], note.as_str());
    assert_eq!(item["status"], "done");
    assert_eq!(item["due_at"], "2026-07-01T10:00:00Z");
    assert_eq!(item["closed_at"], "2026-07-01T11:30:00Z");
}

#[test]
fn export_arguments_are_checked() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    for format in ["xml", "CSV", "", "csv%0d%0aX-Evil:%201"] {
        let reply = get(&member, &format!("/rpc/export_history?p_format={format}"));
        assert_refused(&reply, 400, Some("p_format"), format);
        assert!(reply.header("x-evil").is_none());
    }
    assert_refused(
        &get(&stack.api(), "/rpc/export_history"),
        401,
        None,
        "anonymous",
    );
    // POST works too, and the default is CSV.
    let reply = member
        .rpc("export_history", &serde_json::json!({}))
        .unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/csv"));
}
