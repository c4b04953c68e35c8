//! Reading the chores (db/api/47_agenda_history.sql, 48_export.sql,
//! 49_calendar_feed.sql) against the five callers: every signed-in member
//! reads the household's; a feed is opened by its key, not a session.
use super::*;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "GET /rpc/agenda",
            api: Some("agenda"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/agenda?p_days=7").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/agenda (one member's)",
            api: Some("agenda"),
            setup: no_setup,
            call: |a, _| {
                a.get(&format!("/rpc/agenda?p_user_id={MEMBER_ID}"))
                    .unwrap()
            },
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/history",
            api: Some("history"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/history?p_limit=5").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/export_history",
            api: Some("export_history"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/export_history?p_format=csv").unwrap(),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "POST /rpc/regenerate_calendar_key",
            api: Some("regenerate_calendar_key"),
            setup: no_setup,
            call: |a, _| rpc(a, "regenerate_calendar_key", json!({})),
            expect: [401, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/regenerate_calendar_key",
            api: Some("regenerate_calendar_key"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/regenerate_calendar_key").unwrap(),
            expect: [401, 405, 405, 405, 403],
        },
        Case {
            name: "GET /rpc/calendar_feed (the member's key)",
            api: Some("calendar_feed"),
            setup: |_, c| {
                let reply = rpc(&c.all[1], "regenerate_calendar_key", json!({}));
                assert_eq!(reply.status, 200, "{}", reply.text());
                reply.json()["key"].clone()
            },
            call: |a, key| {
                a.get(&format!(
                    "/rpc/calendar_feed?p_key={}",
                    key.as_str().unwrap()
                ))
                .unwrap()
            },
            expect: [200, 200, 200, 200, 403],
        },
        Case {
            name: "GET /rpc/calendar_feed (a wrong key)",
            api: Some("calendar_feed"),
            setup: no_setup,
            call: |a, _| {
                a.get(&format!("/rpc/calendar_feed?p_key={}", "A".repeat(43)))
                    .unwrap()
            },
            expect: [404, 404, 404, 404, 403],
        },
    ]
}
