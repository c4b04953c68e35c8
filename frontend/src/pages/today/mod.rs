//! Today, the landing screen: what is overdue, due today and coming up this
//! week (`agenda`), for me or everyone; Done in one tap, the rest behind
//! "More"; a 10-second Undo after each action; kept current when the tab
//! regains focus and every minute while it is visible. Written as HTML
//! text (crate::html), but its list is set here rather than through
//! `Part::List`: a background refresh must neither steal focus nor close
//! an open panel, so it writes only a changed list and restores both.

mod actions;
pub mod model;
mod render;
mod snackbar;

use crate::api::{use_api, Api};
use crate::components::focus_first;
use crate::errors::ApiError;
use crate::html::{esc, set_html, set_value, value_of, Part, Screen};
use crate::i18n::{t, K};
use crate::models::User;
use crate::schedule::zone::to_local;
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{Agenda, Card, SwapOffer};
use render::{list_html, panel_html, Viewer};
use snackbar::Snackbar;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The agenda's window: today and the next 7 days (plus everything overdue).
const DAYS: u32 = 7;

/// Where focus goes once the list is written again after an action.
#[derive(Clone)]
enum Plan {
    /// The Done button now at this position among the cards, else the
    /// heading of the section the acted-on card was in.
    DoneAt(usize, &'static str),
    /// The Accept now at this position among the offers, else these.
    AcceptAt(usize, Vec<String>),
    /// The first of these that exists.
    First(Vec<String>),
}

/// What is on screen, for the next action and the next refresh.
#[derive(Default)]
struct Shown {
    agenda: Option<Agenda>,
    offers: Vec<SwapOffer>,
    html: String,
    done: Vec<(i64, &'static str)>,
    offer_ids: Vec<i64>,
}

#[derive(Clone, Copy)]
struct Today {
    api: Api,
    me: i64,
    admin: bool,
    everyone: StoredValue<bool>,
    members: StoredValue<Vec<User>>,
    shown: StoredValue<Shown>,
    /// The API's refusals by occurrence id (offers: negated id).
    errors: StoredValue<Vec<(i64, String)>>,
    open_panels: StoredValue<Vec<i64>>,
    plan: StoredValue<Option<Plan>>,
    /// Only the newest load may write the list.
    latest: StoredValue<u64>,
    /// Actions in flight: a background refresh waits for their own.
    busy: StoredValue<u32>,
    snackbar: Snackbar,
}

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

fn page_hidden() -> bool {
    document().hidden()
}

impl Today {
    fn viewer<R>(self, f: impl FnOnce(&Viewer) -> R) -> R {
        self.members.with_value(|members| {
            f(&Viewer {
                me: self.me,
                admin: self.admin,
                everyone: self.everyone.get_value(),
                members,
            })
        })
    }

    fn card(self, id: i64) -> Option<Card> {
        self.shown.with_value(|s| {
            s.agenda
                .as_ref()?
                .items
                .iter()
                .find(|c| c.assignment_id == id)
                .cloned()
        })
    }

    fn zone(self) -> String {
        self.shown.with_value(|s| {
            s.agenda
                .as_ref()
                .map(|a| a.time_zone.clone())
                .unwrap_or_default()
        })
    }

    /// Reads the agenda and the offers to me again and writes the list if
    /// it changed. `background`: a refresh nobody asked for, skipped while
    /// an action is in flight (its own reload follows).
    fn load(self, background: bool) {
        if background && (self.busy.get_value() > 0 || page_hidden()) {
            return;
        }
        let Some(this) = self.latest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let api = self.api;
        let user = (!self.everyone.get_value()).then_some(self.me);
        spawn_local(async move {
            let result = async {
                if self.members.with_value(Vec::is_empty) {
                    // Names for the swap picker and the offers on my cards.
                    let members = api.users().await.unwrap_or_default();
                    self.members.set_value(members);
                }
                Ok::<_, ApiError>((
                    api.agenda(DAYS, user).await?,
                    api.swap_offers_to(self.me).await?,
                ))
            }
            .await;
            if self.latest.try_get_value() != Some(this) {
                return;
            }
            match result {
                Ok((agenda, offers)) => self.show(agenda, offers),
                Err(e) => self.failed(e),
            }
        });
    }

    fn failed(self, e: ApiError) {
        let message = esc(&e.user_message());
        if self.shown.with_value(|s| s.agenda.is_some()) {
            // The list stays; the failure is said above it.
            set_html(
                "today-status",
                &format!("{} {message}", t(K::TodayRefreshFailed)),
            );
            return;
        }
        set_html(
            "today-list",
            &format!(
                "<div class=\"error-box\" role=\"alert\"><p>{message}</p><button type=\"button\" class=\"button secondary\" \
                 id=\"today-retry\" data-action=\"retry\" data-id=\"0\">{}</button></div>",
                t(K::TodayRetry)
            ),
        );
    }

