//! Today, the landing screen: what is overdue, due today and coming up this
//! week (`agenda`), for me or everyone; Done in one tap, the rest behind
//! "More"; a 10-second Undo after each action; kept current when the tab
//! regains focus and every minute while it is visible. Written as HTML
//! text (crate::html), but its list is set here rather than through
//! `Part::List`: a background refresh must neither steal focus nor close
//! an open panel, so it writes only a changed list and restores both.

pub mod model;
mod render;
mod snackbar;
mod text;

use crate::api::{use_api, Api};
use crate::components::focus_first;
use crate::errors::ApiError;
use crate::html::{clicked, esc, field_error, set_html, set_value, value_of, Part, Screen};
use crate::models::User;
use crate::schedule::zone::{to_instant, to_local};
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{Agenda, Card, SwapOffer};
use render::{list_html, panel_html, Viewer};
use snackbar::{Snackbar, Undo};
use std::future::Future;
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
                &format!("{} {message}", text::REFRESH_FAILED),
            );
            return;
        }
        set_html(
            "today-list",
            &format!(
                "<div class=\"error-box\" role=\"alert\"><p>{message}</p><button type=\"button\" class=\"button secondary\" \
                 id=\"today-retry\" data-action=\"retry\" data-id=\"0\">{}</button></div>",
                text::RETRY
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

    /// Where a card's Done was among the cards, for the focus afterwards.
    fn done_plan(self, id: i64) -> Plan {
        self.shown.with_value(|s| {
            let at = s.done.iter().position(|(d, _)| *d == id);
            let section = at.map(|at| s.done[at].1).unwrap_or("overdue");
            Plan::DoneAt(at.unwrap_or(0), section)
        })
    }

    fn set_error(self, key: i64, message: Option<String>) {
        self.errors.update_value(|errors| {
            errors.retain(|(k, _)| *k != key);
            if let Some(m) = &message {
                errors.push((key, m.clone()));
            }
        });
        let target = if key < 0 {
            format!("offer-err-{}", -key)
        } else {
            format!("err-{key}")
        };
        if let Some(e) = element(&target) {
            e.set_text_content(message.as_deref());
        }
    }

    /// Runs one action from `button`: busy while in flight; a refusal is
    /// shown at the field the API names (`fields`: parameter -> input id)
    /// or on the card (`key`), never lost; success is `call`'s own work.
    fn run(
        self,
        button: web_sys::HtmlElement,
        key: i64,
        fields: Vec<(&'static str, String)>,
        call: impl Future<Output = Result<(), ApiError>> + 'static,
    ) {
        if button.has_attribute("disabled") {
            return;
        }
        let label = button.text_content().unwrap_or_default();
        let _ = button.set_attribute("disabled", "");
        let _ = button.set_attribute("aria-busy", "true");
        button.set_text_content(Some(text::WORKING));
        self.set_error(key, None);
        for (_, input) in &fields {
            field_error(input, None);
        }
        self.busy.update_value(|n| *n += 1);
        spawn_local(async move {
            let result = call.await;
            self.busy.update_value(|n| *n = n.saturating_sub(1));
            let Err(e) = result else {
                // The card's panel closes with the action it was for.
                self.open_panels.update_value(|p| p.retain(|x| *x != key));
                return;
            };
            let _ = button.remove_attribute("disabled");
            let _ = button.remove_attribute("aria-busy");
            button.set_text_content(Some(&label));
            let own = e.code.as_deref().is_some_and(|c| c.starts_with("PT"));
            let field = fields
                .iter()
                .find(|(param, _)| own && e.details.as_deref() == Some(*param));
            match field {
                Some((_, input)) => {
                    field_error(input, Some(&e.user_message()));
                    if let Some(input) = element(input) {
                        let _ = input.focus();
                    }
                }
                None => self.set_error(key, Some(e.user_message())),
            }
        });
    }

    /// After a successful action: the snackbar, then the list again with
    /// focus where `plan` says.
    fn after(self, what: &str, name: &str, undo: Option<Undo>, plan: Plan) {
        self.snackbar.show(what, name, undo);
        self.plan.set_value(Some(plan));
        self.load(false);
    }

    fn on_click(self, ev: web_sys::Event) {
        let Some((button, action, id)) = clicked(&ev) else {
            return;
        };
        let api = self.api;
        let name = self.card(id).map(|c| c.task_name).unwrap_or_default();
        match action.as_str() {
            "retry" => self.load(false),
            "scope" => {
                self.everyone.set_value(id == 1);
                for (n, b) in ["today-me", "today-everyone"].iter().enumerate() {
                    if let Some(b) = element(b) {
                        let pressed = if (n == 1) == (id == 1) {
                            "true"
                        } else {
                            "false"
                        };
                        let _ = b.set_attribute("aria-pressed", pressed);
                    }
                }
                self.open_panels.set_value(Vec::new());
                self.load(false);
            }
            "more" => self.toggle_panel(id),
            "done" => {
                let note = value_of(&format!("note-{id}"));
                let when = value_of(&format!("when-{id}"));
                let when_id = format!("when-{id}");
                let completed_at = if when.is_empty() {
                    None
                } else if let Some(at) = to_instant(&when, &self.zone()) {
                    Some(at)
                } else {
                    field_error(&when_id, Some(text::BAD_TIME));
                    return;
                };
                let plan = self.done_plan(id);
                let fields = vec![
                    ("p_completed_at", when_id),
                    ("p_note", format!("note-{id}")),
                ];
                self.run(button, id, fields, async move {
                    let note = (!note.trim().is_empty()).then_some(note.trim());
                    api.complete_with(id, note, completed_at.as_deref()).await?;
                    self.after(text::DID_DONE, &name, Some(Undo::Occurrence(id)), plan);
                    Ok(())
                });
            }
            "skip" => {
                let note = value_of(&format!("note-{id}"));
                let plan = self.done_plan(id);
                let fields = vec![("p_note", format!("note-{id}"))];
                self.run(button, id, fields, async move {
                    let note = (!note.trim().is_empty()).then_some(note.trim());
                    api.skip(id, note).await?;
                    self.after(text::DID_SKIP, &name, Some(Undo::Occurrence(id)), plan);
                    Ok(())
                });
            }
            "claim" => self.run(button, id, Vec::new(), async move {
                api.occurrence_action("claim_assignment", id).await?;
                let plan = Plan::First(vec![format!("#done-{id}")]);
                self.after(text::DID_CLAIM, &name, None, plan);
                Ok(())
            }),
            "offer" => {
                let select = format!("swap-{id}");
                let Ok(to) = value_of(&select).parse::<i64>() else {
                    field_error(&select, Some(text::CHOOSE_MEMBER_FIRST));
                    return;
                };
                let fields = vec![("p_to_user_id", select)];
                self.run(button, id, fields, async move {
                    let offer = api.offer_swap(id, to).await?;
                    let plan = Plan::First(vec![format!("#more-{id}"), format!("#done-{id}")]);
                    self.after(text::DID_OFFER, &name, Some(Undo::Offer(offer, id)), plan);
                    Ok(())
                });
            }
            "take-back" => {
                let card = self.card_with_offer(id);
                self.run(button, card, Vec::new(), async move {
                    api.swap_action("cancel_swap", id).await?;
                    let plan = Plan::First(vec![format!("#more-{card}"), format!("#done-{card}")]);
                    self.after(text::DID_TAKE_BACK, &self.name_of(card), None, plan);
                    Ok(())
                });
            }
            "accept" | "decline" => self.answer(button, id, action == "accept"),
            "undo" => self.undo(button),
            _ => {}
        }
    }

    fn card_with_offer(self, offer_id: i64) -> i64 {
        self.shown.with_value(|s| {
            s.agenda
                .as_ref()
                .and_then(|a| {
                    a.items
                        .iter()
                        .find(|c| c.offer.map(|o| o.0) == Some(offer_id))
                })
                .map(|c| c.assignment_id)
                .unwrap_or_default()
        })
    }

    fn name_of(self, id: i64) -> String {
        self.card(id).map(|c| c.task_name).unwrap_or_default()
    }

    /// Accept or decline an offer to me. Focus goes to the next offer's
    /// Accept, never to a Decline; an accepted chore's card is next.
    fn answer(self, button: web_sys::HtmlElement, offer_id: i64, accept: bool) {
        let (at, offer) = self.shown.with_value(|s| {
            (
                s.offer_ids.iter().position(|o| *o == offer_id).unwrap_or(0),
                s.offers.iter().find(|o| o.offer_id == offer_id).cloned(),
            )
        });
        let Some(offer) = offer else {
            return;
        };
        let api = self.api;
        self.run(button, -offer_id, Vec::new(), async move {
            let (function, did) = if accept {
                ("accept_swap", text::DID_ACCEPT)
            } else {
                ("decline_swap", text::DID_DECLINE)
            };
            api.swap_action(function, offer_id).await?;
            let mut rest = Vec::new();
            if accept {
                rest.push(format!("#done-{}", offer.assignment_id));
            }
            rest.extend([
                "#today-h-offers".to_string(),
                "#today-h-overdue".to_string(),
            ]);
            self.after(did, &offer.task_name, None, Plan::AcceptAt(at, rest));
            Ok(())
        });
    }

    /// The snackbar's Undo: the occurrence back to open (or the offer
    /// taken back), and focus on its card's Done.
    fn undo(self, button: web_sys::HtmlElement) {
        let Some((undo, name)) = self.snackbar.take_undo() else {
            return;
        };
        let api = self.api;
        let id = match undo {
            Undo::Occurrence(id) | Undo::Offer(_, id) => id,
        };
        self.run(button, id, Vec::new(), async move {
            match undo {
                Undo::Occurrence(id) => api.occurrence_action("undo_assignment", id).await,
                Undo::Offer(offer, _) => api.swap_action("cancel_swap", offer).await,
            }?;
            self.after(
                text::DID_UNDO,
                &name,
                None,
                Plan::First(vec![format!("#done-{id}"), "#today-h-overdue".into()]),
            );
            Ok(())
        });
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
        text::TITLE,
        text::SCOPE,
        text::ME,
        text::EVERYONE,
        text::LOADING
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
