//! The only place that knows URLs, headers and PostgREST's error format.
//! Pages call the typed functions below and get models or an [`ApiError`].

use crate::errors::ApiError;
use crate::models::{Assignment, Invite, LoginReply, Registration, Task, User};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;

/// The API root. The app is served by PostgREST itself (at
/// `<root>/rpc/serve_html`, where a reverse proxy may add a path prefix), and
/// `trunk serve` proxies the API paths at `/`: either way the API is the
/// page's own origin plus whatever precedes `/rpc/`.
pub fn api_root(origin: &str, pathname: &str) -> String {
    let prefix = pathname.find("/rpc/").map_or("", |at| &pathname[..at]);
    format!("{origin}{prefix}")
}

fn base_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    api_root(
        &location.origin().unwrap_or_default(),
        &location.pathname().unwrap_or_default(),
    )
}

/// A caller's credentials; `None` for the anonymous calls (sign-in,
/// registration).
#[derive(Clone, Copy)]
pub struct Auth<'a>(pub Option<&'a str>);

thread_local! {
    static SESSION_LOST: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// What to do when the server refuses a token the app sent (expired,
/// signed out elsewhere, password changed, member removed): the one place
/// every call's 401 ends up, so no page has to remember to check.
pub fn on_session_lost(handler: impl Fn() + 'static) {
    SESSION_LOST.with(|h| *h.borrow_mut() = Some(Box::new(handler)));
}

/// Sends one request and returns the reply's body, or the error. Not
/// generic: one copy in the wasm however many reply types there are.
async fn send_text(
    builder: RequestBuilder,
    auth: Auth<'_>,
    body: Option<String>,
) -> Result<String, ApiError> {
    let builder = builder.header("Accept", "application/json");
    let builder = match auth.0 {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    };
    let request: Result<Request, _> = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    };
    let request = request.map_err(|e| ApiError::network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    let status = response.status();
    // Same origin, so the header is readable (no CORS expose list needed).
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    if !(200..300).contains(&status) {
        let mut error = ApiError::from_reply(status, &text);
        error.retry_after = retry_after;
        if auth.0.is_some() && error.is_session_problem() {
            SESSION_LOST.with(|h| {
                if let Some(handler) = &*h.borrow() {
                    handler();
                }
            });
        }
        return Err(error);
    }
    Ok(text)
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError {
        status: 200,
        code: None,
        message: String::new(),
        hint: None,
        retry_after: None,
    })
}

async fn get<T: DeserializeOwned>(path: &str, auth: Auth<'_>) -> Result<T, ApiError> {
    let text = send_text(Request::get(&format!("{}{path}", base_url())), auth, None).await?;
    decode(&text)
}

/// The RPC arguments as typed structs rather than `serde_json::Value`:
/// the app then carries no JSON-tree code, a measurable part of the wasm.
async fn rpc<T: DeserializeOwned>(
    function: &str,
    auth: Auth<'_>,
    args: &impl Serialize,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(args).map_err(|e| ApiError::network(e.to_string()))?;
    let text = post(function, auth, body).await?;
    decode(&text)
}

async fn post(function: &str, auth: Auth<'_>, body: String) -> Result<String, ApiError> {
    let url = format!("{}/rpc/{function}", base_url());
    send_text(Request::post(&url), auth, Some(body)).await
}

#[derive(Serialize)]
struct Credentials<'a> {
    p_username: &'a str,
    p_password: &'a str,
}

#[derive(Serialize)]
struct TaskFields<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    p_task_id: Option<i64>,
    p_task_name: &'a str,
    p_description: &'a str,
}

#[derive(Serialize)]
struct TaskId {
    p_task_id: i64,
}

#[derive(Serialize)]
struct Assign {
    p_task_id: i64,
    p_user_id: i64,
}

#[derive(Serialize)]
struct AssignmentId {
    p_assignment_id: i64,
}

pub async fn login(username: &str, password: &str) -> Result<LoginReply, ApiError> {
    rpc(
        "login",
        Auth(None),
        &Credentials {
            p_username: username,
            p_password: password,
        },
    )
    .await
}

#[derive(Serialize)]
struct Registering<'a> {
    p_username: &'a str,
    p_password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    p_invite_code: Option<&'a str>,
}

#[derive(Serialize)]
struct PasswordChange<'a> {
    p_current_password: &'a str,
    p_new_password: &'a str,
}

#[derive(Serialize)]
struct PasswordReset<'a> {
    p_user_id: i64,
    p_new_password: &'a str,
}

#[derive(Serialize)]
struct UserId {
    p_user_id: i64,
}

#[derive(Serialize)]
struct InviteTerms {
    p_expires_in_hours: u32,
    p_max_uses: u32,
}

#[derive(Serialize)]
struct InviteId {
    p_invite_id: i64,
}

#[derive(Serialize)]
struct Minutes {
    p_minutes: u32,
}

/// `invite_code`: `None` when the field was left empty (registration may
/// be open to everyone for a while).
pub async fn register(
    username: &str,
    password: &str,
    invite_code: Option<&str>,
) -> Result<User, ApiError> {
    rpc(
        "register_user",
        Auth(None),
        &Registering {
            p_username: username,
            p_password: password,
            p_invite_code: invite_code,
        },
    )
    .await
}

