//! GET /rpc/history: closed occurrences, newest first, a keyset page at a
//! time, filtered by member, chore, status and local dates.
use crate::*;

/// Every page of a query from the first on, 200 at a time: the ids in
/// order and the number of pages.
fn walk(api: &Api, query: &str) -> (Vec<i64>, usize) {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            None => format!("/rpc/history?p_limit=200&{query}"),
            Some(c) => format!("/rpc/history?p_limit=200&{query}&p_cursor={c}"),
        };
        let reply = get(api, &path);
        let page = items(&reply);
        pages += 1;
        assert!(page.len() <= 200);
        all.extend(ids(&page));
        match reply.json()["next_cursor"].as_str() {
            Some(next) => {
                assert_eq!(page.len(), 200, "only a full page has a next one");
                cursor = Some(next.to_string());
            }
            None => return (all, pages),
        }
        assert!(pages < 1000, "{query}: the pages do not end");
    }
}

/// The closed occurrences a filter selects, newest first (`where` over
/// app_data.task_assignments a, with the household's zone as h.z).
fn expected(stack: &Stack, condition: &str) -> Vec<i64> {
    sql_ids(
        stack,
        &format!(
            "SELECT a.assignment_id FROM app_data.task_assignments a \
             CROSS JOIN (SELECT time_zone AS z FROM app_data.household) h \
             WHERE a.status <> 'todo' AND {condition} ORDER BY a.closed_at DESC, a.assignment_id DESC"
        ),
    )
}

#[test]
fn the_pages_hold_every_closed_occurrence_once_newest_first() {
    let (stack, _serial) = household();
    // Three closed at the very same instant: the assignment id orders them.
    sql(
        stack,
        "INSERT INTO app_data.task_assignments (task_id, user_id, status, due_at, closed_at) \
         SELECT 1, 1, 'missed', t - interval '1 day', t FROM (SELECT date_trunc('second', now()) - interval '1 year' AS t) x, \
         generate_series(1, 3) RETURNING 1",
    );
    let member = login(stack, "user1");
    let first = get(&member, "/rpc/history");
    assert_eq!(items(&first).len(), 50, "a page holds 50 by default");
    assert!(first.json()["next_cursor"].is_string());

    let want = expected(stack, "true");
    assert!(want.len() > 100_000, "{} closed occurrences", want.len());
    let (got, pages) = walk(&member, "");
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want, "every closed occurrence once, newest first");
    assert_eq!(pages, want.len().div_ceil(200));

    let page = items(&get(&member, "/rpc/history?p_limit=200"));
    let closed: Vec<&str> = page
        .iter()
        .map(|i| i["closed_at"].as_str().unwrap())
        .collect();
    assert!(closed.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for key in [
        "assignment_id",
        "task_id",
        "task_name",
        "user_id",
        "username",
        "status",
        "due_at",
        "closed_at",
        "completed_at",
        "acted_by",
        "note",
        "reviewed_by",
        "reviewed_at",
    ] {
        assert!(page[0].get(key).is_some(), "{key} missing from {}", page[0]);
    }
    assert!(page.iter().all(|i| i["status"] != "todo"));
}

#[test]
fn filters_select_what_the_table_holds() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    let task = sql(
        stack,
        "SELECT min(task_id) FROM app_data.tasks WHERE task_name LIKE 'Scale chore %'",
    );
    // A member removed since: their history stays readable.
    let (gone, _) = new_member(stack);
    sql(
        stack,
        &format!(
            "INSERT INTO app_data.task_assignments (task_id, user_id, status, due_at, closed_at) \
             SELECT {task}, {gone}, 'skipped', now() - interval '2 days', now() - n * interval '1 day' \
             FROM generate_series(1, 3) n RETURNING 1; \
             UPDATE app_data.users SET removed_at = now() WHERE user_id = {gone} RETURNING 1"
        ),
    );
    // Local dates on the household's clock, the last day included. A March
    // holds the change to summer time; the seed spans the last two years.
    let year = sql(
        stack,
        "SELECT extract(year FROM now() - interval '3 months')",
    );
    let (march, march_end) = (format!("{year}-03-01"), format!("{year}-03-31"));
    let month = format!(
        "a.closed_at >= '{march}'::timestamp AT TIME ZONE h.z \
         AND a.closed_at < '{year}-04-01'::timestamp AT TIME ZONE h.z"
    );
    let recent = sql(
        stack,
        &format!("SELECT (now() AT TIME ZONE '{ZONE}')::date - 25"),
    );
    let early = sql(
        stack,
        &format!("SELECT (now() AT TIME ZONE '{ZONE}')::date - 700"),
    );
    let cases: Vec<(String, String)> = vec![
        ("p_user_id=3".into(), "a.user_id = 3".into()),
        (format!("p_user_id={gone}"), format!("a.user_id = {gone}")),
        (format!("p_task_id={task}"), format!("a.task_id = {task}")),
        ("p_status=rejected".into(), "a.status = 'rejected'".into()),
        ("p_status=missed".into(), "a.status = 'missed'".into()),
        (format!("p_from={march}&p_to={march_end}"), month.clone()),
        (
            format!("p_from={recent}"),
            format!("a.closed_at >= '{recent}'::timestamp AT TIME ZONE h.z"),
        ),
        (
            format!("p_to={early}"),
            format!("a.closed_at < ('{early}'::date + 1)::timestamp AT TIME ZONE h.z"),
        ),
        (
            format!("p_user_id=3&p_status=approved&p_from={march}&p_to={march_end}"),
            format!("a.user_id = 3 AND a.status = 'approved' AND {month}"),
        ),
        (
            format!("p_task_id={task}&p_user_id=7"),
            format!("a.task_id = {task} AND a.user_id = 7"),
        ),
    ];
    for (query, condition) in &cases {
        let want = expected(stack, condition);
        assert!(!want.is_empty(), "{query}: the fixture selects nothing");
        let (got, _) = walk(&member, query);
        assert_eq!(got, want, "{query}");
    }
    // A day with nothing closed: an empty page, no cursor.
    let empty = get(&member, "/rpc/history?p_from=1990-01-01&p_to=1990-12-31");
    assert!(items(&empty).is_empty());
    assert!(empty.json()["next_cursor"].is_null());
}

