//! What `preview_schedule` refuses: each bad rule part named in the
//! details under one fixed message, bad starts and zones by parameter.
use crate::{member, preview};
use serde_json::json;

const INVALID: &str = "This schedule rule is not valid";
const UNSUPPORTED: &str = "This schedule rule uses a part that is not supported";

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