    fn show(self, agenda: Agenda, offers: Vec<SwapOffer>) {
        set_html("today-status", "");
        let rendered = self
            .errors
            .with_value(|errors| self.viewer(|viewer| list_html(&agenda, &offers, viewer, errors)));
        let plan = self.plan.try_update_value(Option::take).flatten();
        let changed = self.shown.with_value(|s| s.html != rendered.html);
        let (done, offer_ids) = (rendered.done.clone(), rendered.offers.clone());
        self.shown.set_value(Shown {
            agenda: Some(agenda),
            offers,
            html: rendered.html.clone(),
            done: rendered.done,
            offer_ids: rendered.offers,
        });
        if changed {
            self.write(&rendered.html);
        }
        let Some(plan) = plan else {
            return;
        };
        let selectors = match plan {
            Plan::DoneAt(at, section) => {
                let mut s: Vec<String> = done
                    .get(at)
                    .map(|(id, _)| format!("#done-{id}"))
                    .into_iter()
                    .collect();
                s.push(format!("#today-h-{section}"));
                s
            }
            Plan::AcceptAt(at, rest) => {
                let mut s: Vec<String> = offer_ids
                    .get(at)
                    .map(|id| format!("#accept-{id}"))
                    .into_iter()
                    .collect();
                s.extend(rest);
                s
            }
            Plan::First(s) => s,
        };
        focus_first(selectors);
    }

    /// Writes the list, keeping what a refresh must not take away: open
    /// panels with what was typed in them, and the focused control.
    fn write(self, html: &str) {
        let focused = document()
            .active_element()
            .filter(|e| e.closest("#today-list").ok().flatten().is_some())
            .map(|e| e.id());
        let open = self.open_panels.get_value();
        let typed: Vec<(String, String)> = open
            .iter()
            .flat_map(|id| ["note", "when", "swap"].map(|f| format!("{f}-{id}")))
            .map(|field| {
                let value = value_of(&field);
                (field, value)
            })
            .collect();
        set_html("today-list", html);
        let still_open: Vec<i64> = open.into_iter().filter(|id| self.open_panel(*id)).collect();
        self.open_panels.set_value(still_open);
        for (field, value) in typed {
            set_value(&field, &value);
        }
        if let Some(element) = focused
            .filter(|id| !id.is_empty())
            .and_then(|id| element(&id))
        {
            let _ = element.focus();
        }
    }

    /// Writes and shows card `id`'s panel; false when the card is gone.
    fn open_panel(self, id: i64) -> bool {
        let (Some(card), Some(panel), Some(more)) = (
            self.card(id),
            element(&format!("panel-{id}")),
            element(&format!("more-{id}")),
        ) else {
            return false;
        };
        let zone = self.zone();
        let now = to_local(&String::from(js_sys::Date::new_0().to_iso_string()), &zone)
            .unwrap_or_default();
        panel.set_inner_html(&self.viewer(|v| panel_html(&card, v, &now)));
        let _ = panel.remove_attribute("hidden");
        let _ = more.set_attribute("aria-expanded", "true");
        true
    }

    fn toggle_panel(self, id: i64) {
        let open = self.open_panels.with_value(|p| p.contains(&id));
        if !open {
            if self.open_panel(id) {
                self.open_panels.update_value(|p| p.push(id));
            }
            return;
        }
        self.open_panels.update_value(|p| p.retain(|x| *x != id));
        if let Some(panel) = element(&format!("panel-{id}")) {
            let _ = panel.set_attribute("hidden", "");
            panel.set_inner_html("");
        }
        if let Some(more) = element(&format!("more-{id}")) {
            let _ = more.set_attribute("aria-expanded", "false");
        }
    }
}

/// The Today screen.
pub fn today() -> Screen {
    let state = use_state();
    let page = Today {
        api: use_api(),
        me: state.user_id(),
        admin: untrack(|| state.is_admin()),
        everyone: StoredValue::new(false),
        members: StoredValue::new(Vec::new()),
        shown: StoredValue::new(Shown::default()),
        errors: StoredValue::new(Vec::new()),
        open_panels: StoredValue::new(Vec::new()),
        plan: StoredValue::new(None),
        latest: StoredValue::new(0),
        busy: StoredValue::new(0),
        snackbar: Snackbar::new(),
    };
    // The list's container is written by the view below; load once it is
    // in the document.
    request_animation_frame(move || page.load(false));

    // Others' completions show up when the tab comes back and every minute
    // while it is visible. Nothing here moves focus (see `write`).
    let on_focus = window_event_listener(leptos::ev::focus, move |_| page.load(true));
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| page.load(true));
    let every_minute =
        set_interval_with_handle(move || page.load(true), Duration::from_secs(60)).ok();
    on_cleanup(move || {
        on_focus.remove();
        on_visible.remove();
        if let Some(handle) = every_minute {
            handle.clear();
        }
        page.snackbar.forget();
    });

    let head = format!(
        "<div id=\"today\"><div class=\"page-head\"><h1>{}</h1><div class=\"today-scope\" role=\"group\" aria-label=\"{}\">\
         <button type=\"button\" id=\"today-me\" class=\"button secondary\" data-action=\"scope\" data-id=\"0\" aria-pressed=\"true\">{}</button>\
         <button type=\"button\" id=\"today-everyone\" class=\"button secondary\" data-action=\"scope\" data-id=\"1\" aria-pressed=\"false\">{}</button>\
         </div></div><p id=\"today-status\" class=\"field-error\" role=\"alert\"></p>\
         <div id=\"today-list\"><p class=\"loading\" role=\"status\"><span class=\"spinner\" aria-hidden=\"true\"></span>{}</p></div></div>",
        t(K::TodayTitle),
        t(K::TodayScope),
        t(K::TodayMe),
        t(K::TodayEveryone),
        t(K::TodayLoading)
    );
    Screen {
        parts: vec![Part::Html(head), Part::Html(snackbar::CONTAINER.into())],
        on_event: Rc::new(move |ev: web_sys::Event| {
            if ev.type_() == "click" {
                page.on_click(ev);
            }
        }),
    }
}
