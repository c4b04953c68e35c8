//! Others' completions reach an open Today screen at least every minute
//! while the tab is visible, with no focus or visibility event at all.

use super::{card, chore, instant, sign_in};
use anyhow::ensure;
use serde_json::json;
use tests::browser::{cdp, run_scenario, wait_css, wait_gone};
use tests::browser_fixtures::{api_rpc, app, new_member, unique, user_id, MEMBER_PASSWORD};

/// Records every repeating timer the page starts and has not stopped (its
/// callback and delay) before any of the page's scripts runs; the timers
/// still run as usual.
const RECORD_INTERVALS: &str = r#"
const running = new Map();
window.__cttIntervals = () => [...running.values()];
const setInterval = window.setInterval, clearInterval = window.clearInterval;
window.setInterval = function (callback, ms, ...rest) {
  const id = setInterval.call(window, callback, ms, ...rest);
  running.set(id, { callback, ms: Number(ms) || 0 });
  return id;
};
window.clearInterval = function (id) {
  running.delete(id);
  return clearInterval.call(window, id);
};
"#;

/// Instead of waiting a real minute, the test checks that Today starts a
/// repeating timer of at most 60 s and runs its ticks: the other member's
/// completion must then leave the list.
#[test]
fn today_refreshes_at_least_every_minute_while_visible() {
    let stack = app();
    let (username, _member) = new_member(stack);
    let (_, other) = new_member(stack);
    let them = user_id(&other);
    let soon = instant(
        stack,
        "(today + interval '2 days 12 hours') AT TIME ZONE zone",
    );
    let theirs = chore(stack, &unique("T minute"), Some(&soon), "fixed", &[them]);
    run_scenario("today_every_minute", &[], |client| async move {
        cdp(
            &client,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RECORD_INTERVALS }),
        )
        .await?;
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#today-list [data-section='upcoming']").await?;
        wait_css(&client, "#today-everyone").await?.click().await?;
        wait_css(&client, &card(theirs)).await?;

        let delays = client
            .execute("return window.__cttIntervals().map(t => t.ms);", vec![])
            .await?;
        let delays: Vec<u64> = delays
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_u64())
            .collect();
        ensure!(
            delays.iter().any(|&ms| ms > 0 && ms <= 60_000),
            "a repeating refresh of at most a minute: {delays:?}"
        );

        let done = api_rpc(
            &other,
            "complete_assignment",
            json!({ "p_assignment_id": theirs }),
        )
        .await?;
        ensure!(done.status == 200, "{}", done.text());
        // The minute passes: each such timer's tick, and nothing else.
        client
            .execute(
                "window.__cttIntervals().filter(t => t.ms > 0 && t.ms <= 60000).forEach(t => t.callback());",
                vec![],
            )
            .await?;
        wait_gone(&client, &card(theirs)).await?;
        Ok(())
    });
}
