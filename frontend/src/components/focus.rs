//! Where focus goes after an action re-renders a list: the control the
//! user acted on is gone, and focus must not fall to `<body>` nor onto a
//! destructive button (issue 12: after Approve, Tab used to reach the next
//! card's Reject).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses, after the next frame (the re-rendered list is in the DOM by
/// then), the first element matching one of `selectors` that is not
/// disabled.
pub fn focus_first(selectors: Vec<String>) {
    request_animation_frame(move || {
        let document = document();
        for selector in &selectors {
            let Ok(Some(element)) = document.query_selector(selector) else {
                continue;
            };
            if element.has_attribute("disabled") {
                continue;
            }
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
                return;
            }
        }
    });
}

/// A focus move planned by an action and made when its list has been
/// rendered again: `plan` before the refetch, `fire` in the render.
#[derive(Clone, Copy)]
pub struct FocusAfter(StoredValue<Option<Vec<String>>>);

impl FocusAfter {
    pub fn new() -> FocusAfter {
        FocusAfter(StoredValue::new(None))
    }

    pub fn plan(self, selectors: Vec<String>) {
        self.0.set_value(Some(selectors));
    }

    pub fn fire(self) {
        if let Some(Some(selectors)) = self.0.try_update_value(Option::take) {
            focus_first(selectors);
        }
    }
}

impl Default for FocusAfter {
    fn default() -> Self {
        FocusAfter::new()
    }
}
