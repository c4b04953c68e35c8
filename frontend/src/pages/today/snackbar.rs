//! The line that confirms each action ("Done: Dishes") with its Undo for
//! 10 seconds: a polite status region (announced, never focused by
//! itself), fixed at the bottom of the screen and last in the tab order.

use crate::components::focus_first;
use crate::html::{esc, set_html};
use crate::i18n::{t, K};
use leptos::prelude::*;
use std::time::Duration;

/// The region itself: present (empty) from the start, so screen readers
/// announce what is written into it.
pub const CONTAINER: &str =
    "<div id=\"today-snackbar\" class=\"snackbar\" role=\"status\" aria-live=\"polite\"></div>";

const WINDOW: Duration = Duration::from_secs(10);

/// What the Undo takes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undo {
    /// A completion or skip of this occurrence.
    Occurrence(i64),
    /// This offer (of that occurrence).
    Offer(i64, i64),
}

#[derive(Clone, Copy)]
pub struct Snackbar {
    /// Each message's number: only the newest one's timer clears it.
    shown: StoredValue<u64>,
    undo: StoredValue<Option<(Undo, String)>>,
}

impl Snackbar {
    pub fn new() -> Snackbar {
        Snackbar {
            shown: StoredValue::new(0),
            undo: StoredValue::new(None),
        }
    }

    /// "<what>: <chore>", with Undo when `undo` is given; gone after 10 s.
    pub fn show(self, what: &str, name: &str, undo: Option<Undo>) {
        let Some(this) = self.shown.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let message = format!("{what}: {}", esc(name));
        let button = if undo.is_some() {
            format!(
                "<button type=\"button\" id=\"today-undo\" class=\"button secondary\" data-action=\"undo\" data-id=\"0\" \
                 aria-label=\"{} {message}\">{}</button><span class=\"snackbar-window\">{}</span>",
                t(K::TodayUndo),
                t(K::TodayUndo),
                t(K::TodayUndoWindow)
            )
        } else {
            String::new()
        };
        self.undo.set_value(undo.map(|u| (u, name.to_string())));
        set_html(
            "today-snackbar",
            &format!(
                "<div class=\"snackbar-body\"><span class=\"snackbar-message\">{message}</span>{button}\
                 <span class=\"snackbar-bar\" aria-hidden=\"true\"></span></div>"
            ),
        );
        set_timeout(
            move || {
                if self.shown.try_get_value() == Some(this) {
                    self.hide();
                }
            },
            WINDOW,
        );
    }

    /// The Undo on offer, taken (a second press does nothing).
    pub fn take_undo(self) -> Option<(Undo, String)> {
        self.undo.try_update_value(Option::take).flatten()
    }

    fn hide(self) {
        let _ = self.undo.try_set_value(None);
        // Focus inside the region would fall to <body> with it.
        let inside = document()
            .active_element()
            .and_then(|e| e.closest("#today-snackbar").ok().flatten())
            .is_some();
        set_html("today-snackbar", "");
        if inside {
            focus_first(vec![
                "#today-list .today-done".into(),
                "#today-list h2".into(),
            ]);
        }
    }

    /// The page is going away: no timer of it may write anything.
    pub fn forget(self) {
        let _ = self.shown.try_update_value(|n| *n += 1);
    }
}
