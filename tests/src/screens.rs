//! Every screen of the app in one list, for the tests that visit them all
//! (scale: tests/tests/browser_scale.rs, accessibility:
//! tests/tests/browser/a11y.rs) and the frontend benchmark. A screen added
//! to the app is one line here; a line whose route the app does not know
//! yet (frontend/src/route.rs) is skipped until it does.

use crate::{project_root, Stack};
use anyhow::{bail, Context, Result};
use fantoccini::Client;
use serde::Deserialize;
use serde_json::json;
use std::sync::OnceLock;

pub struct Screen {
    pub hash: &'static str,
    /// CSS matching the screen's content once its data is shown (for a
    /// member on an admin's screen the "admins only" heading is enough).
    pub ready: &'static str,
    pub admin_only: bool,
}

const fn screen(hash: &'static str, ready: &'static str, admin_only: bool) -> Screen {
    Screen {
        hash,
        ready,
        admin_only,
    }
}

/// Every screen a signed-in person can open.
pub const SCREENS: &[Screen] = &[
    screen("#/today", "#today-list > :not(.loading)", false),
    screen("#/tasks", "#my-tasks .group, #my-tasks .empty", false),
    screen("#/board", "#board .cards, #board .empty", false),
    screen("#/catalog", "#task-list", false),
    screen("#/chores/new", "#chore-editor", true),
    screen("#/approvals", "#approvals .cards, #approvals .empty", true),
    screen("#/history", "#history-table, #main .empty", false),
    screen("#/calendar", "#calendar-table", false),
    screen("#/points", "#leaderboard-table", false),
    screen("#/rewards", "#rewards-title", false),
    screen("#/account", "#password-form", false),
    screen("#/members", "#member-list", true),
    screen("#/invites", "#invite-list, #invites .empty", true),
    screen("#/household", "#member-list", true),
    screen("#/settings", "#main h1", false),
];

/// The screens the app routes today: their `href` is in route.rs.
pub fn routed_screens() -> Vec<&'static Screen> {
    static ROUTES: OnceLock<String> = OnceLock::new();
    let routes = ROUTES.get_or_init(|| {
        std::fs::read_to_string(project_root().join("frontend/src/route.rs")).unwrap_or_default()
    });
    SCREENS
        .iter()
        .filter(|s| routes.contains(&format!("\"{}\"", s.hash)))
        .collect()
}

/// `routed_screens()` in an order that starts away from the screen the
/// browser shows now (a hash set to itself changes nothing to measure):
/// that one goes last.
pub async fn screens_from_here(client: &Client) -> Result<Vec<&'static Screen>> {
    let here = client.execute("return location.hash", vec![]).await?;
    let (same, mut others): (Vec<_>, Vec<_>) = routed_screens()
        .into_iter()
        .partition(|s| here.as_str() == Some(s.hash));
    others.extend(same);
    Ok(others)
}

impl Screen {
    /// What shows this screen is ready for `admin` (members see only the
    /// "admins only" heading on an admin's screen).
    pub fn ready_for(&self, admin: bool) -> &'static str {
        if self.admin_only && !admin {
            "#main h1"
        } else {
            self.ready
        }
    }
}

/// One navigation, measured in the page.
#[derive(Debug, Deserialize)]
pub struct Visit {
    /// False when the screen was not ready within the script's 10 s.
    pub ready: bool,
    /// Hash change → content in the DOM and laid out (the next frame).
    pub ms: f64,
    /// `document.getElementsByTagName('*').length` once ready.
    pub nodes: u64,
}

/// Sets the hash and waits, in the page, until the new screen's heading
/// and `ready` are there and nothing shows a spinner or is busy: the
/// previous screen's headings are marked first, so they cannot count.
const NAVIGATE: &str = r#"
const [hash, ready, done] = arguments;
for (const h of document.querySelectorAll('#main h1')) h.dataset.stale = '1';
const start = performance.now();
const isReady = () => document.querySelector('#main h1:not([data-stale])')
  && document.querySelector(ready)
  && !document.querySelector('#main .loading, [aria-busy="true"]');
let finished = false;
const finish = (ok) => {
  if (finished) return;
  finished = true;
  observer.disconnect();
  clearTimeout(timer);
  done({ready: ok, ms: performance.now() - start, nodes: document.getElementsByTagName('*').length});
};
const check = () => { if (isReady()) requestAnimationFrame(() => finish(true)); };
const observer = new MutationObserver(check);
observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
const timer = setTimeout(() => finish(false), 10000);
location.hash = hash;
"#;

/// Opens `screen` by its hash from wherever the app is and measures it.
pub async fn visit(client: &Client, screen: &Screen, admin: bool) -> Result<Visit> {
    let reply = client
        .execute_async(
            NAVIGATE,
            vec![json!(screen.hash), json!(screen.ready_for(admin))],
        )
        .await
        .with_context(|| format!("navigating to {}", screen.hash))?;
    let visit: Visit = serde_json::from_value(reply)?;
    if !visit.ready {
        bail!(
            "{} was not ready within 10 s ({})",
            screen.hash,
            screen.ready_for(admin)
        );
    }
    Ok(visit)
}

/// Loads the scale household (db/seed/scale_history.sql: 20 members, 200
/// chores, 100,000 closed occurrences) into `stack` once per process, then
/// VACUUM ANALYZE as the seed asks.
pub fn load_scale_household(stack: &Stack) {
    static SEEDED: OnceLock<()> = OnceLock::new();
    SEEDED.get_or_init(|| {
        let seed = std::fs::read_to_string(project_root().join("db/seed/scale_history.sql"))
            .expect("reading db/seed/scale_history.sql");
        let started = std::time::Instant::now();
        stack.psql(&seed).expect("loading the scale household");
        stack
            .psql("VACUUM ANALYZE app_data.task_assignments")
            .expect("VACUUM ANALYZE");
        eprintln!("scale household loaded in {:.1?}", started.elapsed());
    });
}
