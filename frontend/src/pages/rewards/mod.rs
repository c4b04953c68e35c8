//! Written as HTML text: see crate::html for why and how. The admins'
//! reward editor is in editor.rs.

mod editor;

use crate::api::use_api;
use crate::components::{focus_first, FocusAfter};
use crate::errors::ApiError;
use crate::html::{action_button, clicked, empty, esc, run_button, Call, Part, Screen};
use crate::i18n::{t, tf, K};
use crate::loaded::Loaded;
use crate::points::{redemption_status_label, Redemption, Reward};
use crate::state::use_state;
use leptos::prelude::*;
use std::rc::Rc;

mod text {
    use crate::i18n::{t, K};

    pub fn head() -> String {
        format!(
            "<div class=\"page-head\"><h1 id=\"rewards-title\" tabindex=\"-1\">{}</h1></div>\
             <h2 id=\"store-title\" tabindex=\"-1\">{}</h2>",
            t(K::RtRewards),
            t(K::RewStore)
        )
    }
    pub fn decide() -> String {
        format!(
            "<h2 id=\"decide-title\" tabindex=\"-1\">{}</h2>",
            t(K::RewDecide)
        )
    }
    pub fn mine() -> String {
        format!(
            "<h2 id=\"my-requests-title\" tabindex=\"-1\">{}</h2>",
            t(K::RewMine)
        )
    }
}

/// One reward's card; its buttons are handled by the page's listener.
fn reward_card(r: &Reward, available: Option<i64>, is_admin: bool) -> String {
    let id = r.reward_id;
    let name = esc(&r.name);
    // Until the balance is known nothing is refused here (the API decides).
    let redeem = match r.blocked(available.unwrap_or(i64::MAX)) {
        None => action_button("redeem", id, "primary redeem", t(K::RewRedeem), &r.name),
        Some(why) => format!(
            "<button type=\"button\" class=\"button primary redeem\" disabled aria-label=\"{0} {name}\" \
             aria-describedby=\"reward-{id}-why\">{0}</button><p class=\"hint why\" id=\"reward-{id}-why\">{1}</p>",
            t(K::RewRedeem),
            esc(&why)
        ),
    };
    let description = r.description.as_deref().unwrap_or("");
    // The editor reads the definition from the Edit button.
    let tools = if is_admin {
        format!(
            "<button type=\"button\" class=\"button secondary edit-reward\" data-action=\"edit\" data-id=\"{id}\" \
             data-name=\"{name}\" data-description=\"{}\" data-cost=\"{}\" data-stock=\"{}\" \
             aria-label=\"{edit} {name}\">{edit}</button>{}",
            esc(description),
            r.cost,
            r.stock.map(|s| s.to_string()).unwrap_or_default(),
            action_button("archive", id, "danger archive-reward", t(K::RowArchive), &r.name),
            edit = t(K::RowEdit)
        )
    } else {
        String::new()
    };
    let description = if description.is_empty() {
        String::new()
    } else {
        format!("<p class=\"description\">{}</p>", esc(description))
    };
    format!(
        "<li class=\"card reward\" data-reward-id=\"{id}\"><div class=\"card-head\"><h3 class=\"reward-name\">{name}</h3>\
         <span class=\"badge badge-cost\">{}</span></div>{description}\
         <dl class=\"meta\"><div><dt>{}</dt><dd class=\"stock\">{}</dd></div></dl>\
         <div class=\"card-actions\">{redeem}{tools}</div></li>",
        tf(K::RewPoints, &[&r.cost.to_string()]),
        t(K::RewStock),
        esc(&r.stock_text())
    )
}

/// A request's card with its buttons' markup.
fn request_card(r: &Redemption, show_member: bool, actions: &str) -> String {
    let member = if show_member {
        format!(
            "<div><dt>{}</dt><dd class=\"member\">{}</dd></div>",
            t(K::SetMember),
            esc(&r.username)
        )
    } else {
        String::new()
    };
    let decided = match &r.decided_by_username {
        Some(who) if r.status != "cancelled" => {
            format!(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                t(K::RewDecidedBy),
                esc(who)
            )
        }
        _ => String::new(),
    };
    let status = esc(&r.status);
    format!(
        "<li class=\"card request request-{status}\" data-redemption-id=\"{}\" data-status=\"{status}\">\
         <div class=\"card-head\"><h3>{}</h3><span class=\"badge badge-{status}\">{}</span></div>\
         <dl class=\"meta\">{member}<div><dt>{}</dt><dd>{}</dd></div>{decided}</dl>\
         <div class=\"card-actions\">{actions}</div></li>",
        r.redemption_id,
        esc(&r.reward_name),
        redemption_status_label(&r.status),
        t(K::RewCost),
        tf(K::RewPoints, &[&r.cost.to_string()])
    )
}

fn cards(id: &str, cards: String, none: &str) -> String {
    if cards.is_empty() {
        empty(none)
    } else {
        format!("<ul class=\"cards\" id=\"{id}\">{cards}</ul>")
    }
}

