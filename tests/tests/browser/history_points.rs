//! History, calendar, points and the reward store, end to end in the app
//! (issue 12), plus where focus lands after an approval.

use anyhow::{bail, ensure, Context, Result};
use fantoccini::Client;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};
use tests::browser::{
    cdp, click, count, run_scenario, select, texts, wait_contains, wait_css, wait_gone, wait_js,
    TIMEOUT,
};
use tests::browser_fixtures::{
    admin, api_get, api_rpc, app, assign_new_task, card, complete, new_member, page_url, sign_in,
    sign_out, unique, user_id, MEMBER_PASSWORD, PASSWORD,
};
use tests::{Api, Stack};

/// A one-off chore for `member` (no approval), created by the admin:
/// returns its task id and its open occurrence's id.
fn one_off_chore(stack: &Stack, member: &Api, name: &str, due_at: Option<&str>) -> (i64, i64) {
    let reply = admin(stack)
        .rpc(
            "create_chore",
            &json!({
                "p_task_name": name,
                "p_description": "Made by a browser test",
                "p_schedule_kind": "once",
                "p_due_at": due_at,
                "p_assignee_mode": "fixed",
                "p_user_id": user_id(member),
                "p_requires_approval": false,
            }),
        )
        .expect("create_chore");
    assert_eq!(reply.status, 201, "{}", reply.text());
    let task_id = reply.json()["task_id"].as_i64().expect("task_id");
    let occurrence = stack
        .query_value(&format!(
            "SELECT assignment_id FROM app_data.task_assignments WHERE task_id = {task_id} AND status = 'todo'"
        ))
        .expect("the open occurrence");
    (task_id, occurrence.parse().expect("an id"))
}

/// A finished download in `dir` whose name ends with `suffix`.
async fn downloaded(dir: &Path, suffix: &str) -> Result<(String, String)> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let names = std::fs::read_dir(dir)?
            .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<Vec<_>>>()?;
        // Chromium may create the file under its final name before the
        // bytes are in; it is done once no partial download is left.
        let writing = names.iter().any(|n| n.ends_with(".crdownload"));
        if let Some(name) = names
            .iter()
            .find(|n| n.ends_with(suffix))
            .filter(|_| !writing)
        {
            let body = std::fs::read_to_string(dir.join(name))?;
            if !body.is_empty() {
                return Ok((name.clone(), body));
            }
        }
        if Instant::now() > deadline {
            bail!("no {suffix} download in {}", dir.display());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// RFC 4180 records (a quoted cell may hold line breaks).
fn csv_records(body: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => record.push(std::mem::take(&mut cell)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            c => cell.push(c),
        }
    }
    records
}

async fn row_ids(client: &Client) -> Result<Vec<i64>> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('#history-table tbody tr')).map(r => r.dataset.assignmentId);",
            vec![],
        )
        .await?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str()?.parse().ok())
        .collect())
}

/// Waits for history page `page` holding exactly `rows` rows.
async fn wait_page(client: &Client, page: usize, rows: usize) -> Result<Vec<i64>> {
    let expression = format!(
        "document.querySelector(\"#history-results[data-page='{page}']\") && \
         document.querySelectorAll('#history-table tbody tr').length === {rows}"
    );
    wait_js(
        client,
        &expression,
        &format!("history page {page} with {rows} rows"),
    )
    .await?;
    row_ids(client).await
}

