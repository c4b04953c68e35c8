//! The API's JSON without serde (json.rs): replies read field by field,
//! request bodies written by JSON.stringify. Run in headless Chromium:
//! `cargo test -p frontend --target wasm32-unknown-unknown --test json`.

use frontend::api::chores::ChoreArgs;
use frontend::json::{Body, JsonObject};
use frontend::models::{Invite, LoginReply, Registration, Status, Task, User};
use frontend::state::Session;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn task(text: &str) -> Option<Task> {
    Task::from_json(&JsonObject::parse(text)?)
}

/// A row of `api.tasks` as PostgREST sends it (every column).
const FULL_TASK: &str = r#"{"task_id":12,"task_name":"Bins \"out\"","description":"Green\nand grey",
    "created_at":"2026-11-20T08:00:00+00:00","is_archived":false,"schedule_kind":"calendar",
    "rrule":"FREQ=WEEKLY;BYDAY=MO","schedule_start":"2026-11-23T18:00","interval_count":2,
    "interval_unit":"week","after_task_id":7,"after_hours":24,"assignee_mode":"rotation",
    "fixed_user_id":null,"rotation_strategy":"round_robin","requires_approval":true,
    "pool":[3,1,2],"points":5,"penalty_points":1,"next_due_at":null}"#;

#[wasm_bindgen_test]
fn a_full_task_reads_every_field() {
    let t = task(FULL_TASK).expect("the full row");
    assert_eq!(
        t,
        Task {
            task_id: 12,
            task_name: "Bins \"out\"".into(),
            description: Some("Green\nand grey".into()),
            created_at: "2026-11-20T08:00:00+00:00".into(),
            is_archived: false,
            schedule_kind: Some("calendar".into()),
            rrule: Some("FREQ=WEEKLY;BYDAY=MO".into()),
            schedule_start: Some("2026-11-23T18:00".into()),
            interval_count: Some(2),
            interval_unit: Some("week".into()),
            after_task_id: Some(7),
            after_hours: Some(24),
            assignee_mode: Some("rotation".into()),
            fixed_user_id: None,
            rotation_strategy: Some("round_robin".into()),
            requires_approval: Some(true),
            pool: vec![3, 1, 2],
            points: 5,
            penalty_points: 1,
        }
    );
}

#[wasm_bindgen_test]
fn missing_optional_fields_take_their_defaults() {
    let t = task(
        r#"{"task_id":1,"task_name":"Plants","created_at":"2026-11-20T08:00:00+00:00",
            "is_archived":true,"description":null,"pool":null}"#,
    )
    .expect("the old tasks view's columns are enough");
    assert_eq!((t.task_id, t.is_archived), (1, true));
    assert_eq!(
        (t.description, t.schedule_kind, t.rrule),
        (None, None, None)
    );
    assert_eq!(
        (t.interval_count, t.after_task_id, t.requires_approval),
        (None, None, None)
    );
    assert_eq!((t.pool, t.points, t.penalty_points), (vec![], 0, 0));
}

