//! The whole Today flow by keyboard alone: sign in, complete, undo, skip.

use super::{card, chore, focused, instant, keys, occurrence, wait_focus, ENTER, TAB};
use anyhow::{ensure, Result};
use fantoccini::Client;
use tests::browser::{run_scenario, wait_css, wait_gone};
use tests::browser_fixtures::{app, new_member, page_url, unique, user_id, MEMBER_PASSWORD};

/// Tabs forward until `id` has focus (at most `limit` presses).
async fn tab_to(client: &Client, id: &str, limit: usize) -> Result<()> {
    for _ in 0..limit {
        if focused(client).await? == id {
            return Ok(());
        }
        keys(client, TAB).await?;
    }
    ensure!(focused(client).await? == id, "Tab never reached #{id}");
    Ok(())
}

#[test]
fn today_by_keyboard_alone() {
    let stack = app();
    let (username, member) = new_member(stack);
    let me = user_id(&member);
    let prefix = unique("K");
    let due = instant(stack, "now() - interval '2 hours'");
    let first = chore(
        stack,
        &format!("{prefix} first"),
        Some(&due),
        "fixed",
        &[me],
    );
    let later = instant(stack, "now() - interval '1 hour'");
    let second = chore(
        stack,
        &format!("{prefix} second"),
        Some(&later),
        "fixed",
        &[me],
    );
    run_scenario("today_keyboard", &[], |client| async move {
        client.goto(&format!("{}#/signin", page_url(stack))).await?;
        wait_css(&client, "#username").await?;
        tab_to(&client, "username", 8).await?;
        keys(&client, &username).await?;
        keys(&client, TAB).await?;
        ensure!(focused(&client).await? == "password");
        keys(&client, &format!("{MEMBER_PASSWORD}{ENTER}")).await?;
        wait_css(&client, &format!("#done-{first}")).await?;
        // Signed in: focus starts at the page's content.
        wait_focus(&client, "main").await?;

        // Done on the first card: focus moves to the card now in its place.
        tab_to(&client, &format!("done-{first}"), 8).await?;
        keys(&client, ENTER).await?;
        wait_gone(&client, &card(first)).await?;
        wait_focus(&client, &format!("done-{second}")).await?;
        ensure!(occurrence(&member, first).await?["status"] == "done");

        // Undo from the snackbar: the card is back, focused on its Done.
        tab_to(&client, "today-undo", 6).await?;
        keys(&client, " ").await?;
        wait_css(&client, &card(first)).await?;
        wait_focus(&client, &format!("done-{first}")).await?;
        ensure!(occurrence(&member, first).await?["status"] == "todo");

        // More, then Skip: focus on the next card's Done, not a Skip.
        keys(&client, TAB).await?;
        ensure!(focused(&client).await? == format!("more-{first}"));
        keys(&client, ENTER).await?;
        wait_css(&client, &format!("#skip-{first}")).await?;
        ensure!(
            focused(&client).await? == format!("more-{first}"),
            "focus stays on More"
        );
        tab_to(&client, &format!("skip-{first}"), 12).await?;
        keys(&client, " ").await?;
        wait_gone(&client, &card(first)).await?;
        wait_focus(&client, &format!("done-{second}")).await?;
        ensure!(occurrence(&member, first).await?["status"] == "skipped");
        Ok(())
    });
}
