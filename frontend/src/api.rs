//! The only place that knows URLs, headers and PostgREST's error format.
//! Pages call the typed functions below and get models or an [`ApiError`].

use crate::errors::ApiError;
use crate::models::{Assignment, LoginReply, Task, User};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

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

async fn send<T: DeserializeOwned>(
    builder: RequestBuilder,
    auth: Auth<'_>,
    body: Option<String>,
) -> Result<T, ApiError> {
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
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    if !(200..300).contains(&status) {
        return Err(ApiError::from_reply(status, &text));
    }
    serde_json::from_str(&text).map_err(|_| ApiError {
        status,
        code: None,
        message: String::new(),
        hint: None,
    })
}

async fn get<T: DeserializeOwned>(path: &str, auth: Auth<'_>) -> Result<T, ApiError> {
    send(Request::get(&format!("{}{path}", base_url())), auth, None).await
}

/// The RPC arguments as typed structs rather than `serde_json::Value`:
/// the app then carries no JSON-tree code, a measurable part of the wasm.
async fn rpc<T: DeserializeOwned>(
    function: &str,
    auth: Auth<'_>,
    args: &impl Serialize,
) -> Result<T, ApiError> {
    let url = format!("{}/rpc/{function}", base_url());
    let body = serde_json::to_string(args).map_err(|e| ApiError::network(e.to_string()))?;
    send(Request::post(&url), auth, Some(body)).await
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

pub async fn register(username: &str, password: &str) -> Result<User, ApiError> {
    rpc(
        "register_user",
        Auth(None),
        &Credentials {
            p_username: username,
            p_password: password,
        },
    )
    .await
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
