//! The calendar feed: POST /rpc/regenerate_calendar_key, then
//! GET /rpc/calendar_feed?p_key=… without a session (a phone's calendar).
use crate::formats::{parse_ical, unescape_text, Component};
use crate::*;
use std::collections::BTreeSet;

const DOMAIN: &str = "@cleaning-task-tracker";

fn regenerate(api: &Api) -> String {
    let reply = api
        .rpc("regenerate_calendar_key", &serde_json::json!({}))
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    let key = body["key"].as_str().expect("a key").to_string();
    assert!(
        key.len() == 43
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "32 random bytes in base64url: {key}"
    );
    assert_eq!(body["feed_path"], format!("/rpc/calendar_feed?p_key={key}"));
    key
}

fn feed(api: &Api, key: &str) -> Reply {
    get(api, &format!("/rpc/calendar_feed?p_key={key}"))
}

/// A local wall-clock time as iCalendar writes it, from an SQL instant.
fn local(stack: &Stack, instant: &str) -> String {
    sql(
        stack,
        &format!("SELECT to_char(({instant}) AT TIME ZONE '{ZONE}', 'YYYYMMDD\"T\"HH24MISS')"),
    )
}

fn events(calendar: &Component) -> Vec<&Component> {
    calendar.children_named("VEVENT").collect()
}

