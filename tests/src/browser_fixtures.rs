//! Fixtures for the browser tests and the frontend benchmark: the app
//! published into the shared test stack, fresh users and tasks over the API,
//! and the sign-in steps every scenario starts with.

use crate::browser::{click, dist_dir, fill, wait_css, wait_gone, wait_js};
use crate::{Api, Stack};
use anyhow::Result;
use fantoccini::Client;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// The seeded accounts' password (`admin`, `user1`..`user3`).
pub const PASSWORD: &str = "password123";
/// Members the tests register: the API refuses common passwords such as
/// the seed's.
pub const MEMBER_PASSWORD: &str = "Tidy-Kitchen-4-Ever";

/// The shared stack with the app published once.
pub fn app() -> &'static Stack {
    static PUBLISHED: OnceLock<()> = OnceLock::new();
    let stack = Stack::shared();
    PUBLISHED.get_or_init(|| {
        let token = stack.publisher_token().expect("publisher token");
        let options = uploader::PublishOptions::new(dist_dir(), &stack.api_url, Some(token));
        uploader::publish(&options).expect("publishing dist/ (run make frontend)");
    });
    stack
}

pub fn page_url(stack: &Stack) -> String {
    format!("{}/rpc/serve_html", stack.api_url)
}

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}{n}x{nanos:x}")
}

pub fn admin(stack: &Stack) -> Api {
    stack
        .api()
        .login("admin", PASSWORD)
        .expect("admin signs in")
}

/// A new single-use invite code, created by the seeded admin over the API
/// (registering needs one unless an admin opened registration).
pub fn invite_code(stack: &Stack) -> String {
    let reply = admin(stack)
        .rpc(
            "create_invite",
            &json!({"p_expires_in_hours": 1, "p_max_uses": 1}),
        )
        .expect("create_invite");
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["code"]
        .as_str()
        .expect("the invite's code")
        .to_string()
}

/// A fresh member (registered with an invite), signed in over the API.
pub fn new_member(stack: &Stack) -> (String, Api) {
    let username = unique("m");
    let reply = stack
        .api()
        .rpc(
            "register_user",
            &json!({
                "p_username": username,
                "p_password": MEMBER_PASSWORD,
                "p_invite_code": invite_code(stack),
            }),
        )
        .expect("register");
    assert_eq!(reply.status, 201, "{}", reply.text());
    let api = stack
        .api()
        .login(&username, MEMBER_PASSWORD)
        .expect("member signs in");
    (username, api)
}

pub fn user_id(api: &Api) -> i64 {
    api.get("/rpc/me").expect("me").json()["user_id"]
        .as_i64()
        .expect("user_id")
}

/// A new task assigned to `member`; returns (task name, assignment id).
pub fn assign_new_task(stack: &Stack, member: &Api) -> (String, i64) {
    let admin = admin(stack);
    let name = unique("Chore ");
    let task = admin
        .rpc(
            "create_task",
            &json!({"p_task_name": name, "p_description": "Made by a browser test"}),
        )
        .expect("create_task");
    assert_eq!(task.status, 201, "{}", task.text());
    let assignment = admin
        .rpc(
            "assign_task",
            &json!({"p_task_id": task.json()["task_id"], "p_user_id": user_id(member)}),
        )
        .expect("assign_task");
    assert_eq!(assignment.status, 201, "{}", assignment.text());
    (
        name,
        assignment.json()["assignment_id"]
            .as_i64()
            .expect("assignment_id"),
    )
}

/// The member reports the assignment done over the API (the in-app
/// "Mark done" has a scenario of its own).
pub fn complete(member: &Api, assignment_id: i64) {
    let done = member
        .rpc(
            "complete_assignment",
            &json!({"p_assignment_id": assignment_id}),
        )
        .expect("complete_assignment");
    assert_eq!(done.status, 200, "{}", done.text());
}

/// Signs in at `#/tasks`: a sign-in keeps the address it was asked for,
/// and the scenarios written before Today (the landing screen) start on
/// My tasks.
pub async fn sign_in(client: &Client, stack: &Stack, username: &str, password: &str) -> Result<()> {
    client.goto(&format!("{}#/tasks", page_url(stack))).await?;
    fill(client, "#username", username).await?;
    fill(client, "#password", password).await?;
    // Enter submits: the form is a real <form>.
    wait_css(client, "#password")
        .await?
        .send_keys("\u{E007}")
        .await?;
    Ok(())
}

/// The admin approves (`.approve`) or rejects (`.reject`) one completion
/// in the app, sees it leave the review list, and signs out again.
pub async fn review_as_admin(
    client: &Client,
    stack: &Stack,
    assignment_id: i64,
    button: &str,
) -> Result<()> {
    sign_in(client, stack, "admin", PASSWORD).await?;
    wait_css(client, "#my-tasks").await?;
    click(client, "a[href='#/approvals']").await?;
    let waiting = format!("#review-list {}", card(assignment_id));
    wait_css(client, &waiting).await?;
    badge_matches_review_list(client).await?;
    click(client, &format!("{waiting} {button}")).await?;
    wait_gone(client, &waiting).await?;
    // The nav's badge follows without a reload.
    badge_matches_review_list(client).await?;
    sign_out(client).await
}

/// The nav's count of completions to review equals the cards listed
/// (other tests may add completions meanwhile: both come from one fetch).
async fn badge_matches_review_list(client: &Client) -> Result<()> {
    let expression = "(() => {
        const n = document.querySelectorAll('#review-list .assignment').length;
        const badge = document.querySelector('.nav-count');
        return n === 0 ? !badge : badge?.textContent === n + ' waiting';
    })()";
    wait_js(client, expression, "the approvals badge to match the list").await
}

pub async fn sign_out(client: &Client) -> Result<()> {
    click(client, "#sign-out").await?;
    wait_css(client, "#auth-form").await?;
    Ok(())
}

/// reqwest's blocking client must not run on the scenario's async runtime.
pub async fn api_get(api: &Api, path: String) -> Result<crate::Reply> {
    let api = api.clone();
    tokio::task::spawn_blocking(move || api.get(&path)).await?
}

/// `api_get` for an RPC call (POST with a JSON body).
pub async fn api_rpc(api: &Api, function: &'static str, args: Value) -> Result<crate::Reply> {
    let api = api.clone();
    tokio::task::spawn_blocking(move || api.rpc(function, &args)).await?
}

/// The token the app keeps in localStorage (`None` when signed out).
pub async fn stored_token(client: &Client) -> Result<Option<String>> {
    let stored = client
        .execute("return localStorage.getItem('ctt.session');", vec![])
        .await?;
    Ok(match stored.as_str() {
        Some(json) => serde_json::from_str::<Value>(json)?["token"]
            .as_str()
            .map(str::to_string),
        None => None,
    })
}

pub fn card(assignment_id: i64) -> String {
    format!(".assignment[data-assignment-id='{assignment_id}']")
}