/// The reward store: what a member can ask for with their points, their
/// requests; for admins also the store's definitions and the requests to
/// approve or decline (approving spends the points, atomically in the API:
/// a 409 says why it could not).
pub fn rewards() -> Screen {
    let api = use_api();
    let state = use_state();
    let me = state.user_id();
    let is_admin = state.is_admin();
    // One plan per list: the list that renders it moves the focus.
    let store_focus = FocusAfter::new();
    let decide_focus = FocusAfter::new();
    // The reward being edited (its id), `None` for a new one.
    let editing = StoredValue::new(None::<String>);
    let store = Loaded::new(move || async move {
        let available = api.points_statement(None, 1).await?.available;
        let rewards = api.rewards().await?;
        let list = rewards
            .iter()
            .map(|r| reward_card(r, Some(available), is_admin))
            .collect();
        let none = if is_admin {
            t(K::RewNoRewardsAdmin)
        } else {
            t(K::RewNoRewards)
        };
        store_focus.fire();
        Ok::<_, ApiError>(format!(
            "<p class=\"balance-line\" id=\"rewards-available\">{}</p>{}",
            tf(K::RewAvailable, &[&available.to_string()]),
            cards("reward-list", list, none)
        ))
    });
    let mine = Loaded::new(move || async move {
        let list = api.redemptions_of(me).await?;
        let mut html = String::new();
        for r in &list {
            let cancel = if r.status == "pending" {
                action_button(
                    "cancel",
                    r.redemption_id,
                    "secondary cancel-request",
                    t(K::RewCancelRequest),
                    &r.reward_name,
                )
            } else {
                String::new()
            };
            html.push_str(&request_card(r, false, &cancel));
        }
        Ok::<_, ApiError>(cards("my-requests", html, t(K::RewNoRequests)))
    });
    let decide = Loaded::new(move || async move {
        if !is_admin {
            return Ok(String::new());
        }
        let list = api.pending_redemptions().await?;
        let mut html = String::new();
        for r in list.iter().filter(|r| r.user_id != me) {
            let name = tf(K::RewFor, &[&r.reward_name, &r.username]);
            let buttons = action_button(
                "approve",
                r.redemption_id,
                "primary approve-request",
                t(K::RewApprove),
                &name,
            ) + &action_button(
                "decline",
                r.redemption_id,
                "danger decline-request",
                t(K::TodayDecline),
                &name,
            );
            html.push_str(&request_card(r, true, &buttons));
        }
        decide_focus.fire();
        Ok::<_, ApiError>(cards("decide-list", html, t(K::RewNothingToDecide)))
    });

    // Every button in the lists, by its data-action. Each action refetches
    // only what it changed, so the list that moves the focus renders once
    // (a second render would drop the focus again).
    let on_click = move |ev: web_sys::Event| {
        let Some((button, action, id)) = clicked(&ev) else {
            return;
        };
        let (busy, call, after): (&str, Call, Box<dyn FnOnce()>) = match action.as_str() {
            "edit" => {
                editor::fill(Some(button), editing);
                focus_first(vec!["#reward-name".into()]);
                return;
            }
            "cancel-edit" => {
                editor::fill(None, editing);
                return;
            }
            "redeem" => (
                t(K::RewAsking),
                Box::pin(api.redeem_reward(id)),
                Box::new(move || {
                    store_focus.plan(vec![
                        format!("[data-reward-id='{id}'] .redeem"),
                        "#my-requests-title".into(),
                    ]);
                    store.refetch();
                    mine.refetch();
                }),
            ),
            "cancel" => (
                t(K::RewCancelling),
                Box::pin(api.on_redemption("cancel_redemption", id)),
                Box::new(move || {
                    store_focus.plan(vec!["#my-requests-title".into()]);
                    store.refetch();
                    mine.refetch();
                }),
            ),
            "archive" => (
                t(K::RowArchiving),
                Box::pin(api.archive_reward(id)),
                Box::new(move || {
                    store_focus.plan(vec!["#store-title".into()]);
                    store.refetch();
                }),
            ),
            "approve" | "decline" => {
                // Focus then goes to the next request's Approve (the card
                // now at this position), never to a Decline.
                let mut position = 1;
                let mut card = button.closest("li").ok().flatten();
                while let Some(previous) = card.and_then(|c| c.previous_element_sibling()) {
                    position += 1;
                    card = Some(previous);
                }
                let approve = action == "approve";
                (
                    t(if approve {
                        K::RewApproving
                    } else {
                        K::RewDeclining
                    }),
                    Box::pin(api.on_redemption(
                        if approve {
                            "approve_redemption"
                        } else {
                            "decline_redemption"
                        },
                        id,
                    )),
                    Box::new(move || {
                        decide_focus.plan(vec![
                            format!("#decide-list > li:nth-child({position}) .approve-request"),
                            "#decide-title".into(),
                        ]);
                        decide.refetch();
                        store.refetch();
                    }),
                )
            }
            _ => return,
        };
        run_button(button, busy, call, after);
    };

    let mut parts = vec![
        Part::Html(text::head()),
        Part::List("store", store, t(K::RewLoading)),
    ];
    if is_admin {
        parts.push(Part::Html(format!("{}{}", editor::html(), text::decide())));
        parts.push(Part::List("decide", decide, t(K::RewLoading)));
    }
    parts.push(Part::Html(text::mine()));
    parts.push(Part::List("requests", mine, t(K::RewLoading)));
    Screen {
        parts,
        on_event: Rc::new(move |ev: web_sys::Event| match ev.type_().as_str() {
            "submit" => editor::save(&ev, api, editing, store),
            "click" => on_click(ev),
            _ => {}
        }),
    }
}
