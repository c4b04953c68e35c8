use crate::api::{use_api, PAGE};
use crate::components::{
    listing, ActionButton, AdminsOnly, AssignmentCard, Empty, FocusAfter, Listing,
};
use crate::grouping::reviewable_by;
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::state::use_state;
use leptos::either::Either;
use leptos::prelude::*;

/// Every string this page shows (one place, for the translation pass).
mod text {
    use crate::i18n::{tf, K};
    pub fn page(n: usize) -> String {
        tf(K::PageN, &[&n.to_string()])
    }
}

/// Completions waiting for an admin's decision.
#[component]
pub fn Approvals() -> impl IntoView {
    let state = use_state();
    if !state.is_admin() {
        return Either::Left(view! {
            <AdminsOnly title=t(K::ApprTitle) message=t(K::ApprAdminsOnly) />
        });
    }
    let api = use_api();
    // The oldest waiting completions a page at a time (a busy household
    // has thousands): `PAGE + 1` rows, the last one only telling whether
    // another page follows.
    let offset = RwSignal::new(0_usize);
    let data = Loaded::new(move || {
        let call = api.waiting_assignments(offset.get_untracked());
        async move {
            let mut list = call.await?;
            let more = list.len() > PAGE;
            list.truncate(PAGE);
            Ok((list, more))
        }
    });
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
        if let Some(Ok((list, _))) = data.get() {
            let count = reviewable_by(&list, state.user_id()).0.len();
            state.waiting.set(Some(count));
        }
    });

    let turn = move |by: isize| {
        offset.update(|o| *o = o.saturating_add_signed(by * PAGE as isize));
        let (first, second) = if by > 0 {
            ("next", "previous")
        } else {
            ("previous", "next")
        };
        focus.plan(vec![
            format!("#approvals .pager .{first}"),
            format!("#approvals .pager .{second}"),
        ]);
        data.refetch();
    };

    let body = listing(data, t(K::ApprLoading), move |(list, more)| {
        focus.fire();
        let at = offset.get_untracked();
        let (reviewable, own) = reviewable_by(&list, state.user_id());
        if reviewable.is_empty() && own.is_empty() && at == 0 {
            return Listing::Empty(t(K::ApprNothingWaiting));
        }
        Listing::Items(view! {
            <h2 id="to-review">{t(K::ApprToReview)}</h2>
            {if reviewable.is_empty() {
                Either::Left(view! { <Empty message=t(K::ApprNothingWaiting) /> })
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
                <h2>{t(K::ApprOwn)}</h2>
                <p class="hint">{t(K::ApprOwnHint)}</p>
                <ul class="cards">
                    {own.into_iter().map(|a| view! { <AssignmentCard assignment=a actions={None::<()>} /> }).collect_view()}
                </ul>
            })}
            {(more || at > 0).then(|| view! {
                <nav class="pager" aria-label=t(K::ApprPages)>
                    <button type="button" class="button secondary previous" disabled=at == 0 on:click=move |_| turn(-1)>
                        {t(K::ApprPrevious)}
                    </button>
                    <span class="page-number">{text::page(at / PAGE + 1)}</span>
                    <button type="button" class="button secondary next" disabled=!more on:click=move |_| turn(1)>
                        {t(K::ApprNext)}
                    </button>
                </nav>
            })}
        })
    });

    Either::Right(view! {
        <div class="page-head">
            <h1 id="approvals-title" tabindex="-1">{t(K::ApprTitle)}</h1>
            <button type="button" class="button secondary" on:click=move |_| data.refetch()>{t(K::ApprRefresh)}</button>
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
        (
            t(K::RewApprove),
            t(K::RewApproving),
            "button primary approve",
        )
    } else {
        (
            t(K::ApprReject),
            t(K::ApprRejecting),
            "button danger reject",
        )
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
