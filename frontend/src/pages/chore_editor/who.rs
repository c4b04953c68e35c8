//! "Who does it": one member, taking turns (the list's order and how the
//! next one is chosen), anyone or everyone on a list; and approval.

use super::fields::{checkbox, choice, error_line, focus, Control, Problems};
use super::text;
use crate::i18n::{t, K};
use crate::models::{Task, User};
use leptos::prelude::*;

/// The inputs of the section.
#[derive(Clone, Copy)]
pub struct Who {
    /// fixed, rotation, anyone or everyone.
    pub mode: RwSignal<String>,
    pub user_id: RwSignal<Option<i64>>,
    /// Every member once, in the list's order; `true`: on the list.
    pub order: RwSignal<Vec<(i64, bool)>>,
    pub strategy: RwSignal<String>,
    pub approval: RwSignal<bool>,
}

impl Who {
    /// A chore's list first, in its order, then everyone else by name; a
    /// new chore lists everyone.
    pub fn new(chore: Option<&Task>, users: &[User]) -> Who {
        let pool = chore.map(|c| c.pool.clone()).unwrap_or_default();
        let mut order: Vec<(i64, bool)> = pool
            .iter()
            .filter(|id| users.iter().any(|u| u.user_id == **id))
            .map(|id| (*id, true))
            .collect();
        let everyone = chore.is_none();
        order.extend(
            users
                .iter()
                .filter(|u| !pool.contains(&u.user_id))
                .map(|u| (u.user_id, everyone)),
        );
        Who {
            mode: RwSignal::new(
                chore
                    .and_then(|c| c.assignee_mode.clone())
                    .unwrap_or_else(|| "fixed".into()),
            ),
            user_id: RwSignal::new(chore.and_then(|c| c.fixed_user_id)),
            order: RwSignal::new(order),
            strategy: RwSignal::new(
                chore
                    .and_then(|c| c.rotation_strategy.clone())
                    .unwrap_or_else(|| "round_robin".into()),
            ),
            approval: RwSignal::new(chore.is_none_or(|c| c.requires_approval != Some(false))),
        }
    }

    /// The members on the list, in order.
    pub fn pool(&self) -> Vec<i64> {
        self.order.with_untracked(|order| {
            order
                .iter()
                .filter(|(_, on)| *on)
                .map(|(id, _)| *id)
                .collect()
        })
    }

    /// The id of the list's first checkbox, for focus.
    pub fn pool_input(&self) -> String {
        let first = self.order.with_untracked(|o| o.first().map(|(id, _)| *id));
        first.map_or_else(|| "chore-mode".into(), |id| format!("pool-{id}"))
    }

    /// Moves a member one place up (`-1`) or down (`1`) the list, and keeps
    /// focus on the button that moved them.
    fn shift(&self, user_id: i64, by: isize, button: String) {
        self.order.update(|order| {
            let Some(at) = order.iter().position(|(id, _)| *id == user_id) else {
                return;
            };
            let to = at as isize + by;
            if (0..order.len() as isize).contains(&to) {
                order.swap(at, to as usize);
            }
        });
        focus(button);
    }
}

/// (value, label) of `MODES` or `STRATEGIES`.
fn options(choices: &[(&str, K, K)]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|(key, label, _)| (key.to_string(), t(*label).to_string()))
        .collect()
}

#[component]
pub fn WhoSection(who: Who, users: Vec<User>, problems: Problems) -> impl IntoView {
    let Who {
        mode,
        user_id,
        order,
        strategy,
        approval,
    } = who;
    let names = StoredValue::new(
        users
            .iter()
            .map(|u| (u.user_id, u.username.clone()))
            .collect::<Vec<_>>(),
    );
    let name_of = move |id: i64| {
        names.with_value(|n| {
            n.iter()
                .find(|(i, _)| *i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        })
    };
    let fixed = Memo::new(move |_| mode.with(|m| m == "fixed"));
    let rotation = Memo::new(move |_| mode.with(|m| m == "rotation"));
    let member = {
        let mut list = vec![(String::new(), t(K::EdNobodyYet).to_string())];
        names
            .with_value(|n| list.extend(n.iter().map(|(id, name)| (id.to_string(), name.clone()))));
        let chosen = user_id
            .get_untracked()
            .map(|id| id.to_string())
            .unwrap_or_default();
        choice(
            Control::new("chore-member", t(K::EdMember), "p_user_id").value(chosen),
            list,
            problems,
            Box::new(move |v| user_id.set(v.parse().ok())),
        )
    };
    let pool_row = move |(id, on): (i64, bool)| {
        let name = name_of(id);
        let (up, down) = (format!("pool-up-{id}"), format!("pool-down-{id}"));
        let (up_id, down_id) = (up.clone(), down.clone());
        // Order matters only when taking turns.
        let buttons = view! {
            <button type="button" class="button secondary small" id=up prop:hidden=move || !rotation.get()
                aria-label=text::move_label(&name, true)
                on:click=move |_| who.shift(id, -1, up_id.clone())>{t(K::EdUp)}</button>
            <button type="button" class="button secondary small" id=down prop:hidden=move || !rotation.get()
                aria-label=text::move_label(&name, false)
                on:click=move |_| who.shift(id, 1, down_id.clone())>{t(K::EdDown)}</button>
        };
        let set: Box<dyn Fn(bool)> = Box::new(move |on| {
            order.update(|o| {
                o.iter_mut()
                    .filter(|(i, _)| *i == id)
                    .for_each(|m| m.1 = on)
            })
        });
        view! {
            <li class="pool-member">
                {checkbox(format!("pool-{id}"), name.clone(), on, set)}
                {buttons}
            </li>
        }
    };
    let pool = {
        view! {
            <fieldset class="field" id="chore-pool" aria-describedby="error-p_pool" prop:hidden=move || fixed.get()>
                <legend>{move || if rotation.get() { t(K::EdRotationOrder) } else { t(K::EdMembers) }}</legend>
                <ol class="pool">{move || order.get().into_iter().map(pool_row).collect_view()}</ol>
                {error_line(problems, "p_pool")}
            </fieldset>
        }
    };
    let strategy_field = {
        let field = Control::new("chore-strategy", t(K::EdStrategy), "p_rotation_strategy")
            .value(strategy.get_untracked())
            .hint("chore-strategy-hint");
        view! {
            <div prop:hidden=move || !rotation.get()>
                {choice(field, options(&text::STRATEGIES), problems, Box::new(move |v| strategy.set(v)))}
                <p id="chore-strategy-hint" class="hint">
                    {move || strategy.with(|s| text::explain(&text::STRATEGIES, s))}
                </p>
            </div>
        }
    };
    let mode_field = Control::new("chore-mode", t(K::EdWhoDoesIt), "p_assignee_mode")
        .value(mode.get_untracked())
        .hint("chore-mode-hint");
    view! {
        <section aria-labelledby="who-title">
            <h2 id="who-title">{t(K::EdWho)}</h2>
            {choice(mode_field, options(&text::MODES), problems, Box::new(move |v| mode.set(v)))}
            <p id="chore-mode-hint" class="hint">
                {move || mode.with(|m| text::explain(&text::MODES, m))}
            </p>
            <div prop:hidden=move || !fixed.get()>{member}</div>
            {pool}
            {strategy_field}
            {checkbox(
                "chore-approval".into(),
                t(K::EdApproval).into(),
                approval.get_untracked(),
                Box::new(move |on| approval.set(on)),
            )}
        </section>
    }
}
