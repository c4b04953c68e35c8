//! New chores: a weekly one from presets, planned on the previewed dates;
//! every three days after it is done; a rotation's list, order and strategy.

use super::{
    chore, instant, js, open, open_as_admin, open_editor, previewed, save_and_wait, set_value,
};
use anyhow::ensure;
use serde_json::json;
use tests::browser::{
    click, fill, run_scenario, select, wait_contains, wait_css, wait_js, wait_text,
};
use tests::browser_fixtures::{admin, api_rpc, app, new_member, unique, user_id};

#[test]
fn a_weekly_chore_from_presets_is_planned_on_the_previewed_dates() {
    let stack = app();
    let (member_name, member) = new_member(stack);
    let member_id = user_id(&member);
    let name = unique("Bins ");
    let saved = name.clone();
    let admin_api = admin(stack);
    run_scenario("chore_weekly", &[], |client| async move {
        // From the catalog's "New chore".
        open_as_admin(&client, stack, "#/catalog").await?;
        click(&client, "#new-chore").await?;
        wait_css(&client, "#chore-editor").await?;
        let heading = js(&client, "return document.querySelector('h1').textContent;").await?;
        ensure!(heading == "New chore", "{heading}");
        fill(&client, "#chore-name", &name).await?;
        // Weekly is the preset a new chore starts with, on today's weekday.
        let preset = js(
            &client,
            "return document.querySelector('#chore-preset').value;",
        )
        .await?;
        ensure!(preset == "weekly", "preset {preset}");
        for day in ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] {
            let checked = js(
                &client,
                &format!("return document.querySelector('#day-{day}').checked;"),
            )
            .await?;
            if checked.as_bool() != Some(matches!(day, "MO" | "TH")) {
                click(&client, &format!("#day-{day}")).await?;
            }
        }
        fill(&client, "#chore-every", "2").await?;
        set_value(&client, "#chore-time", "18:00").await?;
        wait_text(
            &client,
            "#schedule-words",
            "Every 2 weeks on Monday and Thursday at 18:00",
        )
        .await?;
        let dates = previewed(&client).await?;

        select(&client, "#chore-mode", "fixed").await?;
        select(&client, "#chore-member", &member_id.to_string()).await?;
        click(&client, "#chore-approval").await?;
        fill(&client, "#chore-points", "5").await?;
        save_and_wait(&client, "Created").await?;
        let url = client.current_url().await?;
        let row = chore(&admin_api, &name).await?;
        ensure!(
            url.fragment() == Some(&format!("/chores/{}", row["task_id"])),
            "the new chore's own page: {url}"
        );
        ensure!(
            row["rrule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            "{row}"
        );
        ensure!(
            row["schedule_kind"] == "calendar" && row["points"] == 5,
            "{row}"
        );
        ensure!(
            row["fixed_user_id"] == member_id && row["requires_approval"] == false,
            "{row}"
        );
        // The page now shows the saved chore; its preview is the same.
        wait_text(
            &client,
            "#schedule-words",
            "Every 2 weeks on Monday and Thursday at 18:00",
        )
        .await?;
        ensure!(
            previewed(&client).await? == dates,
            "the saved chore previews alike"
        );

        // The API plans each next occurrence on the next previewed date.
        for (n, date) in dates.iter().enumerate() {
            let open = open(&member, &row["task_id"]).await?;
            ensure!(open.len() == 1, "one open occurrence: {open:?}");
            let due = open[0]["due_at"].as_str().unwrap_or_default();
            ensure!(
                instant(due)? == instant(date)?,
                "occurrence {n}: planned {due}, previewed {date}"
            );
            ensure!(
                open[0]["assigned_to"] == member_name.as_str(),
                "{:?}",
                open[0]
            );
            let done = api_rpc(
                &member,
                "complete_assignment",
                json!({"p_assignment_id": open[0]["assignment_id"]}),
            )
            .await?;
            ensure!(done.status == 200, "{}", done.text());
        }
        Ok(())
    });
    let points = stack
        .query_value(&format!(
            "SELECT sum(amount) FROM app_data.points_ledger WHERE user_id = {member_id}"
        ))
        .expect("points");
    assert_eq!(
        points, "25",
        "five completions of a 5-point chore ({saved})"
    );
}

