//! Unit tests for the app's pure logic, run in headless Chromium:
//! `cargo test -p frontend --target wasm32-unknown-unknown`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use frontend::errors::{ApiError, Field, Problem};
use frontend::format::format_time;
use frontend::grouping::{filter, group_by_status, reviewable_by};
use frontend::json::JsonObject;
use frontend::models::{Assignment, Invite, Status};
use frontend::route::Route;
use frontend::{token, validation};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn jwt(claims: &str) -> String {
    format!(
        "{}.{}.signature",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims)
    )
}

/// An occurrence as the API sends it (json.rs, models.rs).
fn read(text: &str) -> Option<Assignment> {
    Assignment::from_json(&JsonObject::parse(text)?)
}

fn assignment(id: i64, user_id: i64, status: Status) -> Assignment {
    Assignment {
        assignment_id: id,
        task_id: id,
        task_name: format!("Task {id}"),
        description: None,
        user_id: Some(user_id),
        assigned_to: Some(format!("user{user_id}")),
        assigned_at: "2026-11-25T03:31:00.123456+00:00".into(),
        completed_at: None,
        status,
        reviewed_at: None,
        reviewed_by: None,
    }
}

#[wasm_bindgen_test]
fn token_expiry_is_read_from_the_exp_claim() {
    let token = jwt(r#"{"role":"api_authenticated","user_id":1,"exp":1700000000}"#);
    assert_eq!(token::expiry(&token), Some(1_700_000_000));
    assert!(!token::is_expired(&token, 1_699_990_000));
    assert!(token::is_expired(&token, 1_700_000_000));
    // A token about to expire is treated as expired (30 s margin).
    assert!(token::is_expired(&token, 1_699_999_990));
}

#[wasm_bindgen_test]
fn unreadable_tokens_count_as_expired() {
    for bad in [
        "",
        "abc",
        "a.b",
        "a.!!!.c",
        "a.b.c.d",
        &jwt(r#"{"role":"x"}"#),
        &jwt("not json"),
    ] {
        assert_eq!(token::expiry(bad), None, "{bad}");
        assert!(token::is_expired(bad, 0), "{bad}");
    }
}

#[wasm_bindgen_test]
fn padded_payloads_and_float_exp_are_accepted() {
    let payload = base64::engine::general_purpose::URL_SAFE.encode(r#"{"exp":1700000000.0}"#);
    assert_eq!(
        token::expiry(&format!("h.{payload}.s")),
        Some(1_700_000_000)
    );
}

#[wasm_bindgen_test]
fn api_messages_are_shown_as_written_with_their_hint() {
    let e = ApiError::from_reply(
        409,
        r#"{"code":"PT409","message":"Username is already taken","details":"p_username","hint":"Choose another username"}"#,
    );
    assert_eq!(
        e.user_message(),
        "Username is already taken. Choose another username."
    );
    assert_eq!(e.field(), Some(Field::Username));
    assert!(!e.is_session_problem());
}

#[wasm_bindgen_test]
fn expired_jwt_is_a_session_problem() {
    let e = ApiError::from_reply(
        401,
        r#"{"code":"PGRST301","message":"JWT expired","details":null,"hint":null}"#,
    );
    assert!(e.is_session_problem());
    assert_eq!(
        e.user_message(),
        "Your session has expired. Please sign in again."
    );
    let sign_in_first = ApiError::from_reply(
        401,
        r#"{"code":"PT401","message":"Sign in first","hint":"POST /rpc/login returns a token to send as \"Authorization: Bearer <token>\""}"#,
    );
    assert!(sign_in_first.is_session_problem());
    // The technical hint is not for household members.
    assert_eq!(sign_in_first.user_message(), "Sign in first");
}

#[wasm_bindgen_test]
fn database_and_transport_errors_get_plain_words() {
    let denied = ApiError::from_reply(
        403,
        r#"{"code":"42501","message":"permission denied for view tasks"}"#,
    );
    assert_eq!(denied.user_message(), "You are not allowed to do that.");
    assert_eq!(
        ApiError::network("TypeError").user_message(),
        "Cannot reach the server. Check your connection and try again."
    );
    let html = ApiError::from_reply(502, "<html>Bad gateway</html>");
    assert_eq!(
        html.user_message(),
        "The server had a problem. Please try again in a moment."
    );
    assert_eq!(html.field(), None);
}

#[wasm_bindgen_test]
fn task_errors_point_at_their_field() {
    let duplicate = ApiError::from_reply(
        409,
        r#"{"code":"PT409","message":"A task named \"Dishes\" already exists","details":"p_task_name"}"#,
    );
    assert_eq!(duplicate.field(), Some(Field::TaskName));
    // The hardened API's fixed wording, the parameter in `details`.
    let fixed = ApiError::from_reply(
        409,
        r#"{"code":"PT409","message":"A task with this name already exists","details":"p_task_name","hint":"Choose another name"}"#,
    );
    assert_eq!(fixed.field(), Some(Field::TaskName));
    assert_eq!(
        duplicate.user_message(),
        "A task named \"Dishes\" already exists"
    );
    let empty = ApiError::from_reply(
        400,
        r#"{"code":"PT400","message":"Task name is required","details":"p_task_name"}"#,
    );
    assert_eq!(empty.field(), Some(Field::TaskName));
    let long = ApiError::from_reply(
        400,
        r#"{"code":"PT400","message":"Description must be at most 1000 characters","details":"p_description"}"#,
    );
    assert_eq!(long.field(), Some(Field::Description));
    let forbidden = ApiError::from_reply(
        403,
        r#"{"code":"PT403","message":"Only household admins can create tasks"}"#,
    );
    assert_eq!(forbidden.field(), None);
}

#[wasm_bindgen_test]
fn assignments_group_by_status_in_workflow_order() {
    let list = vec![
        assignment(1, 1, Status::Approved),
        assignment(2, 1, Status::Todo),
        assignment(3, 1, Status::Waiting),
        assignment(4, 1, Status::Todo),
    ];
    let groups = group_by_status(&list);
    let shape: Vec<(Status, Vec<i64>)> = groups
        .iter()
        .map(|(s, items)| (*s, items.iter().map(|a| a.assignment_id).collect()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (Status::Todo, vec![2, 4]),
            (Status::Waiting, vec![3]),
            (Status::Done, vec![]),
            (Status::Approved, vec![1]),
            (Status::Rejected, vec![]),
            (Status::Skipped, vec![]),
            (Status::Missed, vec![]),
        ]
    );
    assert!(group_by_status(&[])
        .iter()
        .all(|(_, items)| items.is_empty()));
}

#[wasm_bindgen_test]
fn the_board_filters_by_member_and_status() {
    let list = vec![
        assignment(1, 1, Status::Todo),
        assignment(2, 2, Status::Todo),
        assignment(3, 2, Status::Waiting),
    ];
    let ids = |v: Vec<Assignment>| v.iter().map(|a| a.assignment_id).collect::<Vec<_>>();
    assert_eq!(ids(filter(&list, None, None)), vec![1, 2, 3]);
    assert_eq!(ids(filter(&list, Some(2), None)), vec![2, 3]);
    assert_eq!(ids(filter(&list, None, Some(Status::Todo))), vec![1, 2]);
    assert_eq!(ids(filter(&list, Some(2), Some(Status::Waiting))), vec![3]);
    assert!(filter(&list, Some(9), None).is_empty());
}

#[wasm_bindgen_test]
fn admins_never_review_their_own_work() {
    let list = vec![
        assignment(1, 4, Status::Waiting),
        assignment(2, 1, Status::Waiting),
        assignment(3, 1, Status::Todo),
    ];
    let (reviewable, own) = reviewable_by(&list, 4);
    assert_eq!(
        reviewable
            .iter()
            .map(|a| a.assignment_id)
            .collect::<Vec<_>>(),
        vec![2]
    );
    assert_eq!(
        own.iter().map(|a| a.assignment_id).collect::<Vec<_>>(),
        vec![1]
    );
}

#[wasm_bindgen_test]
fn statuses_parse_from_the_api() {
    let a = read(
        r#"{"assignment_id":7,"task_id":1,"task_name":"Vacuuming","description":"Rugs","user_id":2,
            "assigned_to":"user2","assigned_at":"2026-11-25T03:31:00+00:00","completed_at":null,
            "is_approved":null,"status":"waiting","reviewed_at":null,"reviewed_by":null}"#,
    )
    .expect("assignment JSON");
    assert_eq!(a.status, Status::Waiting);
    // The chore engine's rows: unclaimed (no member yet), and its statuses.
    let open = read(
        r#"{"assignment_id":8,"task_id":2,"task_name":"Plants","user_id":null,"assigned_to":null,
            "assigned_at":"2026-11-25T03:31:00+00:00","status":"todo"}"#,
    )
    .expect("an unclaimed occurrence");
    assert_eq!((open.user_id, open.assigned_to), (None, None));
    for key in ["done", "skipped", "missed"] {
        assert_eq!(Status::from_key(key).map(Status::key), Some(key));
    }
    assert_eq!(Status::from_key("rejected"), Some(Status::Rejected));
    assert_eq!(Status::from_key(""), None);
}

#[wasm_bindgen_test]
fn routes_come_from_the_fragment() {
    assert_eq!(Route::parse(""), Route::Today);
    assert_eq!(Route::parse("#/tasks"), Route::MyTasks);
    assert_eq!(Route::parse("#/board"), Route::Board);
    assert_eq!(Route::parse("#/catalog?x=1"), Route::Catalog);
    assert_eq!(Route::parse("#approvals"), Route::Approvals);
    assert_eq!(Route::parse("#/nonsense"), Route::Today);
    for route in [
        Route::Today,
        Route::SignIn,
        Route::Register,
        Route::MyTasks,
        Route::Board,
        Route::Catalog,
        Route::Approvals,
        Route::Account,
        Route::Members,
        Route::Invites,
    ] {
        assert_eq!(Route::parse(route.href()), route);
    }
    assert!(!Route::Register.needs_session());
    assert!(Route::Board.needs_session());
}

#[wasm_bindgen_test]
fn registration_rules_match_the_api() {
    assert_eq!(validation::registration("ok_name", "password123"), None);
    assert_eq!(
        validation::registration("", "password123").map(|p| p.0),
        Some(Field::Username)
    );
    assert_eq!(
        validation::registration("ab", "password123").map(|p| p.0),
        Some(Field::Username)
    );
    assert_eq!(
        validation::registration("bad name", "password123").map(|p| p.0),
        Some(Field::Username)
    );
    assert_eq!(
        validation::registration(&"x".repeat(33), "password123").map(|p| p.0),
        Some(Field::Username)
    );
    assert_eq!(
        validation::registration("ok_name", "short"),
        Some((
            Field::Password,
            "Password must be at least 8 characters".into()
        ))
    );
    assert_eq!(
        validation::registration("ok_name", &"é".repeat(40)).map(|p| p.0),
        Some(Field::Password)
    );
}

#[wasm_bindgen_test]
fn times_are_formatted_for_people() {
    let text = format_time("2026-11-25T03:31:00.123456+00:00");
    assert!(text.contains("2026"), "{text}");
    assert!(!text.contains('T'), "{text}");
    assert_eq!(format_time("not a date"), "not a date");
}

#[wasm_bindgen_test]
fn task_rules_match_the_api() {
    assert_eq!(validation::task("Dishes", ""), None);
    assert_eq!(
        validation::task("   ", ""),
        Some((Field::TaskName, "Task name is required".into()))
    );
    assert_eq!(
        validation::task(&"x".repeat(101), "").map(|p| p.0),
        Some(Field::TaskName)
    );
    assert_eq!(
        validation::task("Dishes", &"x".repeat(1001)).map(|p| p.0),
        Some(Field::Description)
    );
}

#[wasm_bindgen_test]
fn the_api_root_follows_the_page() {
    use frontend::api::api_root;
    let origin = "http://127.0.0.1:3000";
    assert_eq!(api_root(origin, "/rpc/serve_html"), origin);
    assert_eq!(api_root(origin, "/"), origin);
    assert_eq!(
        api_root("https://example.org", "/chores/api/rpc/serve_html"),
        "https://example.org/chores/api"
    );
}

#[wasm_bindgen_test]
fn too_many_attempts_say_when_to_try_again() {
    let mut e = ApiError::from_reply(
        429,
        r#"{"code":"PT429","message":"Too many failed sign-ins for this account","details":null,"hint":"Try again in 8 seconds"}"#,
    );
    assert_eq!(
        e.user_message(),
        "Too many attempts — try again in a moment."
    );
    e.retry_after = Some(8);
    assert_eq!(
        e.user_message(),
        "Too many attempts — try again in 8 seconds."
    );
    e.retry_after = Some(1);
    assert_eq!(
        e.user_message(),
        "Too many attempts — try again in 1 second."
    );
    assert!(!e.is_session_problem());
}

#[wasm_bindgen_test]
fn account_and_invite_errors_belong_to_their_fields() {
    let wrong = ApiError::from_reply(
        403,
        r#"{"code":"PT403","message":"The current password is wrong","details":"p_current_password","hint":null}"#,
    );
    assert_eq!(wrong.field(), Some(Field::CurrentPassword));
    assert!(
        !wrong.is_session_problem(),
        "a wrong password keeps the session"
    );
    let common = ApiError::from_reply(
        400,
        r#"{"code":"PT400","message":"Password is too common","details":"p_password","hint":"Choose one that is not on lists of frequently used passwords"}"#,
    );
    assert_eq!(common.field(), Some(Field::Password));
    let needs = ApiError::from_reply(
        403,
        r#"{"code":"PT403","message":"Registration needs an invite code","details":"p_invite_code","hint":"Ask a household admin for one"}"#,
    );
    assert_eq!(needs.field(), Some(Field::InviteCode));
    assert_eq!(
        needs.user_message(),
        "Registration needs an invite code. Ask a household admin for one."
    );
    let ended = ApiError::from_reply(
        401,
        r#"{"code":"PT401","message":"This session has ended","details":null,"hint":"Sign in again"}"#,
    );
    assert!(ended.is_session_problem());
}

#[wasm_bindgen_test]
fn password_change_rules() {
    let ok = "a-new-password";
    assert_eq!(validation::password_change("old-password", ok, ok), None);
    let field = |c: &str, n: &str, r: &str| validation::password_change(c, n, r).map(|p| p.0);
    assert_eq!(field("", ok, ok), Some(Field::CurrentPassword));
    assert_eq!(
        field("old-password", "short", "short"),
        Some(Field::Password)
    );
    assert_eq!(
        field("old-password", ok, "other"),
        Some(Field::RepeatPassword)
    );
    assert_eq!(field(ok, ok, ok), Some(Field::Password));
}

#[wasm_bindgen_test]
fn invite_states() {
    let invite = |uses: u32, revoked: bool, active: Option<bool>| Invite {
        invite_id: 1,
        code: None,
        expires_at: "2030-01-01T00:00:00Z".into(),
        max_uses: 2,
        uses,
        revoked_at: revoked.then(|| "2029-01-01T00:00:00Z".to_string()),
        is_active: active,
    };
    assert_eq!(invite(1, false, Some(true)).state(), None);
    assert_eq!(invite(2, false, Some(false)).state(), Some("Used up"));
    assert_eq!(invite(0, true, Some(false)).state(), Some("Revoked"));
    assert_eq!(invite(0, false, Some(false)).state(), Some("Expired"));
}

/// docs/SECURITY-API.md, "Field errors": the parameter in `details` decides
/// the field; the message's wording never does.
#[wasm_bindgen_test]
fn fields_come_from_the_parameter_name_not_the_message() {
    let field = |body: &str| ApiError::from_reply(400, body).field();
    assert_eq!(
        field(r#"{"code":"PT400","message":"Task name is required"}"#),
        None
    );
    assert_eq!(
        field(
            r#"{"code":"PT400","message":"Password must be at least 8 characters","details":"p_new_password"}"#
        ),
        Some(Field::Password)
    );
    assert_eq!(
        field(r#"{"code":"PT400","message":"Anything at all","details":"p_username"}"#),
        Some(Field::Username)
    );
    // Not a field: an id, request input, or PostgREST's own details.
    assert_eq!(
        field(
            r#"{"code":"PT400","message":"Task id must be a positive id","details":"p_task_id"}"#
        ),
        None
    );
    assert_eq!(
        field(r#"{"code":"PGRST100","message":"x","details":"p_username"}"#),
        None
    );
    let problem = Problem::from(ApiError::from_reply(
        409,
        r#"{"code":"PT409","message":"Username is already taken","details":"p_username","hint":"Choose another username"}"#,
    ));
    assert_eq!(
        problem,
        Problem {
            field: Some(Field::Username),
            message: "Username is already taken. Choose another username.".into()
        }
    );
    assert_eq!(Problem::form("Choose a member first").field, None);
}
