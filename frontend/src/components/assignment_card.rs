use crate::components::StatusBadge;
use crate::format::format_time;
use crate::i18n::{t, K};
use crate::models::Assignment;
use leptos::prelude::*;

#[component]
pub fn AssignmentCard<V: IntoView + 'static>(
    assignment: Assignment,
    /// Show who it is assigned to (the board and approvals; not "My tasks").
    #[prop(optional)]
    show_member: bool,
    /// Leave out the status badge where the page already says it (the
    /// group headings of "My tasks"; approvals lists only waiting ones).
    #[prop(optional)]
    hide_status: bool,
    /// Buttons under the card; `None::<()>` for none. A typed view rather
    /// than `Children`, whose type erasure costs wasm size (see app.rs).
    actions: Option<V>,
) -> impl IntoView {
    let a = assignment;
    view! {
        <li
            class=format!("card assignment status-{}", a.status.key())
            data-assignment-id=a.assignment_id.to_string()
            data-status=a.status.key()
        >
            <div class="card-head">
                <h3 class="task-name">{a.task_name.clone()}</h3>
                {(!hide_status).then(|| view! { <StatusBadge status=a.status /> })}
            </div>
            {a.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="description">{d}</p> })}
            <dl class="meta">
                {show_member.then(|| view! {
                    <div><dt>{t(K::SetMember)}</dt><dd class="member">{a.assigned_to.clone().unwrap_or_else(|| t(K::CardAnyone).into())}</dd></div>
                })}
                <div><dt>{t(K::CardAssigned)}</dt><dd>{format_time(&a.assigned_at)}</dd></div>
                {a.completed_at.as_deref().map(|at| view! {
                    <div><dt>{t(K::CardCompleted)}</dt><dd>{format_time(at)}</dd></div>
                })}
                {a.reviewed_by.clone().map(|who| view! {
                    <div><dt>{t(K::CardReviewedBy)}</dt><dd>{who}</dd></div>
                })}
            </dl>
            {actions.map(|a| view! { <div class="card-actions">{a}</div> })}
        </li>
    }
}