#[test]
fn every_three_days_after_it_is_done() {
    let stack = app();
    let (_, member) = new_member(stack);
    let member_id = user_id(&member);
    let name = unique("Plants ");
    run_scenario("chore_after_done", &[], |client| async move {
        open_editor(&client, stack, "#/chores/new").await?;
        fill(&client, "#chore-name", &name).await?;
        select(&client, "#chore-preset", "after-done").await?;
        fill(&client, "#chore-count", "3").await?;
        select(&client, "#chore-unit", "days").await?;
        wait_text(&client, "#schedule-words", "Every 3 days after it is done").await?;
        wait_contains(&client, "#schedule-preview", "counted from when it is done").await?;
        select(&client, "#chore-member", &member_id.to_string()).await?;
        click(&client, "#chore-approval").await?;
        let before = chrono::Utc::now();
        save_and_wait(&client, "Created").await?;

        let row = chore(&member, &name).await?;
        let kind = (
            &row["schedule_kind"],
            &row["interval_count"],
            &row["interval_unit"],
        );
        ensure!(
            kind == (&json!("interval"), &json!(3), &json!("days")),
            "{row}"
        );
        let first = open(&member, &row["task_id"]).await?;
        let due = instant(first[0]["due_at"].as_str().unwrap_or_default())?;
        let three_days = chrono::Duration::days(3);
        ensure!(
            due >= before + three_days && due <= chrono::Utc::now() + three_days,
            "first due three days from now: {due}"
        );
        let done = api_rpc(
            &member,
            "complete_assignment",
            json!({"p_assignment_id": first[0]["assignment_id"]}),
        )
        .await?;
        ensure!(done.status == 200, "{}", done.text());
        let completed = instant(done.json()["completed_at"].as_str().unwrap_or_default())?;
        let next = open(&member, &row["task_id"]).await?;
        let next_due = instant(next[0]["due_at"].as_str().unwrap_or_default())?;
        let gap = next_due - completed;
        ensure!(
            (gap - three_days).num_seconds().abs() < 60,
            "three days after it was done: {next_due} vs {completed}"
        );
        Ok(())
    });
}

#[test]
fn a_rotation_with_its_list_order_and_strategy() {
    let stack = app();
    let (first_name, first) = new_member(stack);
    let (second_name, second) = new_member(stack);
    let (first_id, second_id) = (user_id(&first), user_id(&second));
    let name = unique("Dishes ");
    run_scenario("chore_rotation", &[], |client| async move {
        open_editor(&client, stack, "#/chores/new").await?;
        fill(&client, "#chore-name", &name).await?;
        select(&client, "#chore-preset", "daily").await?;
        select(&client, "#chore-mode", "rotation").await?;
        wait_contains(
            &client,
            "#chore-pool legend",
            "in the order they take turns",
        )
        .await?;
        // A new chore lists everyone: keep only the two new members.
        let listed = js(
            &client,
            "return Array.from(document.querySelectorAll('#chore-pool input:checked')).map(e => e.id);",
        )
        .await?;
        for id in listed.as_array().into_iter().flatten() {
            let id = id.as_str().unwrap_or_default();
            if id != format!("pool-{first_id}") && id != format!("pool-{second_id}") {
                click(&client, &format!("#{id}")).await?;
            }
        }
        // The second member moves up until they are first; focus stays on
        // the button that moves them.
        let up = format!("pool-up-{second_id}");
        for _ in 0..10 {
            let order = js(
                &client,
                "return Array.from(document.querySelectorAll('#chore-pool input:checked')).map(e => e.id);",
            )
            .await?;
            if order[0] == format!("pool-{second_id}") {
                break;
            }
            click(&client, &format!("#{up}")).await?;
            wait_js(
                &client,
                &format!("document.activeElement && document.activeElement.id === '{up}'"),
                "focus on the moved member's button",
            )
            .await?;
        }
        let label = js(
            &client,
            &format!("return document.getElementById('{up}').getAttribute('aria-label');"),
        )
        .await?;
        ensure!(label == format!("Move {second_name} up"), "{label}");
        select(&client, "#chore-strategy", "least_completed").await?;
        wait_contains(&client, "#chore-strategy-hint", "fewest times").await?;
        select(&client, "#chore-strategy", "keep_last").await?;
        wait_contains(&client, "#chore-strategy-hint", "unless they are away").await?;
        save_and_wait(&client, "Created").await?;

        let row = chore(&first, &name).await?;
        ensure!(row["assignee_mode"] == "rotation", "{row}");
        ensure!(row["rotation_strategy"] == "keep_last", "{row}");
        ensure!(
            row["pool"] == json!([second_id, first_id]),
            "the list's order: {row}"
        );
        let planned = open(&first, &row["task_id"]).await?;
        ensure!(
            planned.len() == 1 && planned[0]["assigned_to"] == second_name.as_str(),
            "the first on the list has the first turn, not {first_name}: {planned:?}"
        );
        Ok(())
    });
}
