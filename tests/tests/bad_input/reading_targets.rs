//! Bad input for reading the chores (db/api/47_agenda_history.sql,
//! 48_export.sql, 49_calendar_feed.sql): the agenda, history pages, the
//! export and the calendar feed. A wrong feed key is a 404.
use super::*;

pub(crate) fn targets() -> Vec<Target> {
    let ids = || {
        vec![
            json!(0),
            json!(-1),
            json!("abc"),
            json!(1.5),
            json!([]),
            json!({}),
            json!("1 OR 1=1"),
            json!(999_999_999),
        ]
    };
    let dates = || {
        vec![
            json!("infinity"),
            json!("-infinity"),
            json!("0001-01-01"),
            json!("10000-01-01"),
            json!("2025-02-30"),
            json!("2025-13-01"),
            json!("not a date"),
            json!("2025-01-01'; DROP TABLE app_data.tasks; --"),
            json!([]),
            json!({}),
        ]
    };
    let history = |param: &'static str, bad: Vec<Value>| Target {
        function: "history",
        valid: json!({"p_limit": 5}),
        param,
        bad,
        caller: MEMBER,
    };
    let mut to_dates = dates();
    to_dates.push(json!("2024-12-31"));
    vec![
        Target {
            function: "agenda",
            valid: json!({"p_days": 7}),
            param: "p_days",
            bad: vec![
                Value::Null,
                json!(-1),
                json!(367),
                json!(100_000),
                json!("seven"),
                json!(1.5),
                json!([]),
                json!({}),
                json!("7; DROP TABLE app_data.tasks"),
            ],
            caller: MEMBER,
        },
        Target {
            function: "agenda",
            valid: json!({"p_days": 7}),
            param: "p_user_id",
            bad: ids(),
            caller: MEMBER,
        },
        history(
            "p_cursor",
            vec![
                json!(""),
                json!("not-a-cursor"),
                json!("A".repeat(200)),
                json!("djEuMS4yLjAwMDAwMDAwMDAwMDAwMDA"),
                json!("djEuMS4y\r\nX-Evil: 1"),
                json!("\u{202e}djEuMS4yLjAwMDAwMDAwMDAwMDAwMDA"),
                json!(12),
                json!([]),
            ],
        ),
        history(
            "p_limit",
            vec![
                Value::Null,
                json!(0),
                json!(201),
                json!(-5),
                json!("abc"),
                json!(1.5),
                json!([]),
            ],
        ),
        history("p_user_id", ids()),
        history("p_task_id", ids()),
        history(
            "p_status",
            vec![
                json!("todo"),
                json!("Done"),
                json!(""),
                json!("done' OR '1'='1"),
                json!("\u{200b}done"),
                json!(1),
                json!([]),
            ],
        ),
        history("p_from", dates()),
        Target {
            function: "history",
            valid: json!({"p_from": "2025-01-01"}),
            param: "p_to",
            bad: to_dates,
            caller: MEMBER,
        },
        Target {
            function: "export_history",
            valid: json!({"p_format": "csv"}),
            param: "p_format",
            bad: vec![
                Value::Null,
                json!("xml"),
                json!("CSV"),
                json!(""),
                json!("json "),
                json!("csv\r\nX-Evil: 1"),
                json!(1),
                json!([]),
            ],
            caller: MEMBER,
        },
        Target {
            function: "export_history",
            valid: json!({"p_format": "csv", "p_part": "occurrences"}),
            param: "p_part",
            bad: vec![
                Value::Null,
                json!("ledger"),
                json!("Points"),
                json!(""),
                json!("points "),
                json!("points\r\nX-Evil: 1"),
                json!(1),
                json!([]),
            ],
            caller: MEMBER,
        },
        Target {
            function: "calendar_feed",
            valid: json!({"p_key": "A".repeat(43)}),
            param: "p_key",
            bad: vec![
                Value::Null,
                json!(""),
                json!("A".repeat(43)),
                json!("x".repeat(5000)),
                json!("\u{202e}"),
                json!("' OR '1'='1"),
                json!(123),
                json!([]),
            ],
            caller: ANON,
        },
    ]
}
