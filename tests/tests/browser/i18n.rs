//! English and German (issue 12): a browser that prefers German gets the
//! app in German — `<html lang>`, Today's heading, its Done button and a
//! due date in German form — and My settings switches it to English,
//! which stays chosen after a reload.

use anyhow::ensure;
use serde_json::json;
use tests::browser::{run_scenario_in, select, texts, wait_css, wait_js, wait_text};
use tests::browser_fixtures::{
    admin, new_member, page_url, sign_in, unique, user_id, MEMBER_PASSWORD,
};

#[test]
fn a_german_browser_gets_german_and_settings_switch_to_english() {
    let stack = tests::browser_fixtures::app();
    let (username, member) = new_member(stack);
    let name = unique("Fenster putzen");
    // Due in three days at noon: an Upcoming card with a full date.
    let reply = admin(stack)
        .rpc(
            "create_chore",
            &json!({
                "p_task_name": name,
                "p_schedule_kind": "once",
                "p_due_at": stack.query_value("SELECT to_char(now() + interval '3 days', 'YYYY-MM-DD\"T\"HH24:MI:SSOF')")
                    .expect("a due time"),
                "p_assignee_mode": "fixed",
                "p_user_id": user_id(&member),
                "p_requires_approval": false,
            }),
        )
        .expect("create_chore");
    assert_eq!(reply.status, 201, "{}", reply.text());
    run_scenario_in("i18n", Some("de-DE"), &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        client.goto(&format!("{}#/today", page_url(stack))).await?;
        wait_css(&client, "#today-list [data-section='upcoming'] .today-done").await?;
        let lang = client
            .execute("return document.documentElement.lang;", vec![])
            .await?;
        ensure!(lang == "de", "<html lang>: {lang}");
        ensure!(texts(&client, "h1").await? == ["Heute"]);
        ensure!(
            texts(&client, "#today-list [data-section='upcoming'] .today-done").await?
                == ["Erledigt"]
        );
        // German dates: "29.11.2026, 12:00" (de-DE's medium date).
        wait_js(
            &client,
            "/Fällig \\d{2}\\.\\d{2}\\.\\d{4}/.test(document.querySelector(\"[data-section='upcoming']\")?.textContent)",
            "a due date in German form",
        )
        .await?;

        client
            .goto(&format!("{}#/settings", page_url(stack)))
            .await?;
        wait_text(&client, "h1", "Meine Einstellungen").await?;
        // Choosing English reloads the page in English.
        select(&client, "#language", "en").await?;
        wait_text(&client, "h1", "My settings").await?;
        client.goto(&format!("{}#/today", page_url(stack))).await?;
        wait_text(&client, "h1", "Today").await?;
        wait_js(
            &client,
            "document.documentElement.lang === 'en' && /Due \\d{1,2} [A-Z][a-z]{2} \\d{4}/.test(document.querySelector(\"[data-section='upcoming']\")?.textContent)",
            "Today in English with an English date",
        )
        .await?;
        ensure!(
            texts(&client, "#today-list [data-section='upcoming'] .today-done").await? == ["Done"]
        );
        Ok(())
    });
}
