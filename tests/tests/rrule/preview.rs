//! `GET /rpc/preview_schedule` over HTTP: answers, bounds, who may ask, the
//! household's zone.
use crate::{first, instants, member, preview, stack};
use serde_json::json;
use std::sync::Mutex;

/// The household-zone test changes the zone; the test reading the default
/// count omits the zone too.
static HOUSEHOLD_ZONE: Mutex<()> = Mutex::new(());

#[test]
fn a_member_gets_iso_instants_with_the_zones_offset() {
    let _zone = HOUSEHOLD_ZONE.lock().unwrap_or_else(|p| p.into_inner());
    let reply = preview(
        member(),
        &[
            ("p_rule", "FREQ=WEEKLY;BYDAY=MO,TH"),
            ("p_start", "2026-03-26T18:00"),
        ],
    );
    // Five by default, on the household's clock (UTC in the seed).
    assert_eq!(
        instants(&reply),
        [
            "2026-03-26T18:00:00+00:00",
            "2026-03-30T18:00:00+00:00",
            "2026-04-02T18:00:00+00:00",
            "2026-04-06T18:00:00+00:00",
            "2026-04-09T18:00:00+00:00",
        ]
    );
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    // Names, parts and values are case-insensitive; "RRULE:" may lead;
    // seconds in the start are fine.
    assert_eq!(
        first(
            "rrule:freq=weekly;byday=mo,th",
            "2026-03-26T18:00:00",
            "europe/berlin",
            3
        ),
        [
            "2026-03-26T18:00:00+01:00",
            "2026-03-30T18:00:00+02:00",
            "2026-04-02T18:00:00+02:00",
        ]
    );
    // POST works too (a read either way).
    let reply = member()
        .rpc(
            "preview_schedule",
            &json!({"p_rule": "FREQ=DAILY", "p_start": "2026-01-01T07:30", "p_count": 2,
                    "p_time_zone": "Asia/Kolkata"}),
        )
        .unwrap();
    assert_eq!(
        instants(&reply),
        ["2026-01-01T07:30:00+05:30", "2026-01-02T07:30:00+05:30"]
    );
}

#[test]
fn the_zone_defaults_to_the_households() {
    let _zone = HOUSEHOLD_ZONE.lock().unwrap_or_else(|p| p.into_inner());
    let stack = stack();
    let before = stack
        .query_value("SELECT time_zone FROM app_data.household")
        .unwrap();
    stack
        .psql("UPDATE app_data.household SET time_zone = 'America/New_York'")
        .unwrap();
    let reply = preview(
        member(),
        &[
            ("p_rule", "FREQ=DAILY"),
            ("p_start", "2026-03-07T09:00"),
            ("p_count", "2"),
        ],
    );
    stack
        .psql(&format!(
            "UPDATE app_data.household SET time_zone = '{}'",
            before.replace('\'', "''")
        ))
        .unwrap();
    assert_eq!(
        instants(&reply),
        ["2026-03-07T09:00:00-05:00", "2026-03-08T09:00:00-04:00"]
    );
}

#[test]
fn the_count_is_1_to_100() {
    let ask = |count: &str| {
        preview(
            member(),
            &[
                ("p_rule", "FREQ=DAILY"),
                ("p_start", "2026-01-01T09:00"),
                ("p_time_zone", "UTC"),
                ("p_count", count),
            ],
        )
    };
    assert_eq!(instants(&ask("1")).len(), 1);
    let hundred = instants(&ask("100"));
    assert_eq!(hundred.len(), 100);
    assert_eq!(hundred[99], "2026-04-10T09:00:00+00:00");
    for bad in ["0", "-1", "101", "100000"] {
        let reply = ask(bad);
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text());
        assert_eq!(
            reply.json()["message"],
            json!("Count must be between 1 and 100")
        );
        assert_eq!(reply.json()["details"], json!("p_count"));
    }
    // Fewer when the rule ends first.
    assert_eq!(
        first("FREQ=DAILY;COUNT=3", "2026-01-01T09:00", "UTC", 10).len(),
        3
    );
}

#[test]
fn anonymous_callers_are_refused() {
    let reply = stack()
        .api()
        .get("/rpc/preview_schedule?p_rule=FREQ%3DDAILY&p_start=2026-01-01T09:00")
        .unwrap();
    assert_eq!(reply.status, 401, "{}", reply.text());
    let publisher = stack()
        .api()
        .with_token(&stack().publisher_token().unwrap());
    let reply = publisher
        .get("/rpc/preview_schedule?p_rule=FREQ%3DDAILY&p_start=2026-01-01T09:00")
        .unwrap();
    assert_eq!(reply.status, 403, "{}", reply.text());
}
