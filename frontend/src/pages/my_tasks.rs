use crate::api::{use_api, OPEN_LIMIT, PAGE};
use crate::components::{listing, ActionButton, AssignmentCard, FocusAfter, Listing};
use crate::grouping::group_by_status;
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::models::Status;
use crate::state::use_state;
use leptos::either::Either;
use leptos::prelude::*;

/// The member's open work and their most recent closed work: two bounded
/// reads (api::assignments), never the whole history, which a busy
/// household counts in tens of thousands.
#[component]
pub fn MyTasks() -> impl IntoView {
    let api = use_api();
    let user_id = use_state().user_id();
    let data = Loaded::new(move || {
        let open = api.open_assignments(Some(user_id));
        let closed = api.closed_assignments(Some(user_id), None, 0);
        async move {
            let mut list = open.await?;
            list.truncate(OPEN_LIMIT);
            let mut closed = closed.await?;
            let more = closed.len() > PAGE;
            closed.truncate(PAGE);
            list.append(&mut closed);
            Ok((list, more))
        }
    });
    // After "Mark done" its card moves away: focus goes to the next card's
    // "Mark done" (now at the same position), else the first group's
    // heading, never to <body>.
    let focus = FocusAfter::new();
    let done = move |index: usize| {
        move || {
            focus.plan(vec![
                format!(
                    "[data-group='todo'] .cards > li:nth-child({}) .mark-done",
                    index + 1
                ),
                "[data-group='todo'] .mark-done".into(),
                "#group-todo".into(),
            ]);
            data.refetch();
        }
    };
    let body = listing(data, t(K::MyLoading), move |(list, more)| {
        focus.fire();
        if list.is_empty() {
            return Listing::Empty(t(K::MyNothing));
        }
        let groups = group_by_status(&list)
            .into_iter()
            .map(|(status, items)| {
                let heading_id = format!("group-{}", status.key());
                let labelled_by = heading_id.clone();
                let count = items.len();
                view! {
                    <section class="group" aria-labelledby=labelled_by data-group=status.key()>
                        <h2 id=heading_id tabindex="-1">{status.label()} <span class="count">{count}</span></h2>
                        {if items.is_empty() {
                            Either::Left(view! { <p class="empty small">{t(K::MyNothingHere)}</p> })
                        } else {
                            Either::Right(view! {
                                <ul class="cards">
                                    {items.into_iter().enumerate().map(|(index, a)| {
                                        let id = a.assignment_id;
                                        let can_finish = a.status == Status::Todo;
                                        let name = a.task_name.clone();
                                        view! {
                                            <AssignmentCard assignment=a hide_status=true actions=can_finish.then(|| view! {
                                                // The visible label first: the accessible
                                                // name must contain it (WCAG 2.5.3).
                                                <ActionButton
                                                    label=t(K::MyMarkDone)
                                                    busy_label=t(K::MySaving)
                                                    class="button primary mark-done"
                                                    aria_label=format!("{}: {name}", t(K::MyMarkDone))
                                                    run=move || api.complete(id)
                                                    on_done=done(index)
                                                />
                                            }) />
                                        }
                                    }).collect_view()}
                                </ul>
                            })
                        }}
                    </section>
                }
            })
            .collect_view();
        Listing::Items(view! {
            {groups}
            {more.then(|| view! {
                <p class="hint older">{t(K::MyOlder)}<a href="#/history">{t(K::MyHistory)}</a>"."</p>
            })}
        })
    });

    view! {
        <div class="page-head">
            <h1>{t(K::MyTitle)}</h1>
        </div>
        <div id="my-tasks" aria-live="polite">{body}</div>
    }
}
