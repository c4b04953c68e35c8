//! `make screenshots`: every screen of the app (tests::screens::SCREENS,
//! the list the scale and accessibility tests visit) as PNGs in
//! docs/screenshots/, at phone (390×844) and desktop (1280×900) size, plus
//! sign-in. Starts a throwaway stack with the sample household, publishes
//! dist/ into it, signs in as `admin` in headless Chromium and saves each
//! screen; the stack stops when this exits.
use anyhow::{Context, Result};
use serde_json::json;
use std::time::Duration;
use tests::browser::{wait_css, Driver};
use tests::browser_fixtures::{app, page_url, sign_in, PASSWORD};
use tests::screens::routed_screens;

const SIZES: [(&str, (u32, u32)); 2] = [("phone", (390, 844)), ("desktop", (1280, 900))];

/// `#/chores/new` → `chores-new`.
fn file_stem(hash: &str) -> String {
    hash.trim_start_matches("#/").replace('/', "-")
}

fn main() -> Result<()> {
    let stack = app();
    // Something to review: user1 marks the seeded kitchen task done.
    let user1 = stack.api().login("user1", PASSWORD)?;
    let reply = user1.rpc("complete_assignment", &json!({"p_assignment_id": 1}))?;
    eprintln!("completed a seeded assignment: {}", reply.status);
    let out = tests::project_root().join("docs/screenshots");
    std::fs::create_dir_all(&out)?;
    let driver = Driver::start()?;
    let url = page_url(stack);
    tokio::runtime::Runtime::new()?.block_on(async {
        for (size, window) in SIZES {
            let client = connect(&driver, window).await?;
            // One browser profile for both sizes: start signed out.
            client.goto(&format!("{url}#/signin")).await?;
            client
                .execute("localStorage.clear(); sessionStorage.clear();", vec![])
                .await?;
            client.refresh().await?;
            wait_css(&client, "#auth-form").await?;
            settle().await;
            save(
                &out,
                &format!("{size}-sign-in.png"),
                client.screenshot().await?,
            )?;
            sign_in(&client, stack, "admin", PASSWORD).await?;
            for screen in routed_screens() {
                let ready = screen.ready_for(true);
                client.goto(&format!("{url}{}", screen.hash)).await?;
                wait_css(&client, ready)
                    .await
                    .with_context(|| format!("{}: waiting for {ready}", screen.hash))?;
                settle().await;
                save(
                    &out,
                    &format!("{size}-{}.png", file_stem(screen.hash)),
                    client.screenshot().await?,
                )?;
            }
            client.close().await?;
        }
        anyhow::Ok(())
    })?;
    Ok(())
}

/// A session whose viewport is exactly `window` (Chromium will not make a
/// window narrower than 500 px, so the size is emulated).
async fn connect(driver: &Driver, window: (u32, u32)) -> Result<fantoccini::Client> {
    let mut caps = driver.capabilities(window);
    if let Some(options) = caps
        .get_mut("goog:chromeOptions")
        .and_then(|o| o.as_object_mut())
    {
        options.insert(
            "mobileEmulation".into(),
            json!({"deviceMetrics": {"width": window.0, "height": window.1, "pixelRatio": 1.0,
                                     "mobile": window.0 < 800, "touch": window.0 < 800}}),
        );
    }
    let mut builder =
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(caps);
    Ok(builder
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await?)
}

/// Lets the data arrive and the layout settle before the picture.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(1200)).await;
}

fn save(dir: &std::path::Path, name: &str, png: Vec<u8>) -> Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, png)?;
    println!("{}", path.display());
    Ok(())
}
