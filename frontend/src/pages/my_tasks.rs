use crate::api::use_api;
use crate::components::{listing, ActionButton, AssignmentCard, Listing};
use crate::grouping::group_by_status;
use crate::loaded::Loaded;
use crate::models::Status;
use crate::state::use_state;
use leptos::either::Either;
use leptos::prelude::*;

fn mark_first_list() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("first-task-list");
        }
    });
}

#[component]
pub fn MyTasks() -> impl IntoView {
    let api = use_api();
    let user_id = use_state().user_id();
    let data = Loaded::new(move || api.assignments_of(user_id));
    let refresh = move || data.refetch();
    // A User Timing mark once the first list is on screen: the load
    // benchmark (and any real-user monitoring) reads it.
    Effect::new(move |_| {
        if matches!(data.get(), Some(Ok(_))) {
            mark_first_list();
        }
    });

    let body = listing(data, "Loading your tasks…", move |list| {
        if list.is_empty() {
            return Listing::Empty("Nothing is assigned to you yet. Enjoy the free time!");
        }
        Listing::Items(
            group_by_status(&list)
                .into_iter()
                .map(|(status, items)| {
                    let heading_id = format!("group-{}", status.key());
                    let labelled_by = heading_id.clone();
                    let count = items.len();
                    view! {
                        <section class="group" aria-labelledby=labelled_by data-group=status.key()>
                            <h2 id=heading_id>{status.label()} <span class="count">{count}</span></h2>
                            {if items.is_empty() {
                                Either::Left(view! { <p class="empty small">"Nothing here."</p> })
                            } else {
                                Either::Right(view! {
                                    <ul class="cards">
                                        {items.into_iter().map(|a| {
                                            let id = a.assignment_id;
                                            let can_finish = a.status == Status::Todo;
                                            let name = a.task_name.clone();
                                            view! {
                                                <AssignmentCard assignment=a hide_status=true actions=can_finish.then(|| view! {
                                                    <ActionButton
                                                        label="Mark done"
                                                        busy_label="Saving…"
                                                        class="button primary mark-done"
                                                        aria_label=format!("Mark {name} done")
                                                        run=move || api.complete(id)
                                                        on_done=refresh
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
                .collect_view(),
        )
    });

    view! {
        <div class="page-head">
            <h1>"My tasks"</h1>
        </div>
        <div id="my-tasks" aria-live="polite">{body}</div>
    }
}