#[test]
fn a_page_continues_where_the_last_ended_while_others_close() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    let before = expected(stack, "true");
    let first = get(&member, "/rpc/history");
    assert_eq!(ids(&items(&first)), before[..50]);
    let cursor = first.json()["next_cursor"].as_str().unwrap().to_string();
    // One closes now: it goes on top, and the next page does not move.
    let newest: i64 = sql(
        stack,
        "INSERT INTO app_data.task_assignments (task_id, user_id, status, due_at, closed_at) \
         VALUES (2, 2, 'skipped', now(), now()) RETURNING assignment_id",
    )
    .parse()
    .unwrap();
    let second = get(&member, &format!("/rpc/history?p_cursor={cursor}"));
    assert_eq!(ids(&items(&second)), before[50..100]);
    // The page size may change between pages; the filters may not.
    let third = second.json()["next_cursor"].as_str().unwrap().to_string();
    assert_eq!(
        ids(&items(&get(
            &member,
            &format!("/rpc/history?p_cursor={third}&p_limit=7")
        ))),
        before[100..107]
    );
    assert_eq!(
        ids(&items(&get(&member, "/rpc/history?p_limit=1"))),
        [newest]
    );
}

#[test]
fn cursors_are_checked() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    let cursor = get(&member, "/rpc/history?p_limit=3").json()["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        get(&member, &format!("/rpc/history?p_cursor={cursor}")).status,
        200
    );
    let mut tampered: Vec<String> = Vec::new();
    for position in [0, 5, cursor.len() / 2, cursor.len() - 1] {
        let mut bytes = cursor.clone().into_bytes();
        bytes[position] = if bytes[position] == b'A' { b'B' } else { b'A' };
        tampered.push(String::from_utf8(bytes).unwrap());
    }
    tampered.extend([
        cursor[..cursor.len() - 4].to_string(),
        format!("{cursor}AAAA"),
        format!("{cursor}A"),
        "djEuMS4yLjAwMDAwMDAwMDAwMDAwMDA".to_string(), // "v1.1.2.0000000000000000"
        "not-a-cursor".to_string(),
        "A".repeat(200),
        "%E2%80%AE".to_string(),
    ]);
    for bad in &tampered {
        let reply = get(&member, &format!("/rpc/history?p_cursor={bad}"));
        assert_refused(&reply, 400, Some("p_cursor"), bad);
        assert!(
            !reply.text().contains(&cursor),
            "the error echoes no cursor"
        );
    }
    // A cursor belongs to its filters.
    for other in ["p_user_id=1", "p_status=done", "p_from=2025-01-01"] {
        let reply = get(&member, &format!("/rpc/history?p_cursor={cursor}&{other}"));
        assert_refused(&reply, 400, Some("p_cursor"), other);
    }
    let filtered = get(&member, "/rpc/history?p_limit=3&p_status=done").json()["next_cursor"]
        .as_str()
        .unwrap()
        .to_string();
    assert_refused(
        &get(&member, &format!("/rpc/history?p_cursor={filtered}")),
        400,
        Some("p_cursor"),
        "unfiltered",
    );
    assert_eq!(
        get(
            &member,
            &format!("/rpc/history?p_cursor={filtered}&p_status=done")
        )
        .status,
        200
    );
}

#[test]
fn history_arguments_are_checked() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    let refused = [
        ("p_limit=0", 400, Some("p_limit")),
        ("p_limit=201", 400, Some("p_limit")),
        ("p_status=todo", 400, Some("p_status")),
        ("p_status=Done", 400, Some("p_status")),
        ("p_from=infinity", 400, Some("p_from")),
        ("p_to=-infinity", 400, Some("p_to")),
        ("p_from=0001-01-01", 400, Some("p_from")),
        ("p_from=2025-02-01&p_to=2025-01-31", 400, Some("p_to")),
        ("p_from=2025-02-30", 400, None),
        ("p_user_id=-1", 400, Some("p_user_id")),
        ("p_task_id=0", 400, Some("p_task_id")),
        ("p_user_id=999999999", 404, None),
        ("p_task_id=999999999", 404, None),
    ];
    for (query, status, details) in refused {
        assert_refused(
            &get(&member, &format!("/rpc/history?{query}")),
            status,
            details,
            query,
        );
    }
    assert_refused(&get(&stack.api(), "/rpc/history"), 401, None, "anonymous");
    for limit in [1, 200] {
        assert_eq!(
            items(&get(&member, &format!("/rpc/history?p_limit={limit}"))).len(),
            limit
        );
    }
}