#[test]
fn history_pages_filters_and_downloads_the_export() {
    let stack = app();
    let (username, member) = new_member(stack);
    let member_id = user_id(&member);
    let (task_id, open_id) = one_off_chore(stack, &member, &unique("History chore "), None);
    // 57 closed occurrences an hour apart (every 19th skipped): more than
    // a page. Written as the owner, as the engine would have closed them.
    let inserted: BTreeSet<i64> = stack
        .psql(&format!(
            "INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by, assigned_at, status, due_at,
                                                    closed_at, completed_at, acted_by, acted_at, note)
             SELECT {task_id}, {member_id}, {member_id}, now() - interval '10 days',
                    CASE WHEN i % 19 = 0 THEN 'skipped' ELSE 'done' END,
                    now() - (i + 1) * interval '1 hour', now() - i * interval '1 hour',
                    CASE WHEN i % 19 = 0 THEN NULL ELSE now() - i * interval '1 hour' END,
                    {member_id}, now() - i * interval '1 hour', 'note ' || i
             FROM generate_series(1, 57) i
             RETURNING assignment_id"
        ))
        .expect("seeding the history")
        .lines()
        .map(|l| l.trim().parse().expect("an id"))
        .collect();
    assert_eq!(inserted.len(), 57);
    let downloads = tempfile::tempdir().expect("a download directory");
    let download_dir = downloads.path().to_path_buf();
    run_scenario("history", &[], |client| async move {
        // Chromium's downloads go to download_dir (headless saves nothing
        // otherwise).
        cdp(
            &client,
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": download_dir.display().to_string()}),
        )
        .await?;
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/history']").await?;
        wait_css(&client, "#history-table").await?;

        // The chore's filter: 50 on the first page, the other 7 on the
        // second, none twice, all of them the chore's.
        select(&client, "#history-chore", &task_id.to_string()).await?;
        let newest = *inserted.iter().next().context("an id")?;
        let expression = format!(
            "document.querySelector('#history-table tbody tr')?.dataset.assignmentId === '{newest}'"
        );
        wait_js(&client, &expression, "the chore's newest occurrence first").await?;
        let first = wait_page(&client, 1, 50).await?;
        click(&client, "#history-pager-next").await?;
        let second = wait_page(&client, 2, 7).await?;
        let all: BTreeSet<i64> = first.iter().chain(&second).copied().collect();
        ensure!(all.len() == 57, "no row twice: {first:?} {second:?}");
        ensure!(all == inserted, "exactly the chore's closed occurrences");
        ensure!(
            client
                .find(fantoccini::Locator::Css("#history-pager-next"))
                .await?
                .attr("disabled")
                .await?
                .is_some(),
            "the last page has no next one"
        );
        // Focus stays on a pager button (the used one is disabled now).
        let focused = client
            .execute("return document.activeElement.id;", vec![])
            .await?;
        ensure!(
            focused == json!("history-pager-previous"),
            "focus on {focused}"
        );
        click(&client, "#history-pager-previous").await?;
        ensure!(
            wait_page(&client, 1, 50).await? == first,
            "page 1 again, the same rows"
        );

        // A second filter narrows it further: the three skipped ones.
        select(&client, "#history-status", "skipped").await?;
        wait_js(
            &client,
            "document.querySelectorAll('#history-table tbody tr').length === 3 && \
             Array.from(document.querySelectorAll('#history-table tbody tr')).every(r => r.dataset.status === 'skipped')",
            "the three skipped occurrences",
        )
        .await?;
        // Dates the wrong way round are refused by the field, unsent.
        let from = client
            .find(fantoccini::Locator::Css("#history-from"))
            .await?;
        let set_date = "arguments[0].value = arguments[1]; \
                        arguments[0].dispatchEvent(new Event('change', {bubbles: true}));";
        client
            .execute(set_date, vec![json!(from), json!("2026-03-02")])
            .await?;
        let to = client.find(fantoccini::Locator::Css("#history-to")).await?;
        client
            .execute(set_date, vec![json!(to), json!("2026-03-01")])
            .await?;
        wait_contains(&client, "#history-to-error", "must not be after").await?;

        // The export: a real file, with every occurrence of the chore
        // (the open one too) and as many rows as the page reported.
        click(&client, ".export").await?;
        wait_contains(&client, "#export-status", "rows").await?;
        let (name, body) = downloaded(&download_dir, ".csv").await?;
        ensure!(name.starts_with("cleaning-history-"), "{name}");
        let records = csv_records(&body);
        let header = records.first().context("a header")?;
        ensure!(
            header[..5] == ["assignment_id", "task_id", "chore", "member", "status"],
            "{header:?}"
        );
        let ours: BTreeSet<i64> = records[1..]
            .iter()
            .filter(|r| r.get(1) == Some(&task_id.to_string()))
            .map(|r| r[0].parse().unwrap_or_default())
            .collect();
        let mut expected = inserted.clone();
        expected.insert(open_id);
        ensure!(
            ours == expected,
            "the chore's 58 rows in the file: {}",
            ours.len()
        );
        let reported = texts(&client, "#export-status").await?.concat();
        let rows = records.len() - 1;
        ensure!(
            reported.contains(&format!(": {rows} rows")),
            "{reported} vs {rows} rows in {name}"
        );
        Ok(())
    });
}

