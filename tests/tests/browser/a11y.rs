//! axe-core on every screen (issue 12): a member and an admin open each
//! screen the app routes (tests/src/screens.rs) at a phone's and a
//! desktop's size, in the light and the dark theme once the app has them,
//! and axe must report no violation of serious or critical impact (nor
//! heading-order, which issue 12 named; the rest is printed).
//!
//! axe.min.js (scripts/install.sh puts a pinned copy under .cache/) goes in
//! through WebDriver's execute, which runs outside the page's CSP (the
//! harness would fail the scenario on a violation: this one proves it).

use anyhow::{bail, ensure, Context, Result};
use fantoccini::Client;
use serde::Deserialize;
use serde_json::json;
use tests::browser::{run_scenario, wait_css};
use tests::browser_fixtures::{app, sign_in, sign_out, PASSWORD};
use tests::project_root;
use tests::screens::{routed_screens, screens_from_here, visit};

const SIZES: [(u32, u32); 2] = [(390, 844), (1280, 900)];

#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    targets: Vec<String>,
}

fn axe_source() -> Result<String> {
    let path = project_root().join(".cache/axe-core/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .with_context(|| format!("reading {} (run scripts/install.sh)", path.display()))
}

/// Every violation, nodes listed by their selector (the first five).
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
// label-content-name-mismatch (a visible label missing from the accessible
// name, WCAG 2.5.3: issue 12 found it on "Mark done") is experimental in
// axe, so off unless asked for.
axe.run(document, {resultTypes: ['violations'],
                   rules: {'label-content-name-mismatch': {enabled: true}}}).then(result => done(result.violations
  .map(v => ({id: v.id, impact: v.impact || 'unknown', help: v.help,
              targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));
"#;

/// The themes the served stylesheet knows (`data-theme` on `<html>`);
/// `None`: the default look only.
const THEMES: &str = r#"
const rules = [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch (e) { return []; } });
return rules.some(r => r.cssText.includes('data-theme')) ? ['light', 'dark'] : [null];
"#;

async fn ensure_axe(client: &Client, source: &str) -> Result<()> {
    if client.execute("return !!window.axe", vec![]).await? == json!(true) {
        return Ok(());
    }
    client
        .execute(&format!("{source}\nreturn !!window.axe;"), vec![])
        .await
        .context("injecting axe-core")?;
    ensure!(
        client.execute("return !!window.axe", vec![]).await? == json!(true),
        "axe-core did not load"
    );
    Ok(())
}

async fn axe(client: &Client) -> Result<Vec<Violation>> {
    let reply = client.execute_async(RUN_AXE, vec![]).await?;
    Ok(serde_json::from_value(reply)?)
}

fn is_serious(v: &Violation) -> bool {
    v.impact == "serious" || v.impact == "critical"
}

/// What fails the test: serious and critical findings, and the moderate
/// ones issue 12 named (headings skipping a level lose screen readers'
/// outline).
fn fails(v: &Violation) -> bool {
    is_serious(v) || v.id == "heading-order"
}

/// Proves axe runs and reports here: a nameless button (critical,
/// "button-name") put on the page must be found, then is removed.
async fn canary(client: &Client) -> Result<()> {
    client
        .execute(
            "const b = document.createElement('button'); b.id = 'axe-canary'; document.body.append(b);",
            vec![],
        )
        .await?;
    let found = axe(client).await?;
    client
        .execute("document.getElementById('axe-canary').remove();", vec![])
        .await?;
    ensure!(
        found.iter().any(|v| v.id == "button-name"
            && is_serious(v)
            && v.targets.iter().any(|t| t.contains("axe-canary"))),
        "axe missed the planted nameless button: {found:?}"
    );
    Ok(())
}

/// Every screen for one person at every size and theme; the findings as
/// lines for the failure message.
async fn audit(client: &Client, source: &str, who: &str, admin: bool) -> Result<Vec<String>> {
    let themes: Vec<Option<String>> =
        serde_json::from_value(client.execute(THEMES, vec![]).await?)?;
    let mut found = Vec::new();
    for (width, height) in SIZES {
        client.set_window_size(width, height).await?;
        for screen in screens_from_here(client).await? {
            visit(client, screen, admin).await?;
            ensure_axe(client, source).await?;
            for theme in &themes {
                client
                    .execute(
                        "const t = arguments[0]; t ? document.documentElement.setAttribute('data-theme', t) \
                         : document.documentElement.removeAttribute('data-theme');",
                        vec![json!(theme)],
                    )
                    .await?;
                for v in axe(client).await? {
                    if !fails(&v) {
                        // Reported, not failed: the issue's bar is serious.
                        eprintln!(
                            "a11y note: {who} {} {width}x{height}: {} ({}) at {}",
                            screen.hash,
                            v.id,
                            v.impact,
                            v.targets.join(" | ")
                        );
                        continue;
                    }
                    found.push(format!(
                        "{who} {} {width}x{height} {}: {} ({}) {} at {}",
                        screen.hash,
                        theme.as_deref().unwrap_or("default"),
                        v.id,
                        v.impact,
                        v.help,
                        v.targets.join(" | ")
                    ));
                }
            }
        }
    }
    Ok(found)
}

#[test]
fn axe_finds_nothing_serious_on_any_screen() {
    let stack = app();
    let source = axe_source().expect("axe-core");
    run_scenario("a11y_axe", &[], |client| async move {
        ensure!(
            routed_screens().len() >= 12,
            "the screen list lost its routes"
        );
        let mut found = Vec::new();
        for (who, admin) in [("user1", false), ("admin", true)] {
            sign_in(&client, stack, who, PASSWORD).await?;
            wait_css(&client, "#sign-out").await?;
            if !admin {
                ensure_axe(&client, &source).await?;
                canary(&client).await?;
            }
            found.extend(audit(&client, &source, who, admin).await?);
            sign_out(&client).await?;
        }
        if !found.is_empty() {
            bail!(
                "axe: {} serious or critical findings:\n{}",
                found.len(),
                found.join("\n")
            );
        }
        Ok(())
    });
}
