//! The colour theme: System (follow `prefers-color-scheme`), Light or
//! Dark, kept in this browser's localStorage. An explicit choice is
//! `data-theme` on `<html>`, which style.css's dark and light sets key on;
//! System is no attribute, so the media query decides. Applied before the
//! first render (main.rs), so a dark page never flashes light.

const STORAGE_KEY: &str = "ctt.theme";

/// The choices in the order the settings screen offers them.
pub const THEMES: [&str; 3] = ["system", "light", "dark"];

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored choice; anything unknown (or nothing) is "system".
pub fn current() -> &'static str {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .unwrap_or_default();
    THEMES
        .into_iter()
        .find(|t| *t == stored)
        .unwrap_or(THEMES[0])
}

fn apply(theme: &str) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        "light" | "dark" => root.set_attribute("data-theme", theme),
        _ => root.remove_attribute("data-theme"),
    };
}

/// Puts the stored choice on the page: once, at startup.
pub fn apply_stored() {
    apply(current());
}

/// Chooses and keeps `theme` (one of `THEMES`); System forgets the choice.
pub fn choose(theme: &str) {
    if !THEMES.contains(&theme) {
        return;
    }
    if let Some(storage) = storage() {
        let _ = if theme == THEMES[0] {
            storage.remove_item(STORAGE_KEY)
        } else {
            storage.set_item(STORAGE_KEY, theme)
        };
    }
    apply(theme);
}
