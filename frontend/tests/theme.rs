//! The theme choice, run in headless Chromium:
//! `cargo test -p frontend --target wasm32-unknown-unknown --test theme`.
//! What is kept in localStorage and what lands on `<html>`.

use frontend::theme::{apply_stored, choose, current};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn attribute() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("data-theme"))
}

fn stored() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("ctt.theme").ok().flatten())
}

#[wasm_bindgen_test]
fn a_choice_is_kept_and_put_on_the_page_and_system_forgets_it() {
    choose("dark");
    assert_eq!(current(), "dark");
    assert_eq!(stored().as_deref(), Some("dark"));
    assert_eq!(attribute().as_deref(), Some("dark"));

    // Unknown names change nothing.
    choose("purple");
    assert_eq!(current(), "dark");
    assert_eq!(attribute().as_deref(), Some("dark"));

    choose("light");
    assert_eq!(attribute().as_deref(), Some("light"));

    // System: no attribute (the media query decides), nothing stored.
    choose("system");
    assert_eq!(current(), "system");
    assert_eq!(stored(), None);
    assert_eq!(attribute(), None);
}

#[wasm_bindgen_test]
fn startup_applies_what_was_stored_and_ignores_anything_else() {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    storage.set_item("ctt.theme", "dark").expect("stored");
    apply_stored();
    assert_eq!(attribute().as_deref(), Some("dark"));

    storage.set_item("ctt.theme", "<b>").expect("stored");
    apply_stored();
    assert_eq!(current(), "system");
    assert_eq!(attribute(), None);
    storage.remove_item("ctt.theme").expect("removed");
}
