//! Every screen at scale (issue 12): with the scale household's 100,000
//! closed occurrences (db/seed/scale_history.sql, loaded once; its own
//! binary, so the other browser tests keep the small sample household), a
//! member and an admin open each screen the app routes (tests/src/screens.rs)
//! and each must show its content within 1.5 s of the hash change and keep
//! the page under 5,000 DOM nodes. Needs dist/ like tests/tests/browser.rs.

use anyhow::{ensure, Result};
use fantoccini::Client;
use tests::browser::{run_scenario, wait_css};
use tests::browser_fixtures::{app, sign_in, sign_out, PASSWORD};
use tests::screens::{load_scale_household, routed_screens, screens_from_here, visit};

const BUDGET_MS: f64 = 1500.0;
const MAX_NODES: u64 = 5000;

/// Visits every screen as one person, printing each measurement, and
/// returns what broke the budget.
async fn every_screen(client: &Client, who: &str, admin: bool) -> Result<Vec<String>> {
    let mut over = Vec::new();
    for screen in screens_from_here(client).await? {
        let v = visit(client, screen, admin).await?;
        eprintln!(
            "{who:<6} {:<14} {:>7.1} ms {:>5} nodes",
            screen.hash, v.ms, v.nodes
        );
        if v.ms > BUDGET_MS {
            over.push(format!("{who} {}: {:.0} ms", screen.hash, v.ms));
        }
        if v.nodes >= MAX_NODES {
            over.push(format!("{who} {}: {} DOM nodes", screen.hash, v.nodes));
        }
    }
    Ok(over)
}

#[test]
fn every_screen_shows_within_budget_with_100k_occurrences() {
    let stack = app();
    load_scale_household(stack);
    run_scenario("scale_screens", &[], |client| async move {
        let screens = routed_screens();
        ensure!(
            screens.len() >= 12,
            "the screen list lost its routes: {}",
            screens.len()
        );
        let mut over = Vec::new();
        for (who, admin) in [("user1", false), ("admin", true)] {
            sign_in(&client, stack, who, PASSWORD).await?;
            wait_css(&client, "#sign-out").await?;
            over.extend(every_screen(&client, who, admin).await?);
            sign_out(&client).await?;
        }
        ensure!(over.is_empty(), "over budget:\n{}", over.join("\n"));
        Ok(())
    });
}
