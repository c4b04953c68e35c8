//! PostgREST killed (`kill -9`) under the app open in Chromium and
//! restarted by the stack's supervisor: the same page, never reloaded,
//! works again (marks assignments done, opens another tab) and the writes
//! are in the database.

use crate::common::{stack, RECOVERY_BOUND};
use anyhow::{ensure, Context};
use serde_json::json;
use std::time::{Duration, Instant};
use tests::browser::{
    browser_log, click, dist_dir, run_scenario, texts, unexpected_errors, wait_css, wait_gone,
    wait_js,
};
use tests::browser_fixtures::{
    assign_new_task, card, new_member, page_url, sign_in, MEMBER_PASSWORD,
};
use tests::drill::{kill_postgrest, postgrest_pid, wait_ready};

/// What the browser logs while PostgREST is away: refused or dropped
/// connections, and a 503 if a request lands while the new process is
/// still loading its schema cache. Nothing else, and nothing at all
/// before the kill or after recovery (checked phase by phase).
const OUTAGE_CONSOLE: [&str; 5] = [
    "net::ERR_CONNECTION_REFUSED",
    "net::ERR_CONNECTION_RESET",
    "net::ERR_CONNECTION_CLOSED",
    "net::ERR_EMPTY_RESPONSE",
    "status of 503",
];

#[test]
fn app_in_chromium_recovers_from_postgrest_kill_without_reload() {
    let (_one, stack) = stack();
    // The real app (other drills publish test builds into this stack).
    let token = stack.publisher_token().expect("publisher token");
    let options = uploader::PublishOptions::new(dist_dir(), &stack.api_url, Some(token));
    uploader::publish(&options).expect("publishing dist/ (run make frontend)");
    let (username, member) = new_member(stack);
    let (_, first) = assign_new_task(stack, &member);
    let (_, second) = assign_new_task(stack, &member);

    run_scenario("drill_app_kill9", &OUTAGE_CONSOLE, |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        let todo = |id: i64| format!("[data-group='todo'] {}", card(id));
        let waiting = |id: i64| format!("[data-group='waiting'] {}", card(id));
        wait_css(&client, &todo(first)).await?;
        wait_css(&client, &todo(second)).await?;
        let before = browser_log(&client).await?;
        let errors = unexpected_errors(&before, &[]);
        ensure!(
            errors.is_empty(),
            "console errors before the kill: {errors:?}"
        );
        // Gone if the page is ever reloaded.
        client
            .execute(
                "window.drillSamePage = 'not reloaded'; return null;",
                vec![],
            )
            .await?;

        let killed = tokio::task::spawn_blocking(move || kill_postgrest(stack)).await??;
        // Polled from the kill on, while the page is used meanwhile.
        let ready = tokio::task::spawn_blocking(move || wait_ready(stack, Duration::from_secs(20)));
        // At once, while PostgREST is away: mark the first one done. An
        // error next to the button is fine (so is success, if the new
        // process already serves).
        click(&client, &format!("{} .mark-done", todo(first))).await?;
        let error_css = format!("{} .field-error", card(first));
        wait_js(
            &client,
            &format!(
                "document.querySelector({}) || document.querySelector({})",
                json!(error_css),
                json!(waiting(first))
            ),
            "an error or success for the click during the outage",
        )
        .await?;
        let outage_message = texts(&client, &error_css).await?;
        let ready = ready.await??;
        let serving = tokio::task::spawn_blocking(move || postgrest_pid(stack)).await??;
        ensure!(serving != killed, "still the killed PostgREST {killed}?");
        println!(
            "kill9 in Chromium: PostgREST {killed} killed, {serving} ready after {ready:?}; \
             the click during the outage showed {outage_message:?}"
        );
        let during = browser_log(&client).await?;
        let errors = unexpected_errors(&during, &OUTAGE_CONSOLE);
        ensure!(
            errors.is_empty(),
            "console errors during the outage: {errors:?}"
        );
        let outage_entries: Vec<&str> = during
            .iter()
            .filter(|e| e.level == "SEVERE")
            .map(|e| e.message.as_str())
            .collect();
        println!("kill9 in Chromium: console during the outage: {outage_entries:?}");

        // Same page, no reload. A failed request put the app in its
        // offline mode (controls disabled, the server asked every 3 s):
        // it must notice by itself that the server is back.
        let recovered_at = Instant::now();
        wait_gone(&client, "#offline-notice").await?;
        let noticed = recovered_at.elapsed();
        println!("kill9 in Chromium: the app left its offline mode {noticed:?} after the new PostgREST was ready");
        // Then mark the second one done (and the first again if the
        // outage refused it), then open the board.
        click(&client, &format!("{} .mark-done", todo(second))).await?;
        wait_css(&client, &waiting(second)).await?;
        let first_again = !outage_message.is_empty();
        if first_again {
            click(&client, &format!("{} .mark-done", todo(first))).await?;
        }
        wait_css(&client, &waiting(first)).await?;
        let errors_shown = texts(&client, "#my-tasks .field-error").await?;
        ensure!(
            errors_shown.is_empty(),
            "errors after recovery: {errors_shown:?}"
        );
        click(&client, "a[href='#/board']").await?;
        wait_css(&client, &format!("#board {}", card(second))).await?;
        let acted = recovered_at.elapsed();
        let same = client
            .execute("return window.drillSamePage || null;", vec![])
            .await?;
        ensure!(same == json!("not reloaded"), "the page was reloaded");
        let url = client.current_url().await?;
        ensure!(
            url.as_str().starts_with(&page_url(stack)) && url.fragment() == Some("/board"),
            "{url}"
        );

        let done = tokio::task::spawn_blocking(move || {
            stack.query_value(&format!(
                "SELECT count(*) FROM app_data.task_assignments \
                 WHERE assignment_id IN ({first}, {second}) AND completed_at IS NOT NULL"
            ))
        })
        .await?
        .context("reading the completions")?;
        ensure!(done == "2", "completed in the database: {done} of 2");
        let after = browser_log(&client).await?;
        let errors = unexpected_errors(&after, &[]);
        ensure!(
            errors.is_empty(),
            "console errors after recovery: {errors:?}"
        );
        println!(
            "kill9 in Chromium: after recovery, in the same page, {} marked done and the \
             board shown within {acted:?}; both completions in the database",
            if first_again { "both" } else { "the second" }
        );
        ensure!(
            ready <= RECOVERY_BOUND,
            "PostgREST ready {ready:?} after the kill (bound {RECOVERY_BOUND:?})"
        );
        Ok(())
    });
}
