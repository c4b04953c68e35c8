//! The chore editor (`#/chores/new`, `#/chores/<id>`): schedules built from
//! presets, in plain words, with the next dates previewed before saving and
//! then planned by the API exactly so; every N days after it is done; a
//! rotation's list, order and strategy; a bad free rule refused at its
//! field; editing a stored chore.

mod changes;
mod new_chores;

use anyhow::{ensure, Context, Result};
use chrono::{DateTime, FixedOffset};
use fantoccini::Client;
use serde_json::{json, Value};
use tests::browser::{click, wait_contains, wait_css, wait_js};
use tests::browser_fixtures::{api_get, page_url, sign_in, PASSWORD};
use tests::{Api, Stack};

/// The 400s the preview and the save of a bad rule log in the console.
const REFUSED: &str = "status of 400";

/// Signs the admin in and opens `hash`.
async fn open_as_admin(client: &Client, stack: &Stack, hash: &str) -> Result<()> {
    sign_in(client, stack, "admin", PASSWORD).await?;
    wait_css(client, "#sign-out").await?;
    client.goto(&format!("{}{hash}", page_url(stack))).await?;
    Ok(())
}

async fn open_editor(client: &Client, stack: &Stack, hash: &str) -> Result<()> {
    open_as_admin(client, stack, hash).await?;
    wait_css(client, "#chore-editor").await?;
    Ok(())
}

/// Sets an input's value as a person would (date, time and datetime-local
/// inputs take no typed keys portably).
async fn set_value(client: &Client, css: &str, value: &str) -> Result<()> {
    wait_css(client, css).await?;
    let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                  e.dispatchEvent(new Event('input', {bubbles: true})); \
                  e.dispatchEvent(new Event('change', {bubbles: true}));";
    client
        .execute(script, vec![json!(css), json!(value)])
        .await?;
    Ok(())
}

async fn js(client: &Client, script: &str) -> Result<Value> {
    Ok(client.execute(script, vec![]).await?)
}

/// The previewed instants once five are shown for the current schedule.
async fn previewed(client: &Client) -> Result<Vec<String>> {
    wait_js(
        client,
        "document.querySelectorAll('#preview-dates li').length === 5 \
         && document.querySelector('#schedule-preview').getAttribute('aria-busy') === 'false'",
        "five previewed dates",
    )
    .await?;
    let dates = js(
        client,
        "return Array.from(document.querySelectorAll('#preview-dates li')).map(e => e.dataset.at);",
    )
    .await?;
    Ok(serde_json::from_value(dates)?)
}

fn instant(text: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).with_context(|| format!("an instant: {text}"))
}

/// The chore's row of `api.tasks`, by name.
async fn chore(api: &Api, name: &str) -> Result<Value> {
    let reply = api_get(
        api,
        format!("/tasks?task_name=eq.{}", name.replace(' ', "%20")),
    )
    .await?;
    let row = reply.json()[0].clone();
    ensure!(row.is_object(), "no chore {name}: {}", reply.text());
    Ok(row)
}

/// The chore's open occurrences (due time and member).
async fn open(api: &Api, task_id: &Value) -> Result<Vec<Value>> {
    let reply = api_get(
        api,
        format!("/task_assignments?task_id=eq.{task_id}&status=eq.todo&order=due_at.asc"),
    )
    .await?;
    Ok(reply.json().as_array().cloned().unwrap_or_default())
}

async fn save_and_wait(client: &Client, status: &str) -> Result<()> {
    click(client, "#save-chore").await?;
    wait_contains(client, "#chore-status", status).await
}
