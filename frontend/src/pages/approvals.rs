use crate::api::{self, Auth};
use crate::components::{ActionButton, AssignmentCard, Empty, ErrorBox, Loaded, Loading};
use crate::grouping::reviewable_by;
use crate::state::use_state;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

/// Completions waiting for an admin's decision.
#[component]
pub fn Approvals() -> impl IntoView {
    let state = use_state();
    if !state.is_admin() {
        return Either::Left(view! {
            <h1>"Approvals"</h1>
            <ErrorBox message="Only household admins can review completed tasks." />
        });
    }
    let data = Loaded::new(move || {
        let token = state.token();
        async move { api::waiting_assignments(Auth(token.as_deref())).await }
    });
    let refresh = move || data.refetch();
    // The nav's badge follows every refetch, so approving or rejecting
    // updates it without a separate request.
    Effect::new(move |_| {
        if let Some(Ok(list)) = data.get() {
            let count = reviewable_by(&list, state.user_id()).0.len();
            state.waiting.set(Some(count));
        }
    });

    let body = move || match data.get() {
        None => EitherOf3::A(view! { <Loading label="Loading completed tasks…" /> }),
        Some(Err(e)) => {
            EitherOf3::B(view! { <ErrorBox message=e.user_message() retry=Box::new(refresh) /> })
        }
        Some(Ok(list)) => {
            let (reviewable, own) = reviewable_by(&list, state.user_id());
            EitherOf3::C(view! {
                {if reviewable.is_empty() {
                    Either::Left(view! { <Empty message="Nothing is waiting for approval." /> })
                } else {
                    Either::Right(view! {
                        <ul class="cards" id="review-list">
                            {reviewable.into_iter().map(|a| {
                                let id = a.assignment_id;
                                let name = format!("{} by {}", a.task_name, a.assigned_to);
                                view! {
                                    <AssignmentCard assignment=a show_member=true hide_status=true actions=Some(view! {
                                        <ReviewButton assignment_id=id name=name.clone() approve=true on_done=refresh />
                                        <ReviewButton assignment_id=id name=name approve=false on_done=refresh />
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
        }
    };

    Either::Right(view! {
        <div class="page-head">
            <h1>"Approvals"</h1>
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
    let state = use_state();
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
            run=move || async move {
                let token = state.token();
                api::review(Auth(token.as_deref()), assignment_id, approve).await.map(|_| ())
            }
            on_done=on_done
        />
    }
}