/// The household's date `days` from today and noon on it as an instant.
fn household_day(stack: &Stack, days: i32) -> (String, String) {
    let zone = "app_functions.household_time_zone()";
    let row = stack
        .query_value(&format!(
            "SELECT d || '|' || to_char(((d + time '12:00') AT TIME ZONE {zone}) AT TIME ZONE 'UTC', \
                                       'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
             FROM (SELECT (now() AT TIME ZONE {zone})::date + {days} AS d) x"
        ))
        .expect("the household's date");
    let (day, noon) = row.split_once('|').expect("day|instant");
    (day.to_string(), noon.to_string())
}

/// The text of occurrence `id` (with `status`) on `day`: in the day's
/// cell, or (a busy day shows three) in the day's whole list, which its
/// "+N more" button opens below the table, with focus on its heading.
async fn find_on_day(client: &Client, day: &str, id: i64, status: &str) -> Result<String> {
    let cell = format!("td[data-day='{day}']");
    wait_css(client, &cell).await?;
    let in_cell = format!("{cell} .cal-entry.status-{status}[data-assignment-id='{id}']");
    if count(client, &in_cell).await? == 1 {
        return Ok(texts(client, &in_cell).await?.concat());
    }
    click(client, &format!("{cell} .cal-more button")).await?;
    let listed = format!("#day-details .cal-entry.status-{status}[data-assignment-id='{id}']");
    wait_css(client, &listed).await?;
    wait_js(
        client,
        "document.activeElement.id === 'day-details-title'",
        "focus on the day's list",
    )
    .await?;
    Ok(texts(client, &listed).await?.concat())
}

#[test]
fn the_calendar_shows_due_and_done_chores_on_their_days() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (tomorrow, noon) = household_day(stack, 1);
    let (today, _) = household_day(stack, 0);
    let due_name = unique("Due tomorrow ");
    let (_, due_id) = one_off_chore(stack, &member, &due_name, Some(&noon));
    let (_, done_id) = one_off_chore(stack, &member, &unique("Done today "), None);
    complete(&member, done_id);
    run_scenario("calendar", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/calendar']").await?;
        wait_css(&client, "#calendar-table").await?;
        let this_month = &today[..7];
        wait_css(
            &client,
            &format!("#calendar-title[data-month='{this_month}']"),
        )
        .await?;
        let today_cell = format!("td[data-day='{today}']");
        ensure!(
            count(&client, &format!("{today_cell}[aria-current='date'].today")).await? == 1,
            "today marked"
        );
        let done = find_on_day(&client, &today, done_id, "done").await?;
        ensure!(done.contains("(Done"), "{done}");
        if tomorrow[..7] != *this_month {
            click(&client, "#calendar-next").await?;
            wait_css(
                &client,
                &format!("#calendar-title[data-month='{}']", &tomorrow[..7]),
            )
            .await?;
        }
        let shown = find_on_day(&client, &tomorrow, due_id, "todo").await?;
        ensure!(
            shown.starts_with(&due_name) && shown.contains("(due"),
            "{shown}"
        );
        let due = format!("[data-assignment-id='{due_id}']");
        // Away and back: the month comes back the same.
        click(&client, "#calendar-next").await?;
        wait_gone(&client, &due).await?;
        click(&client, "#calendar-today").await?;
        wait_css(
            &client,
            &format!("#calendar-title[data-month='{this_month}']"),
        )
        .await?;
        let headers = texts(&client, "#calendar-table thead th").await?;
        ensure!(headers.len() == 7, "seven labelled weekdays: {headers:?}");
        Ok(())
    });
}

