//! `GET /rpc/preview_schedule` over HTTP, time zone validation, and how
//! fast the engine finds the next instance.
use crate::{first, instants, member, preview, stack};
use serde_json::json;
use std::sync::Mutex;

const INVALID: &str = "This schedule rule is not valid";
const UNSUPPORTED: &str = "This schedule rule uses a part that is not supported";

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

/// Every bad part is a 400 with one fixed message; the details name the
/// part (and quote the value, escaped).
#[test]
fn each_bad_part_is_named() {
    let long = format!("FREQ=DAILY;{}", "BYMONTH=1;".repeat(50));
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "FREQ=DAILY;BYDAY=XX",
            INVALID,
            r#"BYDAY: "XX" is not a weekday"#,
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,,TU",
            INVALID,
            r#"BYDAY: "" is not a weekday"#,
        ),
        (
            "FREQ=MONTHLY;BYDAY=0MO",
            INVALID,
            r#"BYDAY: "0MO" is numbered outside"#,
        ),
        (
            "FREQ=YEARLY;BYDAY=54MO",
            INVALID,
            r#"BYDAY: "54MO" is numbered outside"#,
        ),
        ("FREQ=MONTHLY;BYDAY=6MO", INVALID, "BYDAY: within a month"),
        (
            "FREQ=YEARLY;BYMONTH=1;BYDAY=-6FR",
            INVALID,
            "BYDAY: within a month",
        ),
        (
            "FREQ=WEEKLY;BYDAY=2TU",
            INVALID,
            "BYDAY: a numbered weekday (2TU) needs FREQ=MONTHLY or FREQ=YEARLY, not WEEKLY",
        ),
        (
            "FREQ=DAILY;BYDAY=-1FR",
            INVALID,
            "needs FREQ=MONTHLY or FREQ=YEARLY, not DAILY",
        ),
        (
            "FREQ=DAILY;COUNT=3;UNTIL=20260101",
            INVALID,
            "COUNT and UNTIL: give one or the other",
        ),
        (
            "FREQ=DAILY;INTERVAL=0",
            INVALID,
            r#"INTERVAL: "0" is not a whole number from 1 to 1000"#,
        ),
        ("FREQ=DAILY;INTERVAL=1001", INVALID, r#"INTERVAL: "1001""#),
        ("FREQ=DAILY;INTERVAL=-1", INVALID, r#"INTERVAL: "-1""#),
        (
            "FREQ=DAILY;COUNT=1001",
            INVALID,
            r#"COUNT: "1001" is not a whole number from 1 to 1000"#,
        ),
        ("FREQ=DAILY;COUNT=ten", INVALID, r#"COUNT: "TEN""#),
        (
            "FREQ=DAILY;UNTIL=2026",
            INVALID,
            r#"UNTIL: "2026" is not a date (YYYYMMDD)"#,
        ),
        ("FREQ=DAILY;UNTIL=20260230", INVALID, r#"UNTIL: "20260230""#),
        (
            "FREQ=DAILY;UNTIL=20260101T250000Z",
            INVALID,
            r#"UNTIL: "20260101T250000Z""#,
        ),
        ("FREQ=DAILY;UNTIL=20260101T120000+01", INVALID, "UNTIL: "),
        (
            "FREQ=FORTNIGHTLY",
            INVALID,
            r#"FREQ: "FORTNIGHTLY" is not DAILY, WEEKLY, MONTHLY or YEARLY"#,
        ),
        ("INTERVAL=2", INVALID, "FREQ is required"),
        (
            "FREQ=DAILY;FREQ=WEEKLY",
            INVALID,
            "FREQ is given more than once",
        ),
        (
            "FREQ=DAILY;COLOR=RED",
            INVALID,
            r#""COLOR" is not a rule part"#,
        ),
        (
            "FREQ=DAILY;X-NAME=1",
            INVALID,
            r#""X-NAME" is not a rule part"#,
        ),
        ("FREQ=DAILY;", INVALID, r#""" is not a NAME=VALUE part"#),
        ("FREQ", INVALID, r#""FREQ" is not a NAME=VALUE part"#),
        ("FREQ=", INVALID, "FREQ has no value"),
        (
            "FREQ=DAILY;BYMONTHDAY=32",
            INVALID,
            r#"BYMONTHDAY: "32" is not a whole number from -31 to -1 or 1 to 31"#,
        ),
        ("FREQ=DAILY;BYMONTHDAY=0", INVALID, r#"BYMONTHDAY: "0""#),
        (
            "FREQ=WEEKLY;BYMONTHDAY=1",
            INVALID,
            "BYMONTHDAY cannot be used with FREQ=WEEKLY",
        ),
        (
            "FREQ=DAILY;BYMONTH=13",
            INVALID,
            r#"BYMONTH: "13" is not a whole number from 1 to 12"#,
        ),
        ("FREQ=DAILY;BYMONTH=-1", INVALID, r#"BYMONTH: "-1""#),
        (
            "FREQ=MONTHLY;BYSETPOS=1",
            INVALID,
            "BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0",
            INVALID,
            r#"BYSETPOS: "0""#,
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367",
            INVALID,
            r#"BYSETPOS: "367""#,
        ),
        (
            "FREQ=DAILY;WKST=XX",
            INVALID,
            r#"WKST: "XX" is not a weekday"#,
        ),
        (
            &long,
            INVALID,
            "the rule is 511 characters long, at most 500 are allowed",
        ),
        ("FREQ=HOURLY", UNSUPPORTED, "FREQ=HOURLY is not supported"),
        (
            "FREQ=MINUTELY",
            UNSUPPORTED,
            "FREQ=MINUTELY is not supported",
        ),
        (
            "FREQ=SECONDLY",
            UNSUPPORTED,
            "FREQ=SECONDLY is not supported",
        ),
        (
            "FREQ=DAILY;BYHOUR=8",
            UNSUPPORTED,
            "BYHOUR is not supported",
        ),
        (
            "FREQ=DAILY;BYMINUTE=30",
            UNSUPPORTED,
            "BYMINUTE is not supported",
        ),
        (
            "FREQ=DAILY;BYSECOND=0",
            UNSUPPORTED,
            "BYSECOND is not supported",
        ),
        (
            "FREQ=YEARLY;BYWEEKNO=20",
            UNSUPPORTED,
            "BYWEEKNO is not supported",
        ),
        (
            "FREQ=YEARLY;BYYEARDAY=100",
            UNSUPPORTED,
            "BYYEARDAY is not supported",
        ),
        ("", "A schedule rule is required", "p_rule"),
        ("  ", "A schedule rule is required", "p_rule"),
    ];
    for (rule, message, details) in cases {
        let reply = preview(
            member(),
            &[
                ("p_rule", rule),
                ("p_start", "2026-01-01T09:00"),
                ("p_time_zone", "UTC"),
            ],
        );
        assert_eq!(reply.status, 400, "{rule}: {}", reply.text());
        let body = reply.json();
        assert_eq!(body["code"], json!("PT400"), "{rule}");
        assert_eq!(body["message"], json!(message), "{rule}");
        let got = body["details"].as_str().unwrap_or_default();
        assert!(
            got.contains(details),
            "{rule}: details {got:?} lack {details:?}"
        );
    }
}

#[test]
fn input_in_details_is_escaped() {
    let reply = preview(
        member(),
        &[
            ("p_rule", "FREQ=DAILY;BYDAY=M\u{1}O\r\n\u{202e}"),
            ("p_start", "2026-01-01T09:00"),
            ("p_time_zone", "UTC"),
        ],
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["message"], json!(INVALID));
    let details = body["details"].as_str().unwrap();
    assert!(details.contains("M\\u0001O"), "{details:?}");
    assert!(
        !details.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{details:?}"
    );
}

#[test]
fn bad_starts_and_zones_are_refused_by_name() {
    let ask = |start: &str, zone: &str| {
        preview(
            member(),
            &[
                ("p_rule", "FREQ=DAILY"),
                ("p_start", start),
                ("p_time_zone", zone),
            ],
        )
    };
    for start in [
        "",
        "2026-02-30T09:00",
        "2026-01-01",
        "2026-01-01 09:00",
        "2026-01-01T24:00",
        "2026-01-01T09:60",
        "01/01/2026 09:00",
        "2026-01-01T09:00Z",
        "2026-01-01T09:00+01:00",
    ] {
        let reply = ask(start, "UTC");
        assert_eq!(reply.status, 400, "{start}: {}", reply.text());
        assert_eq!(
            reply.json()["message"],
            json!("Start must be a local date and time"),
            "{start}"
        );
        assert_eq!(reply.json()["details"], json!("p_start"), "{start}");
    }
    for start in ["1899-12-31T23:59", "2201-01-01T00:00"] {
        let reply = ask(start, "UTC");
        assert_eq!(reply.status, 400, "{start}: {}", reply.text());
        assert_eq!(
            reply.json()["message"],
            json!("A schedule must start between the years 1900 and 2200")
        );
    }
    for zone in [
        "",
        "Mars/Olympus",
        "CEST",
        "CET",
        "EST5EDT",
        "UTC+3",
        "<+03>-3",
        "US/Eastern",
        "GB",
        "posix/Europe/Berlin",
        "right/Europe/Berlin",
        "Factory",
        "localtime",
        "Europe/Berlin ",
        "../../../etc/passwd",
    ] {
        let reply = ask("2026-01-01T09:00", zone);
        assert_eq!(reply.status, 400, "{zone:?}: {}", reply.text());
        assert_eq!(
            reply.json()["message"],
            json!("Unknown time zone"),
            "{zone:?}"
        );
        assert_eq!(reply.json()["details"], json!("p_time_zone"), "{zone:?}");
    }
}

/// valid_time_zone (also behind update_household) spells a zone as the tz
/// database does and leaves the session's TimeZone alone.
#[test]
fn time_zones_are_checked_quickly_and_spelled_canonically() {
    let stack = stack();
    assert_eq!(
        stack
            .query_value(
                "SET TimeZone = 'Asia/Tokyo';
                 SELECT string_agg(app_functions.valid_time_zone(z), ' ' ORDER BY n) || ' ' || current_setting('TimeZone')
                 FROM unnest(ARRAY['europe/berlin', 'UTC', 'utc', 'America/Argentina/Buenos_Aires',
                                   'Etc/GMT+3', 'AUSTRALIA/LORD_HOWE']) WITH ORDINALITY AS t(z, n)"
            )
            .unwrap(),
        "Europe/Berlin UTC UTC America/Argentina/Buenos_Aires Etc/GMT+3 Australia/Lord_Howe Asia/Tokyo"
    );
    // pg_timezone_names reads every zone file; this loads one.
    let per_call_ms: f64 = stack
        .query_value(
            "CREATE FUNCTION pg_temp.bench() RETURNS float8 LANGUAGE plpgsql AS $$
             DECLARE t0 timestamptz := clock_timestamp(); z text;
             BEGIN
               FOR i IN 1..500 LOOP z := app_functions.valid_time_zone('Europe/Berlin'); END LOOP;
               RETURN extract(epoch FROM clock_timestamp() - t0) * 1000 / 500;
             END $$;
             SELECT pg_temp.bench()",
        )
        .unwrap()
        .parse()
        .unwrap();
    eprintln!("valid_time_zone: {per_call_ms:.4} ms a call");
    assert!(per_call_ms < 1.0, "{per_call_ms} ms a call");
}

/// The next instance of a rule started years ago costs what one started
/// yesterday does: whole periods are skipped, not enumerated.
#[test]
fn the_next_instance_of_an_old_rule_is_found_fast() {
    let stack = stack();
    let mut report = Vec::new();
    for rule in [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1",
    ] {
        // A fresh connection: the first call also plans the functions.
        let out = stack
            .query_value(&format!(
                "CREATE FUNCTION pg_temp.bench() RETURNS text LANGUAGE plpgsql AS $$
                 DECLARE
                   v_start timestamp := date_trunc('day', localtimestamp - interval '5 years') + interval '9 hours';
                   t0 timestamptz := clock_timestamp();
                   v_first interval;
                   v_next timestamptz;
                 BEGIN
                   SELECT i INTO v_next FROM app_functions.rrule_instances('{rule}', v_start, 'Europe/Berlin', now(), 1) i;
                   v_first := clock_timestamp() - t0;
                   t0 := clock_timestamp();
                   FOR k IN 1..200 LOOP
                     SELECT i INTO v_next
                     FROM app_functions.rrule_instances('{rule}', v_start, 'Europe/Berlin', now() + k * interval '1 hour', 1) i;
                   END LOOP;
                   RETURN format('%s|%s|%s', extract(epoch FROM v_first) * 1000,
                                 extract(epoch FROM clock_timestamp() - t0) * 1000 / 200,
                                 v_next >= now() + 200 * interval '1 hour'
                                 AND (v_next AT TIME ZONE 'Europe/Berlin')::time = v_start::time);
                 END $$;
                 SELECT pg_temp.bench()"
            ))
            .unwrap();
        let [first_ms, each_ms, same] = out.split('|').collect::<Vec<_>>()[..] else {
            panic!("{out}");
        };
        let (first_ms, each_ms): (f64, f64) = (first_ms.parse().unwrap(), each_ms.parse().unwrap());
        report.push(format!(
            "{rule}: first call {first_ms:.2} ms, then {each_ms:.3} ms"
        ));
        assert_eq!(same, "t", "{rule}: not the next instance");
        assert!(each_ms < 5.0, "{rule}: {each_ms} ms a call");
        assert!(first_ms < 100.0, "{rule}: {first_ms} ms for the first call");
    }
    eprintln!(
        "next instance after now, rules started 5 years ago:\n  {}",
        report.join("\n  ")
    );
}