#[test]
fn the_feed_is_rfc_5545_with_the_members_chores() {
    let (stack, _serial) = household();
    let (m, api) = new_member(stack);
    // A weekly chore of the member's own, with every character TEXT escapes
    // and a description long enough to fold mid-character.
    let name = unique("Feed, \"weekly\"; test \\ ");
    let description = format!(
        "Line one\nLine two, with; specials \\ and a tail: {}",
        "ünïcödé ".repeat(12)
    );
    let series = new_chore(
        stack,
        &name,
        "description, schedule_kind, rrule, schedule_start, fixed_user_id",
        &format!(
            "'{}', 'calendar', 'FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20271231', '2026-01-05 18:30', {m}",
            description.replace('\'', "''")
        ),
    );
    let monday = format!("(date_trunc('week', now() AT TIME ZONE '{ZONE}') + interval '7 days 18:30') AT TIME ZONE '{ZONE}'");
    let thursday = format!("(date_trunc('week', now() AT TIME ZONE '{ZONE}') + interval '10 days 18:30') AT TIME ZONE '{ZONE}'");
    open_occurrence(stack, series, Some(m), &monday);
    // That Thursday's turn was swapped to someone else.
    open_occurrence(stack, series, Some(2), &thursday);
    let rotation = new_chore(stack, &unique("Feed rotation "), "", "");
    let turn = open_occurrence(
        stack,
        rotation,
        Some(m),
        "date_trunc('second', now()) + interval '1 day'",
    );
    let anyone_name = unique("Feed anyone ");
    let anyone = new_chore(stack, &anyone_name, "assignee_mode", "'anyone'");
    sql(
        stack,
        &format!("INSERT INTO app_data.task_pool VALUES ({anyone}, {m}, 0) RETURNING 1"),
    );
    let unclaimed = open_occurrence(
        stack,
        anyone,
        None,
        "date_trunc('second', now()) + interval '2 days'",
    );
    // Not in the feed: undated, someone else's, an archived chore's.
    open_occurrence(
        stack,
        new_chore(stack, &unique("Feed undated "), "", ""),
        Some(m),
        "NULL",
    );
    open_occurrence(
        stack,
        new_chore(stack, &unique("Feed theirs "), "", ""),
        Some(3),
        "now() + interval '1 day'",
    );
    let archived = new_chore(stack, &unique("Feed archived "), "archived_at", "now()");
    open_occurrence(stack, archived, Some(m), "now() + interval '1 day'");

    let key = regenerate(&api);
    let reply = feed(&stack.api(), &key);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(
        reply.header("cache-control").as_deref(),
        Some("private, no-store")
    );
    let text = String::from_utf8(reply.body.clone()).expect("UTF-8");
    let (calendar, folded) =
        parse_ical(&text).unwrap_or_else(|e| panic!("not RFC 5545: {e}\n{text}"));
    assert!(folded > 0, "the long description is folded");
    assert_eq!(calendar.name, "VCALENDAR");
    assert_eq!(calendar.value("VERSION"), Some("2.0"));
    assert!(calendar.value("PRODID").is_some());

    // The zone, with Berlin's 2026 changes to the second.
    let zone = calendar
        .children_named("VTIMEZONE")
        .next()
        .expect("a VTIMEZONE");
    assert_eq!(zone.value("TZID"), Some(ZONE));
    let change = |kind: &str, start: &str, from: &str, to: &str| {
        zone.children_named(kind).any(|o| {
            o.value("DTSTART") == Some(start)
                && o.value("TZOFFSETFROM") == Some(from)
                && o.value("TZOFFSETTO") == Some(to)
        })
    };
    assert!(change("DAYLIGHT", "20260329T020000", "+0100", "+0200"));
    assert!(change("STANDARD", "20261025T030000", "+0200", "+0100"));

    let events = events(&calendar);
    let uids: BTreeSet<&str> = events.iter().map(|e| e.value("UID").unwrap()).collect();
    let series_uid = format!("chore-{series}-member-{m}{DOMAIN}");
    let turn_uid = format!("occurrence-{turn}{DOMAIN}");
    let unclaimed_uid = format!("occurrence-{unclaimed}{DOMAIN}");
    assert_eq!(
        uids,
        BTreeSet::from([
            series_uid.as_str(),
            turn_uid.as_str(),
            unclaimed_uid.as_str()
        ]),
        "the series once, its own open occurrence inside it, the others as they are"
    );
    for event in &events {
        let stamp = event.value("DTSTAMP").unwrap();
        assert!(stamp.len() == 16 && stamp.ends_with('Z'), "{stamp}");
        assert_eq!(event.children_named("VALARM").count(), 1);
    }
    let by_uid = |uid: &str| *events.iter().find(|e| e.value("UID") == Some(uid)).unwrap();

    let weekly = by_uid(&series_uid);
    let start = weekly.get("DTSTART").unwrap();
    assert_eq!(
        (start.params.clone(), start.value.as_str()),
        (vec![format!("TZID={ZONE}")], "20260105T183000")
    );
    // UNTIL a date: up to the end of that local day, in UTC.
    assert_eq!(
        weekly.value("RRULE"),
        Some("FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20271231T225959Z")
    );
    let exdate = weekly.get("EXDATE").expect("the swapped turn left out");
    assert_eq!(exdate.params, [format!("TZID={ZONE}")]);
    assert_eq!(exdate.value, local(stack, &thursday));
    assert_eq!(
        unescape_text(weekly.value("SUMMARY").unwrap()).unwrap(),
        name
    );
    assert_eq!(
        unescape_text(weekly.value("DESCRIPTION").unwrap()).unwrap(),
        description
    );

    let single = by_uid(&turn_uid);
    let due = sql(
        stack,
        &format!("SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"') FROM app_data.task_assignments WHERE assignment_id = {turn}"),
    );
    let start = single.get("DTSTART").unwrap();
    assert!(start.params.is_empty());
    assert_eq!(
        start.value, due,
        "a single occurrence starts at its due instant, in UTC"
    );
    assert_eq!(
        unescape_text(by_uid(&unclaimed_uid).value("SUMMARY").unwrap()).unwrap(),
        format!("{anyone_name} (anyone)")
    );

    // The signed-in app may fetch it too; the key, not the session, decides.
    assert_eq!(feed(&login(stack, "user1"), &key).status, 200);
}

#[test]
fn a_new_key_revokes_the_old_and_wrong_keys_learn_nothing() {
    let (stack, _serial) = household();
    let (m, api) = new_member(stack);
    let anon = stack.api();
    let first = regenerate(&api);
    assert_eq!(feed(&anon, &first).status, 200);
    let second = regenerate(&api);
    assert_ne!(first, second);
    assert_eq!(feed(&anon, &second).status, 200);

    let gone = feed(&anon, &first);
    assert_refused(&gone, 404, None, "the old key");
    let refusal = gone.json();
    assert_eq!(refusal["message"], "No calendar feed has this key");
    let mut last = second.clone().into_bytes();
    last[42] = if last[42] == b'A' { b'B' } else { b'A' };
    let wrong = [
        "A".repeat(43),
        String::from_utf8(last).unwrap(),
        format!("{second}A"),
        second[..42].to_string(),
        second.to_lowercase(),
        String::new(),
        "%E2%80%AE".to_string(),
        "x".repeat(5000),
    ];
    for key in &wrong {
        let reply = feed(&anon, key);
        assert_refused(&reply, 404, None, key);
        assert_eq!(
            reply.json(),
            refusal,
            "every wrong key gets the same answer"
        );
    }
    // Only the hash is stored.
    assert_eq!(
        sql(
            stack,
            &format!(
                "SELECT key_sha256 = sha256(convert_to('{second}', 'UTF8')) FROM app_data.calendar_feeds WHERE user_id = {m}"
            )
        ),
        "t"
    );
    // A removed member's feed ends.
    sql(
        stack,
        &format!("UPDATE app_data.users SET removed_at = now() WHERE user_id = {m} RETURNING 1"),
    );
    let reply = feed(&anon, &second);
    assert_refused(&reply, 404, None, "removed member");
    assert_eq!(reply.json(), refusal);
}

#[test]
fn only_a_signed_in_member_makes_a_key_and_only_by_post() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    assert_refused(
        &get(&member, "/rpc/regenerate_calendar_key"),
        405,
        None,
        "GET",
    );
    let anon = stack
        .api()
        .rpc("regenerate_calendar_key", &serde_json::json!({}))
        .unwrap();
    assert_refused(&anon, 401, None, "anonymous");
    let publisher = stack.api().with_token(&stack.publisher_token().unwrap());
    let reply = publisher
        .rpc("regenerate_calendar_key", &serde_json::json!({}))
        .unwrap();
    assert_refused(&reply, 403, None, "publisher");
}