#[test]
fn the_leaderboard_ranks_a_member_who_earned_points() {
    let stack = app();
    let (username, member) = new_member(stack);
    let member_id = user_id(&member);
    let chore = unique("Worth points ");
    let (task_id, occurrence) = one_off_chore(stack, &member, &chore, None);
    let points = admin(stack)
        .rpc(
            "set_chore_points",
            &json!({"p_task_id": task_id, "p_points": 700}),
        )
        .expect("set_chore_points");
    assert_eq!(points.status, 200, "{}", points.text());
    complete(&member, occurrence);
    run_scenario("leaderboard", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/points']").await?;
        let row = format!("#leaderboard-table[data-period='week'] tr[data-user-id='{member_id}']");
        wait_css(&client, &row).await?;
        let shown = texts(&client, &format!("{row} .points")).await?;
        ensure!(shown == ["700"], "{shown:?}");
        ensure!(texts(&client, &format!("{row} .member"))
            .await?
            .concat()
            .ends_with("(you)"));
        // Ranked among everyone on the board: one more than those above.
        let rank: usize = texts(&client, &format!("{row} .rank"))
            .await?
            .concat()
            .parse()?;
        let above = client
            .execute(
                "return Array.from(document.querySelectorAll('#leaderboard-table .points'))\
                   .filter(p => Number(p.textContent) > 700).length;",
                vec![],
            )
            .await?;
        ensure!(json!(rank - 1) == above, "rank {rank}, {above} above");
        let api = api_get(&member, "/rpc/leaderboard?p_period=week".into()).await?;
        let mine = api.json()["members"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["user_id"] == json!(member_id)).cloned())
            .context("the member on the API's board")?;
        ensure!(mine["points"] == json!(700), "{mine}");

        click(&client, "button[data-period='all']").await?;
        wait_css(
            &client,
            &format!("#leaderboard-table[data-period='all'] tr[data-user-id='{member_id}']"),
        )
        .await?;
        ensure!(
            count(&client, "button[data-period='all'][aria-pressed='true']").await? == 1,
            "the chosen period is pressed"
        );
        // My balance and the entry that earned it.
        wait_contains(&client, "#balance", "700").await?;
        let entry = texts(&client, "#ledger-table tbody tr").await?.concat();
        ensure!(
            entry.contains(&format!("Earned: {chore}")) && entry.contains("+700"),
            "{entry}"
        );
        Ok(())
    });
}