/// Ends this token's session on the server.
pub async fn logout(auth: Auth<'_>) -> Result<(), ApiError> {
    post("logout", auth, "{}".into()).await.map(|_| ())
}

/// A new password for the signed-in member: every other session ends, the
/// reply carries the new token.
pub async fn change_password(
    auth: Auth<'_>,
    current: &str,
    new: &str,
) -> Result<LoginReply, ApiError> {
    rpc(
        "change_password",
        auth,
        &PasswordChange {
            p_current_password: current,
            p_new_password: new,
        },
    )
    .await
}

pub async fn reset_member_password(
    auth: Auth<'_>,
    user_id: i64,
    new: &str,
) -> Result<User, ApiError> {
    rpc(
        "reset_member_password",
        auth,
        &PasswordReset {
            p_user_id: user_id,
            p_new_password: new,
        },
    )
    .await
}

pub async fn remove_member(auth: Auth<'_>, user_id: i64) -> Result<User, ApiError> {
    rpc("remove_member", auth, &UserId { p_user_id: user_id }).await
}

/// The reply is the only time the code itself is shown.
pub async fn create_invite(
    auth: Auth<'_>,
    expires_in_hours: u32,
    max_uses: u32,
) -> Result<Invite, ApiError> {
    rpc(
        "create_invite",
        auth,
        &InviteTerms {
            p_expires_in_hours: expires_in_hours,
            p_max_uses: max_uses,
        },
    )
    .await
}

pub async fn invites(auth: Auth<'_>) -> Result<Vec<Invite>, ApiError> {
    get("/rpc/invites", auth).await
}

pub async fn revoke_invite(auth: Auth<'_>, invite_id: i64) -> Result<Invite, ApiError> {
    rpc(
        "revoke_invite",
        auth,
        &InviteId {
            p_invite_id: invite_id,
        },
    )
    .await
}

pub async fn registration_settings(auth: Auth<'_>) -> Result<Registration, ApiError> {
    get("/rpc/registration_settings", auth).await
}

/// Lets anyone register for `minutes` (0 closes registration again).
pub async fn open_registration(auth: Auth<'_>, minutes: u32) -> Result<Registration, ApiError> {
    rpc("open_registration", auth, &Minutes { p_minutes: minutes }).await
}

pub async fn me(auth: Auth<'_>) -> Result<User, ApiError> {
    get("/rpc/me", auth).await
}

pub async fn users(auth: Auth<'_>) -> Result<Vec<User>, ApiError> {
    get("/users?order=username.asc", auth).await
}

pub async fn tasks(auth: Auth<'_>) -> Result<Vec<Task>, ApiError> {
    get("/tasks?order=is_archived.asc,task_name.asc", auth).await
}

pub async fn assignments_of(auth: Auth<'_>, user_id: i64) -> Result<Vec<Assignment>, ApiError> {
    get(
        &format!(
            "/task_assignments?user_id=eq.{user_id}&order=assigned_at.desc,assignment_id.desc"
        ),
        auth,
    )
    .await
}

pub async fn all_assignments(auth: Auth<'_>) -> Result<Vec<Assignment>, ApiError> {
    get(
        "/task_assignments?order=assigned_at.desc,assignment_id.desc",
        auth,
    )
    .await
}

pub async fn waiting_assignments(auth: Auth<'_>) -> Result<Vec<Assignment>, ApiError> {
    get(
        "/task_assignments?status=eq.waiting&order=completed_at.asc",
        auth,
    )
    .await
}

pub async fn create_task(auth: Auth<'_>, name: &str, description: &str) -> Result<Task, ApiError> {
    rpc(
        "create_task",
        auth,
        &TaskFields {
            p_task_id: None,
            p_task_name: name,
            p_description: description,
        },
    )
    .await
}

pub async fn update_task(
    auth: Auth<'_>,
    task_id: i64,
    name: &str,
    description: &str,
) -> Result<Task, ApiError> {
    rpc(
        "update_task",
        auth,
        &TaskFields {
            p_task_id: Some(task_id),
            p_task_name: name,
            p_description: description,
        },
    )
    .await
}

pub async fn archive_task(auth: Auth<'_>, task_id: i64) -> Result<Task, ApiError> {
    rpc("delete_task", auth, &TaskId { p_task_id: task_id }).await
}

pub async fn assign_task(
    auth: Auth<'_>,
    task_id: i64,
    user_id: i64,
) -> Result<Assignment, ApiError> {
    rpc(
        "assign_task",
        auth,
        &Assign {
            p_task_id: task_id,
            p_user_id: user_id,
        },
    )
    .await
}

pub async fn complete(auth: Auth<'_>, assignment_id: i64) -> Result<Assignment, ApiError> {
    rpc(
        "complete_assignment",
        auth,
        &AssignmentId {
            p_assignment_id: assignment_id,
        },
    )
    .await
}

pub async fn review(
    auth: Auth<'_>,
    assignment_id: i64,
    approve: bool,
) -> Result<Assignment, ApiError> {
    let function = if approve {
        "approve_assignment"
    } else {
        "reject_assignment"
    };
    rpc(
        function,
        auth,
        &AssignmentId {
            p_assignment_id: assignment_id,
        },
    )
    .await
}
