//! Bad input for tasks, the published frontend's assets and schedule
//! previews (db/api/30_tasks.sql, 40_assignments.sql, 50_frontend_serve.sql,
//! 60_frontend_publish.sql, 12_schedule_rules.sql).
use super::*;

pub fn targets() -> Vec<Target> {
    let mut task_names = bad_required_text();
    task_names.extend([
        long(101),
        json!("Kitchen Cleaning"),
        json!("  kitchen cleaning  "),
    ]);
    task_names.extend(invisible_in("Hallway"));
    let mut descriptions = vec![long(1001), long(10_000)];
    descriptions.extend(
        [
            "lone\rreturn",
            "bell\u{7}",
            "escape\u{1b}[31m",
            "bidi\u{202e}txt.exe",
            "zero\u{200b}width",
            "isolate\u{2066}x",
            "bom\u{feff}",
        ]
        .map(|d| json!(d)),
    );
    let mut asset_names = bad_required_text();
    asset_names.extend([
        json!("../etc/passwd"),
        json!("a/b.js"),
        json!(".hidden"),
        long(201),
        json!("spa ce.js"),
    ]);
    asset_names.extend(invisible_in("app.js"));
    let hash = format!("sha384-{}", "A".repeat(64));
    let preview_valid = json!({"p_rule": "FREQ=DAILY", "p_start": "2026-01-05T08:00", "p_count": 3,
                               "p_time_zone": "Europe/Berlin"});
    vec![
        Target {
            function: "create_task",
            valid: json!({"p_task_name": "Fresh task", "p_description": "d"}),
            param: "p_task_name",
            bad: task_names.clone(),
            caller: ADMIN,
        },
        Target {
            function: "create_task",
            valid: json!({"p_task_name": "Fresh task", "p_description": "d"}),
            param: "p_description",
            bad: descriptions.clone(),
            caller: ADMIN,
        },
        Target {
            function: "update_task",
            valid: json!({"p_task_id": 1, "p_task_name": "Kitchen"}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "update_task",
            valid: json!({"p_task_id": 1, "p_task_name": "Kitchen"}),
            param: "p_task_name",
            bad: {
                let mut bad = vec![
                    json!(""),
                    json!("   "),
                    long(10_000),
                    json!("Bathroom Cleaning"),
                ];
                bad.extend(invisible_in("Kitchen"));
                bad
            },
            caller: ADMIN,
        },
        Target {
            function: "update_task",
            valid: json!({"p_task_id": 1, "p_description": "fine"}),
            param: "p_description",
            bad: descriptions.clone(),
            caller: ADMIN,
        },
        Target {
            function: "delete_task",
            valid: json!({"p_task_id": 1}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "assign_task",
            valid: json!({"p_task_id": 1, "p_user_id": 2}),
            param: "p_task_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "assign_task",
            valid: json!({"p_task_id": 1, "p_user_id": 2}),
            param: "p_user_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "complete_assignment",
            valid: json!({"p_assignment_id": 1}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: MEMBER,
        },
        Target {
            function: "approve_assignment",
            valid: json!({"p_assignment_id": 1}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "reject_assignment",
            valid: json!({"p_assignment_id": 1}),
            param: "p_assignment_id",
            bad: bad_ids(),
            caller: ADMIN,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_asset_name",
            bad: asset_names,
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_content_type",
            bad: vec![
                json!(""),
                Value::Null,
                json!("text"),
                json!("text/html\r\nX-Evil: 1"),
                long(10_000),
            ],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x", "p_encoding": "base64"}),
            param: "p_content",
            bad: vec![Value::Null, json!("!!! not base64 !!!")],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_encoding",
            bad: vec![json!("rot13"), json!("")],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "index.html", "p_content_type": "text/html", "p_content": "x"}),
            param: "p_content_type",
            bad: vec![json!("application/javascript")],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.html", "p_content_type": "text/html", "p_content": "<script>1</script>",
                          "p_inline_script_hashes": [hash]}),
            param: "p_inline_script_hashes",
            bad: vec![
                json!(hash),
                json!("{sha384-abc}"),
                json!(["sha384-short"]),
                json!([format!("md5-{}", "A".repeat(64))]),
                json!([format!("sha1-{}", "A".repeat(64))]),
                json!(["'unsafe-inline'"]),
                json!(["'unsafe-eval'"]),
                json!(["*"]),
                json!([format!("{hash}' 'unsafe-inline")]),
                json!([format!("{hash}; script-src *")]),
                json!([format!("{hash}\r\nX-Evil: 1")]),
                json!([format!("{hash}\u{202e}")]),
                json!([format!("\u{200b}{hash}")]),
                json!([format!(" {hash}")]),
                json!([format!("sha384-{}", "A".repeat(200))]),
                json!([Value::Null]),
                json!([hash, Value::Null]),
                json!([123]),
                json!([[123]]),
                json!({"a": hash}),
                json!(vec![hash.clone(); 21]),
            ],
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_content_gzip",
            bad: not_base64(),
            caller: PUBLISHER,
        },
        Target {
            function: "update_frontend_asset",
            valid: json!({"p_asset_name": "ok.txt", "p_content_type": "text/plain", "p_content": "x"}),
            param: "p_content_br",
            bad: not_base64(),
            caller: PUBLISHER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid.clone(),
            param: "p_rule",
            bad: vec![
                Value::Null,
                json!(""),
                json!("FREQ=DAILY;BYDAY=XX"),
                json!("FREQ=HOURLY"),
                json!("FREQ=DAILY;BYHOUR=8"),
                json!("FREQ=DAILY;COUNT=2;UNTIL=20260101"),
                json!("FREQ=WEEKLY;BYDAY=2TU"),
                json!("FREQ=DAILY;INTERVAL=0"),
                json!("FREQ=DAILY\r\nX-Evil: 1"),
                json!("FREQ=DAILY;;"),
                long(501),
                long(10_000),
                json!(["FREQ=DAILY"]),
                json!({"FREQ": "DAILY"}),
            ],
            caller: MEMBER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid.clone(),
            param: "p_start",
            bad: vec![
                Value::Null,
                json!(""),
                json!("2026-02-30T08:00"),
                json!("2026-01-05"),
                json!("2026-01-05T24:00"),
                json!("2026-01-05 08:00"),
                json!("1800-01-05T08:00"),
                json!("2026-01-05T08:00\r\n"),
                json!("tomorrow"),
                json!(20_260_105),
                long(10_000),
            ],
            caller: MEMBER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid.clone(),
            param: "p_count",
            bad: vec![
                Value::Null,
                json!(0),
                json!(-1),
                json!(101),
                json!(99_999_999_999_i64),
                json!(1.5),
                json!("abc"),
                json!(true),
                json!([]),
            ],
            caller: MEMBER,
        },
        Target {
            function: "preview_schedule",
            valid: preview_valid,
            param: "p_time_zone",
            bad: vec![
                json!(""),
                json!("Mars/Olympus"),
                json!("CEST"),
                json!("EST5EDT"),
                json!("UTC+3"),
                json!("US/Eastern"),
                json!("posix/Europe/Berlin"),
                json!("../../etc/passwd"),
                json!("Europe/Berlin\r\n"),
                long(10_000),
                json!(1),
            ],
            caller: MEMBER,
        },
        Target {
            function: "prune_frontend_assets",
            valid: json!({"p_dry_run": true}),
            param: "p_dry_run",
            bad: vec![
                json!("abc"),
                json!("yes please"),
                json!(2),
                json!([]),
                json!({}),
                json!("true; DROP TABLE app_frontend.assets"),
            ],
            caller: PUBLISHER,
        },
    ]
}

/// Every asset-serving function, with names no served asset has.
pub fn served() -> Vec<Target> {
    [
        "serve_html",
        "serve_css",
        "serve_js",
        "serve_wasm",
        "serve_asset",
    ]
    .map(|function| Target {
        function,
        valid: json!({"p_asset_name": "index.html"}),
        param: "p_asset_name",
        bad: bad_served_names(),
        caller: ANON,
    })
    .into()
}
