//! Changing chores: a bad free rule refused at its field and then
//! corrected; a stored chore opened from the catalog and edited.

use super::{
    chore, instant, js, open, open_as_admin, open_editor, previewed, save_and_wait, set_value,
    REFUSED,
};
use anyhow::ensure;
use serde_json::json;
use tests::browser::{
    click, fill, run_scenario, select, wait_contains, wait_css, wait_js, wait_text,
};
use tests::browser_fixtures::{admin, app, new_member, unique, user_id};

#[test]
fn a_bad_free_rule_is_refused_at_its_field() {
    let stack = app();
    let name = unique("Custom ");
    let kept = name.clone();
    run_scenario("chore_bad_rule", &[REFUSED], |client| async move {
        open_editor(&client, stack, "#/chores/new").await?;
        fill(&client, "#chore-name", &name).await?;
        select(&client, "#chore-preset", "rrule").await?;
        // The free rule starts as the rule the presets showed.
        let start = js(
            &client,
            "return document.querySelector('#chore-rrule').value;",
        )
        .await?;
        ensure!(
            start
                .as_str()
                .is_some_and(|r| r.starts_with("FREQ=WEEKLY;BYDAY=")),
            "{start}"
        );
        fill(&client, "#chore-rrule", "FREQ=WEEKLY;BYDAY=XX").await?;
        // The preview's refusal, the API's words, by the field.
        wait_contains(&client, "#error-p_rrule", "This schedule rule is not valid").await?;
        wait_contains(&client, "#error-p_rrule", "BYDAY").await?;
        let invalid = js(
            &client,
            "return document.querySelector('#chore-rrule').getAttribute('aria-invalid');",
        )
        .await?;
        ensure!(invalid == "true", "aria-invalid {invalid}");
        // Saving anyway: refused by create_chore, shown at the same field,
        // focus there.
        click(&client, "#save-chore").await?;
        wait_js(
            &client,
            "document.activeElement && document.activeElement.id === 'chore-rrule'",
            "focus on the rule",
        )
        .await?;
        wait_contains(&client, "#error-p_rrule", "not valid").await?;
        ensure!(
            js(&client, "return location.hash;").await? == "#/chores/new",
            "nothing was created"
        );

        fill(
            &client,
            "#chore-rrule",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        )
        .await?;
        set_value(&client, "#chore-time", "17:00").await?;
        wait_text(
            &client,
            "#schedule-words",
            "Repeats by the rule FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 at 17:00",
        )
        .await?;
        let dates = previewed(&client).await?;
        ensure!(
            js(
                &client,
                "return document.querySelector('#error-p_rrule').textContent;"
            )
            .await?
                == "",
            "the refusal is gone"
        );
        for date in &dates {
            let at = instant(date)?;
            let weekday = chrono::Datelike::weekday(&at).num_days_from_monday();
            ensure!(weekday < 5, "the month's last working day: {date}");
        }
        save_and_wait(&client, "Created").await?;
        Ok(())
    });
    let count = stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.tasks WHERE task_name = '{kept}' \
             AND rrule = 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1'"
        ))
        .expect("query");
    assert_eq!(count, "1", "created once, with the corrected rule");
}

#[test]
fn an_existing_chore_is_edited() {
    let stack = app();
    let (_, member) = new_member(stack);
    let member_id = user_id(&member);
    let admin_api = admin(stack);
    let name = unique("Bathroom ");
    let made = admin_api
        .rpc(
            "create_chore",
            &json!({
                "p_task_name": name, "p_schedule_kind": "calendar",
                "p_rrule": "FREQ=MONTHLY;BYDAY=-1FR", "p_start": "2026-01-30T10:00",
                "p_assignee_mode": "rotation", "p_pool": [member_id],
                "p_rotation_strategy": "least_assigned",
            }),
        )
        .expect("create_chore");
    assert_eq!(made.status, 201, "{}", made.text());
    let task_id = made.json()["task_id"].as_i64().expect("task_id");
    let points = admin_api
        .rpc(
            "set_chore_points",
            &json!({"p_task_id": task_id, "p_points": 3, "p_penalty_points": 1}),
        )
        .expect("set_chore_points");
    assert_eq!(points.status, 200, "{}", points.text());
    let renamed = format!("{name} (weekly)");
    let expected = renamed.clone();
    run_scenario("chore_edit", &[], |client| async move {
        // The catalog says when it is due and links to its editor.
        open_as_admin(&client, stack, "#/chores").await?;
        let row = format!("#task-list [data-task-id='{task_id}']");
        wait_text(
            &client,
            &format!("{row} .schedule"),
            "On the last Friday of every month at 10:00",
        )
        .await?;
        click(&client, &format!("{row} .schedule-link")).await?;
        wait_css(&client, "#chore-editor").await?;
        wait_text(
            &client,
            "#schedule-words",
            "On the last Friday of every month at 10:00",
        )
        .await?;
        let values = js(
            &client,
            "return ['#chore-name', '#chore-preset', '#chore-nth', '#chore-weekday', '#chore-mode', \
             '#chore-strategy', '#chore-points', '#chore-penalty'].map(s => document.querySelector(s).value);",
        )
        .await?;
        let want = json!([
            name,
            "monthly-weekday",
            "-1",
            "4",
            "rotation",
            "least_assigned",
            "3",
            "1"
        ]);
        ensure!(values == want, "loaded: {values}");
        for date in previewed(&client).await? {
            let at = instant(&date)?;
            ensure!(at > chrono::Utc::now(), "ahead: {date}");
            ensure!(
                chrono::Datelike::weekday(&at) == chrono::Weekday::Fri,
                "a Friday: {date}"
            );
        }
        let heading = js(&client, "return [...document.querySelectorAll('h1, h2')].map(h => h.tagName + ' ' + h.textContent);").await?;
        ensure!(
            heading == json!(["H1 Edit chore", "H2 What", "H2 When", "H2 Who", "H2 Points"]),
            "headings in order: {heading}"
        );

        fill(&client, "#chore-name", &renamed).await?;
        select(&client, "#chore-preset", "weekly").await?;
        for day in ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] {
            let checked = js(
                &client,
                &format!("return document.querySelector('#day-{day}').checked;"),
            )
            .await?;
            if checked.as_bool() != Some(day == "SA") {
                click(&client, &format!("#day-{day}")).await?;
            }
        }
        set_value(&client, "#chore-time", "09:30").await?;
        wait_text(
            &client,
            "#schedule-words",
            "Every week on Saturday at 09:30",
        )
        .await?;
        let dates = previewed(&client).await?;
        fill(&client, "#chore-penalty", "2").await?;
        save_and_wait(&client, "Saved").await?;
        let focused = js(&client, "return document.activeElement.id;").await?;
        ensure!(focused == "save-chore", "focus stays on Save: {focused}");

        let row = chore(&admin_api, &renamed).await?;
        ensure!(
            row["task_id"] == task_id && row["rrule"] == "FREQ=WEEKLY;BYDAY=SA",
            "{row}"
        );
        ensure!(row["points"] == 3 && row["penalty_points"] == 2, "{row}");
        ensure!(row["pool"] == json!([member_id]), "{row}");
        let planned = open(&member, &row["task_id"]).await?;
        ensure!(
            planned.len() == 1
                && instant(planned[0]["due_at"].as_str().unwrap_or_default())?
                    == instant(&dates[0])?,
            "re-planned on the first previewed date {}: {planned:?}",
            dates[0]
        );
        click(&client, "#back-to-chores").await?;
        wait_text(&client, "#task-list .task-name", &expected).await?;
        Ok(())
    });
}