#[test]
fn a_member_redeems_an_admin_approves_and_the_balance_drops() {
    let stack = app();
    let (username, member) = new_member(stack);
    let member_id = user_id(&member);
    let adjusted = admin(stack)
        .rpc(
            "adjust_points",
            &json!({"p_user_id": member_id, "p_amount": 50, "p_reason": "Pocket money"}),
        )
        .expect("adjust_points");
    assert_eq!(adjusted.status, 201, "{}", adjusted.text());
    let reward = |name: &str, cost: i64, stock: Option<i64>| {
        let reply = admin(stack)
            .rpc(
                "create_reward",
                &json!({"p_reward_name": name, "p_description": "", "p_cost": cost, "p_stock": stock}),
            )
            .expect("create_reward");
        assert_eq!(reply.status, 201, "{}", reply.text());
        reply.json()["reward_id"].as_i64().expect("reward_id")
    };
    let cinema = reward(&unique("Cinema "), 20, Some(3));
    let pizza = reward(&unique("Pizza "), 25, None);
    let member_login = username.clone();
    let member_api = member.clone();
    run_scenario("redeem", &["status of 409"], |client| async move {
        sign_in(&client, stack, &member_login, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/rewards']").await?;
        wait_contains(&client, "#rewards-available", "50 points").await?;
        let cinema_card = format!("[data-reward-id='{cinema}']");
        let pizza_card = format!("[data-reward-id='{pizza}']");
        click(&client, &format!("{cinema_card} .redeem")).await?;
        wait_contains(&client, "#rewards-available", "30 points").await?;
        wait_css(&client, "#my-requests .request-pending").await?;

        // Meanwhile (another device) a second request sets 20 more
        // aside: the page still offers the pizza, the API refuses it.
        let again = api_rpc(&member_api, "redeem_reward", json!({"p_reward_id": cinema})).await?;
        ensure!(again.status == 201, "{}", again.text());
        click(&client, &format!("{pizza_card} .redeem")).await?;
        wait_contains(
            &client,
            &format!("{pizza_card} .field-error"),
            "Not enough points",
        )
        .await?;
        // Seen afresh, the button is off and says why.
        click(&client, "a[href='#/points']").await?;
        wait_css(&client, "#my-balance").await?;
        click(&client, "a[href='#/rewards']").await?;
        wait_contains(&client, &format!("{pizza_card} .why"), "10 available").await?;
        ensure!(count(&client, &format!("{pizza_card} .redeem:disabled")).await? == 1);
        ensure!(count(&client, "#my-requests .request-pending").await? == 2);
        sign_out(&client).await?;

        // The admin approves the first request from the keyboard's
        // point of view: focus then rests on the next request's Approve.
        sign_in(&client, stack, "admin", PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/rewards']").await?;
        let first = stack.query_value(&format!(
            "SELECT min(redemption_id) FROM app_data.redemptions WHERE user_id = {member_id}"
        ))?;
        let request = format!("#decide-list [data-redemption-id='{first}']");
        wait_css(&client, &request).await?;
        let next_id = client
            .execute(
                "const li = document.querySelector(arguments[0]).nextElementSibling; \
                     return li ? li.dataset.redemptionId : null;",
                vec![json!(request)],
            )
            .await?;
        click(&client, &format!("{request} .approve-request")).await?;
        wait_gone(&client, &request).await?;
        let focused = client
            .execute(
                "const a = document.activeElement; \
                     return [a.className, a.closest('li')?.dataset.redemptionId ?? a.id];",
                vec![],
            )
            .await?;
        let class = focused[0].as_str().unwrap_or("");
        ensure!(!class.contains("decline"), "focus on a Decline: {focused}");
        ensure!(
            class.contains("approve-request") && focused[1] == next_id
                || next_id.is_null() && focused[1] == json!("decide-title"),
            "focus after approving: {focused}, next request {next_id}"
        );
        wait_contains(
            &client,
            &format!("#reward-list {cinema_card} .stock"),
            "2 left",
        )
        .await?;
        sign_out(&client).await?;

        sign_in(&client, stack, &member_login, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/points']").await?;
        wait_contains(&client, "#balance", "30").await?;
        click(&client, "a[href='#/rewards']").await?;
        wait_css(
            &client,
            &format!("#my-requests [data-redemption-id='{first}'][data-status='approved']"),
        )
        .await?;
        // The other request is withdrawn again.
        click(&client, "#my-requests .request-pending .cancel-request").await?;
        wait_gone(&client, "#my-requests .request-pending").await?;
        wait_contains(&client, "#rewards-available", "30 points").await?;
        Ok(())
    });
    let statement = member.get("/rpc/my_points").expect("my_points").json();
    assert_eq!(statement["balance"], json!(30), "{statement}");
    assert_eq!(statement["pending"], json!(0), "{statement}");
}

/// After Approve, the keyboard is on the next card's Approve (or the
/// heading): never on a Reject, where Enter would reject the wrong one.
#[test]
fn focus_after_approving_lands_on_the_next_approve() {
    let stack = app();
    let (_username, member) = new_member(stack);
    let (_, first) = assign_new_task(stack, &member);
    let (_, second) = assign_new_task(stack, &member);
    complete(&member, first);
    complete(&member, second);
    run_scenario("approval_focus", &[], |client| async move {
        sign_in(&client, stack, "admin", PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        client
            .goto(&format!("{}#/approvals", page_url(stack)))
            .await?;
        let first_card = format!("#review-list {}", card(first));
        wait_css(&client, &format!("#review-list {}", card(second))).await?;
        let next_id = client
            .execute(
                "return document.querySelector(arguments[0]).nextElementSibling?.dataset.assignmentId ?? null;",
                vec![json!(first_card)],
            )
            .await?;
        // Keyboard only: focus Approve and press Enter.
        let approve = wait_css(&client, &format!("{first_card} .approve")).await?;
        client
            .execute("arguments[0].focus();", vec![json!(approve)])
            .await?;
        approve.send_keys("\u{E007}").await?;
        wait_gone(&client, &first_card).await?;
        let expression = "document.activeElement.classList.contains('approve') || document.activeElement.id === 'approvals-title'";
        wait_js(&client, expression, "focus on an Approve or the heading").await?;
        let focused: Value = client
            .execute(
                "const a = document.activeElement; return [a.className, a.closest('li')?.dataset.assignmentId ?? a.id];",
                vec![],
            )
            .await?;
        ensure!(
            !focused[0].as_str().unwrap_or("").contains("reject"),
            "{focused}"
        );
        if !next_id.is_null() {
            ensure!(
                focused[1] == next_id,
                "the next card's Approve: {focused}, next {next_id}"
            );
        }
        let status = api_get(
            &member,
            format!("/task_assignments?assignment_id=eq.{first}"),
        )
        .await?;
        ensure!(
            status.json()[0]["status"] == "approved",
            "{}",
            status.text()
        );
        Ok(())
    });
}