#[wasm_bindgen_test]
fn wrong_types_are_refused_not_misread() {
    let base =
        r#""task_name":"Plants","created_at":"2026-11-20T08:00:00+00:00","is_archived":false"#;
    let refused = [
        format!(r#"{{"task_id":"1",{base}}}"#),
        format!(r#"{{"task_id":1.5,{base}}}"#),
        format!(r#"{{{base}}}"#),
        format!(r#"{{"task_id":1,{base},"description":7}}"#),
        format!(r#"{{"task_id":1,{base},"pool":[1,"2"]}}"#),
        format!(r#"{{"task_id":1,{base},"pool":"1,2"}}"#),
        format!(r#"{{"task_id":1,{base},"points":-1}}"#),
        format!(r#"{{"task_id":1,{base},"requires_approval":"yes"}}"#),
        format!(r#"{{"task_id":1,{}}}"#, base.replace("false", "0")),
    ];
    for text in &refused {
        assert_eq!(task(text), None, "{text}");
    }
    assert_eq!(task("not json"), None);
    assert_eq!(task("null"), None);
    assert_eq!(task(r#""a string""#), None);
    let fine = format!(r#"{{"task_id":1,{base}}}"#);
    assert!(task(&fine).is_some());
}

#[wasm_bindgen_test]
fn a_list_with_one_bad_row_is_refused() {
    let good = r#"{"user_id":1,"username":"ann","is_admin":true}"#;
    let bad = r#"{"user_id":2,"username":null,"is_admin":false}"#;
    let read = |text: &str| JsonObject::parse(text).and_then(|j| j.rows(User::from_json));
    let users = read(&format!("[{good}]")).expect("a list of users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].username, "ann");
    assert_eq!(users[0].created_at, None);
    assert_eq!(read(&format!("[{good},{bad}]")), None);
    assert_eq!(read(&format!("[{good},3]")), None);
    assert_eq!(read(good), None, "an object is not a list");
    assert_eq!(read("[]"), Some(vec![]));
    let strings = JsonObject::parse(r#"["2026-11-23T17:00:00+00:00","2026-11-30T17:00:00+00:00"]"#)
        .and_then(|j| j.strings());
    assert_eq!(strings.map(|s| s.len()), Some(2));
    assert_eq!(
        JsonObject::parse(r#"["a",1]"#).and_then(|j| j.strings()),
        None
    );
}

#[wasm_bindgen_test]
fn the_other_replies_read() {
    let login = JsonObject::parse(
        r#"{"token":"t.k.n","user":{"user_id":4,"username":"bo","is_admin":false,
            "created_at":"2026-11-01T10:00:00+00:00"}}"#,
    )
    .and_then(|j| LoginReply::from_json(&j))
    .expect("a login reply");
    assert_eq!(login.user.user_id, 4);
    assert_eq!(
        login.user.created_at.as_deref(),
        Some("2026-11-01T10:00:00+00:00")
    );
    let no_user = JsonObject::parse(r#"{"token":"t.k.n","user":null}"#);
    assert_eq!(no_user.and_then(|j| LoginReply::from_json(&j)), None);

    let invite = JsonObject::parse(
        r#"{"invite_id":3,"code":"abc","expires_at":"2026-12-01T00:00:00+00:00","max_uses":5,
            "uses":5,"revoked_at":null,"is_active":true}"#,
    )
    .and_then(|j| Invite::from_json(&j))
    .expect("an invite");
    assert_eq!(
        (invite.max_uses, invite.uses, invite.code.as_deref()),
        (5, 5, Some("abc"))
    );
    let negative = r#"{"invite_id":3,"expires_at":"x","max_uses":-5,"uses":0}"#;
    assert_eq!(
        JsonObject::parse(negative).and_then(|j| Invite::from_json(&j)),
        None
    );

    let open = JsonObject::parse(r#"{"registration_open_until":null}"#)
        .and_then(|j| Registration::from_json(&j));
    assert_eq!(open.map(|r| r.registration_open_until), Some(None));
    assert_eq!(Status::from_key("waiting"), Some(Status::Waiting));
}

#[wasm_bindgen_test]
fn bodies_leave_out_or_null_as_the_api_expects() {
    let body = Body::new()
        .int("p_id", 9_007_199_254_740_991)
        .some_int("p_task_id", None)
        .some_text("p_note", None)
        .int_or_null("p_stock", None)
        .text_or_null("p_rrule", None)
        .text("p_name", "Kitchen \"deep\" clean\n\\ ü ✓")
        .flag("p_flag", false)
        .ints_or_null("p_pool", Some(&[2, 1]))
        .finish();
    assert_eq!(
        body,
        r#"{"p_id":9007199254740991,"p_stock":null,"p_rrule":null,"p_name":"Kitchen \"deep\" clean\n\\ ü ✓","p_flag":false,"p_pool":[2,1]}"#
    );
    let parsed = JsonObject::parse(&body).expect("valid JSON");
    assert_eq!(
        parsed.string("p_name").as_deref(),
        Some("Kitchen \"deep\" clean\n\\ ü ✓")
    );
    assert_eq!(Body::new().finish(), "{}");
}

#[wasm_bindgen_test]
fn a_chore_body_has_every_argument() {
    let mut args = ChoreArgs {
        p_task_id: None,
        p_task_name: "Bins".into(),
        p_description: String::new(),
        p_schedule_kind: "interval".into(),
        p_rrule: None,
        p_start: Some("2026-11-23T18:00".into()),
        p_due_at: None,
        p_interval_count: Some(2),
        p_interval_unit: Some("week".into()),
        p_after_task_id: None,
        p_after_hours: None,
        p_assignee_mode: "fixed".into(),
        p_user_id: Some(3),
        p_pool: None,
        p_rotation_strategy: None,
        p_requires_approval: true,
    };
    assert_eq!(
        args.to_json(),
        r#"{"p_task_name":"Bins","p_description":"","p_schedule_kind":"interval","p_rrule":null,"p_start":"2026-11-23T18:00","p_due_at":null,"p_interval_count":2,"p_interval_unit":"week","p_after_task_id":null,"p_after_hours":null,"p_assignee_mode":"fixed","p_user_id":3,"p_pool":null,"p_rotation_strategy":null,"p_requires_approval":true}"#
    );
    args.p_task_id = Some(12);
    args.p_pool = Some(vec![]);
    let json = JsonObject::parse(&args.to_json()).expect("valid JSON");
    assert_eq!(json.int("p_task_id"), Some(12));
    assert_eq!(json.ints("p_pool"), Some(vec![]));
}

#[wasm_bindgen_test]
fn a_stored_session_reads_back() {
    let session = Session {
        token: "a.b.c".into(),
        user: User {
            user_id: 2,
            username: "ann \"the\" admin".into(),
            is_admin: true,
            created_at: None,
        },
    };
    let stored = session.to_json();
    assert_eq!(Session::from_json(&stored), Some(session.clone()));
    // What the serde version of the app stored: still signed in after the
    // update.
    let old = r#"{"token":"a.b.c","user":{"user_id":2,"username":"ann \"the\" admin","is_admin":true,"created_at":null}}"#;
    assert_eq!(stored, old);
    assert_eq!(Session::from_json(old), Some(session));
    assert_eq!(Session::from_json(r#"{"token":"a.b.c"}"#), None);
    assert_eq!(Session::from_json("garbage"), None);
}
