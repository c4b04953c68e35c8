use crate::api::use_api;
use crate::components::{
    listing, ActionButton, AdminsOnly, AssignmentCard, Empty, FocusAfter, Listing,
};
use crate::grouping::reviewable_by;
use crate::loaded::Loaded;
use crate::state::use_state;
use leptos::either::Either;
use leptos::prelude::*;

const NOTHING_WAITING: &str = "Nothing is waiting for approval.";

/// Completions waiting for an admin's decision.
#[component]
pub fn Approvals() -> impl IntoView {
    let state = use_state();
    if !state.is_admin() {
        return Either::Left(view! {
            <AdminsOnly title="Approvals" message="Only household admins can review completed tasks." />
        });
    }
    let api = use_api();
    let data = Loaded::new(move || api.waiting_assignments());
    let refresh = move || data.refetch();
    // After a decision the card is gone: focus goes to the next card's
    // Approve (now at the same position), or the heading when none is left,
    // never to a Reject.
    let focus = FocusAfter::new();
    let decided = move |index: usize| {
        move || {
            focus.plan(vec![
                format!("#review-list > li:nth-child({}) .approve", index + 1),
                "#approvals-title".into(),
            ]);
            refresh();
        }
    };
    // The nav's badge follows every refetch, so approving or rejecting
    // updates it without a separate request.
    Effect::new(move |_| {
        if let Some(Ok(list)) = data.get() {
            let count = reviewable_by(&list, state.user_id()).0.len();
            state.waiting.set(Some(count));
        }
    });

    let body = listing(data, "Loading completed tasks…", move |list| {
        focus.fire();
        let (reviewable, own) = reviewable_by(&list, state.user_id());
        if reviewable.is_empty() && own.is_empty() {
            return Listing::Empty(NOTHING_WAITING);
        }
        Listing::Items(view! {
            {if reviewable.is_empty() {
                Either::Left(view! { <Empty message=NOTHING_WAITING /> })
            } else {
                Either::Right(view! {
                    <ul class="cards" id="review-list">
                        {reviewable.into_iter().enumerate().map(|(index, a)| {
                            let id = a.assignment_id;
                            let name = format!("{} by {}", a.task_name, a.assigned_to.as_deref().unwrap_or_default());
                            view! {
                                <AssignmentCard assignment=a show_member=true hide_status=true actions=Some(view! {
                                    <ReviewButton assignment_id=id name=name.clone() approve=true on_done=decided(index) />
                                    <ReviewButton assignment_id=id name=name approve=false on_done=decided(index) />
                                }) />
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            {(!own.is_empty()).then(|| view! {
                <h2>"Your own completions"</h2>
                <p class="hint">"Another household admin has to review these."</p>
                <ul class="cards">
                    {own.into_iter().map(|a| view! { <AssignmentCard assignment=a actions={None::<()>} /> }).collect_view()}
                </ul>
            })}
        })
    });

    Either::Right(view! {
        <div class="page-head">
            <h1 id="approvals-title" tabindex="-1">"Approvals"</h1>
            <button type="button" class="button secondary" on:click=move |_| data.refetch()>"Refresh"</button>
        </div>
        <div id="approvals" aria-live="polite">{body}</div>
    })
}

/// Approve or reject one completion; the two differ only in wording, style
/// and the verdict sent.
#[component]
fn ReviewButton<D: Fn() + Clone + 'static>(
    assignment_id: i64,
    name: String,
    approve: bool,
    on_done: D,
) -> impl IntoView {
    let api = use_api();
    let (label, busy_label, class) = if approve {
        ("Approve", "Approving…", "button primary approve")
    } else {
        ("Reject", "Rejecting…", "button danger reject")
    };
    view! {
        <ActionButton
            label=label
            busy_label=busy_label
            class=class
            aria_label=format!("{label} {name}")
            run=move || api.review(assignment_id, approve)
            on_done=on_done
        />
    }
}
