//! The Household screen (an admin's time zone, a member's away period, the
//! members' tools) and My settings (own away period, the calendar-feed
//! link copied and made anew, the theme), end to end in the app (issue 12).

use anyhow::{ensure, Result};
use fantoccini::Client;
use serde_json::{json, Value};
use tests::browser::{
    click, count, run_scenario, select, wait_contains, wait_css, wait_gone, wait_js,
};
use tests::browser_fixtures::{
    admin, api_get, api_rpc, app, new_member, page_url, sign_in, user_id, MEMBER_PASSWORD, PASSWORD,
};

/// Sets a date input's value (typing into one depends on the locale).
async fn set_date(client: &Client, css: &str, day: &str) -> Result<()> {
    let input = wait_css(client, css).await?;
    client
        .execute(
            "arguments[0].value = arguments[1];",
            vec![serde_json::to_value(input)?, json!(day)],
        )
        .await?;
    Ok(())
}

async fn js(client: &Client, script: &str) -> Result<Value> {
    Ok(client.execute(script, vec![]).await?)
}

/// The page's computed background as the sum of its red, green and blue.
async fn background_brightness(client: &Client) -> Result<u32> {
    let colour = js(
        client,
        "return getComputedStyle(document.documentElement).backgroundColor;",
    )
    .await?;
    let colour = colour.as_str().unwrap_or_default();
    Ok(colour
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .filter_map(|c| c.trim().parse::<u32>().ok())
        .sum())
}

/// The feed link the page shows, once it differs from `before`.
async fn feed_url(client: &Client, before: &str) -> Result<String> {
    let expression = format!(
        "!document.querySelector('#feed-link').hidden && document.querySelector('#feed-url').value !== {}",
        json!(before)
    );
    wait_js(client, &expression, "a new feed link").await?;
    Ok(
        js(client, "return document.querySelector('#feed-url').value;")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// GET of a whole URL: status and content type.
async fn fetch(url: &str) -> Result<(u16, String, String)> {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        let reply = reqwest::blocking::get(&url)?;
        let kind = reply
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let status = reply.status().as_u16();
        Ok((status, kind, reply.text()?))
    })
    .await?
}

#[test]
fn admin_sets_the_time_zone_and_a_members_away_period() {
    let stack = app();
    let (username, member) = new_member(stack);
    let id = user_id(&member);
    let boss = admin(stack);
    run_scenario(
        "household_settings",
        &["status of 400"],
        |client| async move {
            sign_in(&client, stack, "admin", PASSWORD).await?;
            // Signed in (whichever page lands first).
            wait_css(&client, "#sign-out").await?;
            click(&client, "a[href='#/household']").await?;

            // A zone at UTC's offset all year: other scenarios' times stay put.
            select(&client, "#household-zone", "Atlantic/Reykjavik").await?;
            click(&client, "#save-zone").await?;
            wait_contains(&client, "#zone-saved", "saved").await?;
            let saved = api_get(&boss, "/rpc/household".into()).await?;
            ensure!(
                saved.json()["time_zone"] == "Atlantic/Reykjavik",
                "{}",
                saved.text()
            );
            client
                .goto(&format!("{}#/household", page_url(stack)))
                .await?;
            wait_css(&client, "#household-zone").await?;
            let shown = js(
                &client,
                "return document.querySelector('#household-zone').value;",
            )
            .await?;
            let restored =
                api_rpc(&boss, "update_household", json!({"p_time_zone": "UTC"})).await?;
            ensure!(
                shown == "Atlantic/Reykjavik",
                "the saved zone is selected: {shown}"
            );
            ensure!(restored.status == 200, "{}", restored.text());

            // The member's away period, and the API's refusal at its field.
            let row = format!("#away-table tr[data-user-id='{id}']");
            wait_css(&client, &format!("#away-member option[value='{id}']")).await?;
            select(&client, "#away-member", &id.to_string()).await?;
            set_date(&client, "#away-from", "2031-02-10").await?;
            set_date(&client, "#away-to", "2031-02-01").await?;
            click(&client, "#add-away").await?;
            wait_contains(&client, "#away-to-error", "ends on or after").await?;
            ensure!(count(&client, &row).await? == 0, "nothing added");
            set_date(&client, "#away-to", "2031-02-12").await?;
            click(&client, "#add-away").await?;
            wait_css(&client, &row).await?;
            let stored = api_get(&boss, format!("/away_periods?user_id=eq.{id}")).await?;
            let stored = stored.json();
            ensure!(
                stored[0]["starts_on"] == "2031-02-10" && stored[0]["ends_on"] == "2031-02-12",
                "{stored}"
            );
            ensure!(stored[0]["username"] == username.as_str(), "{stored}");

            click(&client, &format!("{row} [data-action='remove-away']")).await?;
            wait_gone(&client, &row).await?;
            let stored = api_get(&boss, format!("/away_periods?user_id=eq.{id}")).await?;
            ensure!(stored.json() == json!([]), "{}", stored.text());
            wait_js(
                &client,
                "document.activeElement?.id === 'away-from'",
                "focus on the form",
            )
            .await?;

            // The members' tools are here too; Remove asks first, with focus
            // on Cancel, not on the destructive button.
            let member_row = format!("#member-list [data-user-id='{id}']");
            click(&client, &format!("{member_row} .remove")).await?;
            wait_js(
                &client,
                &format!("document.activeElement?.id === 'cancel-remove-{id}'"),
                "focus on Cancel",
            )
            .await?;
            click(&client, &format!("#cancel-remove-{id}")).await?;
            ensure!(count(&client, &member_row).await? == 1, "still a member");
            Ok(())
        },
    );
}

