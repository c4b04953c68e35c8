//! What the Today screen's controls do: each action through the API,
//! its refusal shown where it belongs, then the snackbar and the list
//! again with focus on the next sensible control.

use super::snackbar::Undo;
use super::{element, Plan, Today};
use crate::html::{clicked, field_error, value_of, Call};
use crate::i18n::{t, K};
use crate::schedule::zone::to_instant;
use leptos::prelude::*;
use leptos::task::spawn_local;

impl Today {
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
        // Boxed: one copy of this code serves every action.
        call: Call,
    ) {
        if button.has_attribute("disabled") {
            return;
        }
        let label = button.text_content().unwrap_or_default();
        let _ = button.set_attribute("disabled", "");
        let _ = button.set_attribute("aria-busy", "true");
        button.set_text_content(Some(t(K::TodayWorking)));
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

    pub(super) fn on_click(self, ev: web_sys::Event) {
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
                    field_error(&when_id, Some(t(K::TodayBadTime)));
                    return;
                };
                let plan = self.done_plan(id);
                let fields = vec![
                    ("p_completed_at", when_id),
                    ("p_note", format!("note-{id}")),
                ];
                self.run(
                    button,
                    id,
                    fields,
                    Box::pin(async move {
                        let note = (!note.trim().is_empty()).then_some(note.trim());
                        api.complete_with(id, note, completed_at.as_deref()).await?;
                        self.after(t(K::TodayDidDone), &name, Some(Undo::Occurrence(id)), plan);
                        Ok(())
                    }),
                );
            }
            "skip" => {
                let note = value_of(&format!("note-{id}"));
                let plan = self.done_plan(id);
                let fields = vec![("p_note", format!("note-{id}"))];
                self.run(
                    button,
                    id,
                    fields,
                    Box::pin(async move {
                        let note = (!note.trim().is_empty()).then_some(note.trim());
                        api.skip(id, note).await?;
                        self.after(t(K::TodayDidSkip), &name, Some(Undo::Occurrence(id)), plan);
                        Ok(())
                    }),
                );
            }
            "claim" => self.run(
                button,
                id,
                Vec::new(),
                Box::pin(async move {
                    api.occurrence_action("claim_assignment", id).await?;
                    let plan = Plan::First(vec![format!("#done-{id}")]);
                    self.after(t(K::TodayDidClaim), &name, None, plan);
                    Ok(())
                }),
            ),
            "offer" => {
                let select = format!("swap-{id}");
                let Ok(to) = value_of(&select).parse::<i64>() else {
                    field_error(&select, Some(t(K::TodayChooseMemberFirst)));
                    return;
                };
                let fields = vec![("p_to_user_id", select)];
                self.run(
                    button,
                    id,
                    fields,
                    Box::pin(async move {
                        let offer = api.offer_swap(id, to).await?;
                        let plan = Plan::First(vec![format!("#more-{id}"), format!("#done-{id}")]);
                        self.after(
                            t(K::TodayDidOffer),
                            &name,
                            Some(Undo::Offer(offer, id)),
                            plan,
                        );
                        Ok(())
                    }),
                );
            }
            "take-back" => {
                let card = self.card_with_offer(id);
                self.run(
                    button,
                    card,
                    Vec::new(),
                    Box::pin(async move {
                        api.swap_action("cancel_swap", id).await?;
                        let plan =
                            Plan::First(vec![format!("#more-{card}"), format!("#done-{card}")]);
                        self.after(t(K::TodayDidTakeBack), &self.name_of(card), None, plan);
                        Ok(())
                    }),
                );
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
        self.run(
            button,
            -offer_id,
            Vec::new(),
            Box::pin(async move {
                let (function, did) = if accept {
                    ("accept_swap", t(K::TodayDidAccept))
                } else {
                    ("decline_swap", t(K::TodayDidDecline))
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
            }),
        );
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
        self.run(
            button,
            id,
            Vec::new(),
            Box::pin(async move {
                match undo {
                    Undo::Occurrence(id) => api.occurrence_action("undo_assignment", id).await,
                    Undo::Offer(offer, _) => api.swap_action("cancel_swap", offer).await,
                }?;
                self.after(
                    t(K::TodayDidUndo),
                    &name,
                    None,
                    Plan::First(vec![format!("#done-{id}"), "#today-h-overdue".into()]),
                );
                Ok(())
            }),
        );
    }
}
