//! Today, the landing screen (issue 12), end to end: its sections for a
//! member, Done with a note and a "done earlier" time, Undo, skip, claim,
//! swap offers both ways, others' completions after the tab regains focus
//! and every minute (refresh.rs),
//! and the whole flow by keyboard alone.

mod keyboard;
mod refresh;
mod swaps;

use anyhow::{ensure, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::Client;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tests::browser::{
    click, count, fill, run_scenario, texts, wait_contains, wait_css, wait_gone, wait_js,
};
use tests::browser_fixtures::{
    admin, api_get, api_rpc, app, new_member, page_url, unique, user_id, MEMBER_PASSWORD,
};
use tests::{Api, Stack};

/// An instant as the API writes it, from SQL over the household's clock
/// (`zone` in the expression is its time zone, `today` its local midnight).
fn instant(stack: &Stack, expression: &str) -> String {
    let sql = format!(
        "WITH h AS (SELECT app_functions.household_time_zone() AS zone), \
              d AS (SELECT zone, date_trunc('day', now() AT TIME ZONE zone) AS today FROM h) \
         SELECT to_char(({expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM d"
    );
    stack.query_value(&sql).expect("an instant")
}

/// A one-off chore due at `due_at` (None: no due date), created by the
/// admin: `fixed` to the first member, or `anyone` of `pool`. Returns the
/// open occurrence's id.
fn chore(stack: &Stack, name: &str, due_at: Option<&str>, mode: &str, pool: &[i64]) -> i64 {
    let reply = admin(stack)
        .rpc(
            "create_chore",
            &json!({
                "p_task_name": name,
                "p_schedule_kind": "once",
                "p_due_at": due_at,
                "p_assignee_mode": mode,
                "p_user_id": (mode == "fixed").then_some(pool[0]),
                "p_pool": (mode != "fixed").then_some(pool),
                "p_requires_approval": false,
            }),
        )
        .expect("create_chore");
    assert_eq!(reply.status, 201, "{}", reply.text());
    let task_id = reply.json()["task_id"].as_i64().expect("task_id");
    stack
        .query_value(&format!(
            "SELECT assignment_id FROM app_data.task_assignments WHERE task_id = {task_id} AND status = 'todo'"
        ))
        .expect("the open occurrence")
        .parse()
        .expect("an id")
}

async fn occurrence(api: &Api, id: i64) -> Result<Value> {
    let reply = api_get(api, format!("/task_assignments?assignment_id=eq.{id}")).await?;
    Ok(reply.json()[0].clone())
}

/// Signs in from the sign-in page itself, which leads to Today (the
/// shared `sign_in` asks for My tasks).
async fn sign_in(client: &Client, stack: &Stack, username: &str, password: &str) -> Result<()> {
    client.goto(&format!("{}#/signin", page_url(stack))).await?;
    fill(client, "#username", username).await?;
    fill(client, "#password", password).await?;
    keys(client, ENTER).await
}

/// Presses keys through WebDriver's key actions (no clicks, no element
/// targeted): what a keyboard user does.
async fn keys(client: &Client, text: &str) -> Result<()> {
    let mut actions = KeyActions::new("keyboard".into());
    for value in text.chars() {
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    client.perform_actions(actions).await?;
    Ok(())
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// The names in one section of the Today list.
async fn section(client: &Client, key: &str) -> Result<Vec<String>> {
    texts(
        client,
        &format!("#today-list [data-section='{key}'] .today-card .task-name"),
    )
    .await
}

fn card(id: i64) -> String {
    format!("#today-list .today-card[data-assignment-id='{id}']")
}

async fn focused(client: &Client) -> Result<String> {
    let id = client
        .execute(
            "return document.activeElement && document.activeElement.id;",
            vec![],
        )
        .await?;
    Ok(id.as_str().unwrap_or_default().to_string())
}

async fn wait_focus(client: &Client, id: &str) -> Result<()> {
    let expression = format!("document.activeElement && document.activeElement.id === '{id}'");
    wait_js(client, &expression, &format!("focus on #{id}")).await
}

/// What a tab regaining focus sends the page.
async fn window_focus(client: &Client) -> Result<()> {
    client
        .execute("window.dispatchEvent(new Event('focus'));", vec![])
        .await?;
    Ok(())
}

#[test]
fn today_shows_my_week_and_done_with_a_note_undo_and_others_changes() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (other_name, other) = new_member(stack);
    let (me, them) = (user_id(&member), user_id(&other));
    let prefix = unique("T");
    let name = |what: &str| format!("{prefix} {what}");
    let overdue = chore(
        stack,
        &name("overdue"),
        Some(&instant(stack, "now() - interval '1 day'")),
        "fixed",
        &[me],
    );
    let tonight = instant(
        stack,
        "(today + interval '1 day' - interval '1 minute') AT TIME ZONE zone",
    );
    let today = chore(stack, &name("today"), Some(&tonight), "fixed", &[me]);
    let soon = instant(
        stack,
        "(today + interval '3 days 12 hours') AT TIME ZONE zone",
    );
    chore(stack, &name("soon"), Some(&soon), "fixed", &[me]);
    let later = instant(
        stack,
        "(today + interval '10 days 12 hours') AT TIME ZONE zone",
    );
    chore(stack, &name("later"), Some(&later), "fixed", &[me]);
    let theirs = chore(stack, &name("theirs"), Some(&soon), "fixed", &[them]);
    // "Done earlier" must not be before the occurrence was planned.
    stack
        .query_value(&format!(
            "UPDATE app_data.task_assignments SET assigned_at = now() - interval '3 hours' \
             WHERE assignment_id = {today} RETURNING 1"
        ))
        .expect("an earlier occurrence");
    let earlier = stack
        .query_value(
            "SELECT to_char((now() - interval '1 hour') AT TIME ZONE app_functions.household_time_zone(), \
             'YYYY-MM-DD\"T\"HH24:MI')",
        )
        .expect("a local time");
    let future = stack
        .query_value(
            "SELECT to_char((now() + interval '2 hours') AT TIME ZONE app_functions.household_time_zone(), \
             'YYYY-MM-DD\"T\"HH24:MI')",
        )
        .expect("a local time");
    run_scenario("today_week", &["status of 400"], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        // Signing in lands on Today.
        wait_css(&client, "#today-list [data-section='upcoming']").await?;
        let url = client.current_url().await?;
        ensure!(url.fragment() == Some("/today"), "after sign-in: {url}");
        ensure!(texts(&client, "h1").await? == ["Today"]);
        ensure!(section(&client, "overdue").await? == [name("overdue")]);
        ensure!(section(&client, "due-today").await? == [name("today")]);
        // The week only, and mine only.
        ensure!(section(&client, "upcoming").await? == [name("soon")]);

        // Done, then Undo within the 10 seconds: the card is back and open.
        click(&client, &format!("#done-{overdue}")).await?;
        wait_gone(&client, &card(overdue)).await?;
        wait_contains(
            &client,
            "#today-snackbar",
            &format!("Done: {}", name("overdue")),
        )
        .await?;
        ensure!(occurrence(&member, overdue).await?["status"] == "done");
        ensure!(texts(&client, "#today-snackbar")
            .await?
            .concat()
            .contains("10 seconds"));
        click(&client, "#today-undo").await?;
        wait_css(&client, &format!("#done-{overdue}")).await?;
        wait_focus(&client, &format!("done-{overdue}")).await?;
        ensure!(occurrence(&member, overdue).await?["status"] == "todo");
        ensure!(section(&client, "overdue").await? == [name("overdue")]);

        // Done with a note and a "done earlier" time; a time in the future
        // is refused by the API and said at its field.
        click(&client, &format!("#more-{today}")).await?;
        wait_css(&client, &format!("#note-{today}")).await?;
        fill(&client, &format!("#note-{today}"), "Used the new sponge").await?;
        let set_when = "const e = document.getElementById(arguments[0]); e.value = arguments[1]; \
                        e.dispatchEvent(new Event('input', {bubbles: true}));";
        let when_id = format!("when-{today}");
        client
            .execute(set_when, vec![json!(when_id), json!(future)])
            .await?;
        click(&client, &format!("#done-{today}")).await?;
        wait_contains(&client, &format!("#when-{today}-error"), "future").await?;
        ensure!(occurrence(&member, today).await?["status"] == "todo");
        client
            .execute(set_when, vec![json!(when_id), json!(earlier)])
            .await?;
        click(&client, &format!("#done-{today}")).await?;
        wait_gone(&client, &card(today)).await?;
        let shown_at = Instant::now();
        let stored = occurrence(&member, today).await?;
        ensure!(stored["status"] == "done", "{stored}");
        ensure!(stored["note"] == "Used the new sponge", "{stored}");
        let closed = stack.query_value(&format!(
            "SELECT to_char(closed_at AT TIME ZONE app_functions.household_time_zone(), 'YYYY-MM-DD\"T\"HH24:MI') \
             FROM app_data.task_assignments WHERE assignment_id = {today}"
        ))?;
        ensure!(closed == earlier, "closed at {closed}, done at {earlier}");
        // Nothing left today: its empty state says so.
        wait_contains(
            &client,
            "#today-list [data-section='due-today'] .empty",
            "Nothing due today",
        )
        .await?;

        // While the snackbar shows: everyone's chores, the other member's
        // too, under its member.
        click(&client, "#today-everyone").await?;
        wait_css(&client, &card(theirs)).await?;
        let meta = texts(&client, &format!("{} .today-meta", card(theirs))).await?;
        ensure!(
            meta.concat().contains(&other_name),
            "the member is named: {meta:?}"
        );
        // Theirs is not mine to complete.
        ensure!(count(&client, &format!("{} .today-done", card(theirs))).await? == 0);
        // Their completion shows up when the tab regains focus.
        let done = api_rpc(
            &other,
            "complete_assignment",
            json!({"p_assignment_id": theirs}),
        )
        .await?;
        ensure!(done.status == 200, "{}", done.text());
        window_focus(&client).await?;
        wait_gone(&client, &card(theirs)).await?;
        click(&client, "#today-me").await?;
        wait_js(
            &client,
            "document.querySelectorAll('#today-list .today-card').length === 2",
            "my two open cards again",
        )
        .await?;

        // The snackbar goes after its 10 seconds, not before.
        wait_css(&client, "#today-snackbar .snackbar-body").await?;
        wait_gone(&client, "#today-snackbar .snackbar-body").await?;
        let lasted = shown_at.elapsed();
        ensure!(
            lasted > Duration::from_secs(8),
            "the snackbar went after {lasted:?}"
        );
        Ok(())
    });
}