#[test]
fn a_member_sets_away_copies_and_renews_the_feed_link_and_picks_a_theme() {
    let stack = app();
    let (username, member) = new_member(stack);
    let id = user_id(&member);
    run_scenario("my_settings", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        // Signed in (whichever page lands first).
        wait_css(&client, "#sign-out").await?;
        ensure!(
            count(&client, "a[href='#/household']").await? == 0,
            "admins only"
        );
        click(&client, "a[href='#/settings']").await?;

        set_date(&client, "#away-from", "2031-03-01").await?;
        set_date(&client, "#away-to", "2031-03-07").await?;
        click(&client, "#add-away").await?;
        wait_css(&client, "#away-table tbody tr").await?;
        let stored = api_get(&member, format!("/away_periods?user_id=eq.{id}")).await?;
        let stored = stored.json();
        ensure!(
            stored.as_array().map(Vec::len) == Some(1) && stored[0]["ends_on"] == "2031-03-07",
            "{stored}"
        );

        // The feed link: asked first (focus on Cancel), then shown, copied.
        click(&client, "#feed-new").await?;
        wait_js(
            &client,
            "document.activeElement?.id === 'feed-cancel'",
            "focus on #feed-cancel",
        )
        .await?;
        click(&client, "#feed-yes").await?;
        let first = feed_url(&client, "").await?;
        ensure!(
            first.starts_with(&format!("{}/rpc/calendar_feed?p_key=", stack.api_url)),
            "{first}"
        );
        wait_js(
            &client,
            "document.activeElement?.id === 'feed-copy'",
            "focus on #feed-copy",
        )
        .await?;
        click(&client, "#feed-copy").await?;
        wait_contains(&client, "#feed-status", "Copied").await?;
        let (status, kind, body) = fetch(&first).await?;
        ensure!(
            status == 200 && kind.starts_with("text/calendar"),
            "{status} {kind}"
        );
        ensure!(body.starts_with("BEGIN:VCALENDAR"), "{body}");

        // A new link: the old one stops working.
        click(&client, "#feed-new").await?;
        wait_contains(&client, "#feed-confirm", "stop").await?;
        click(&client, "#feed-yes").await?;
        let second = feed_url(&client, &first).await?;
        ensure!(fetch(&first).await?.0 == 404, "the old link is refused");
        ensure!(fetch(&second).await?.0 == 200, "the new one works");

        // The theme: kept across a reload, on <html>, and really dark.
        ensure!(
            background_brightness(&client).await? > 600,
            "light by default"
        );
        click(&client, "#theme-dark").await?;
        wait_js(
            &client,
            "document.documentElement.dataset.theme === 'dark'",
            "dark",
        )
        .await?;
        client.refresh().await?;
        wait_css(&client, "#theme-dark:checked").await?;
        ensure!(js(&client, "return localStorage.getItem('ctt.theme');").await? == "dark");
        ensure!(
            js(&client, "return document.documentElement.dataset.theme;").await? == "dark",
            "applied at startup"
        );
        let dark = background_brightness(&client).await?;
        ensure!(dark < 150, "a dark background: {dark}");
        click(&client, "#theme-system").await?;
        wait_js(
            &client,
            "!document.documentElement.hasAttribute('data-theme')",
            "system",
        )
        .await?;
        ensure!(js(&client, "return localStorage.getItem('ctt.theme');").await? == Value::Null);
        ensure!(background_brightness(&client).await? > 600, "light again");
        Ok(())
    });
}
