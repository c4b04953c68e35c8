use crate::api::use_api;
use crate::components::{listing, AssignmentCard, Listing};
use crate::grouping::filter;
use crate::loaded::Loaded;
use crate::models::Status;
use leptos::prelude::*;

/// Every assignment in the household, filterable by member and status.
#[component]
pub fn Board() -> impl IntoView {
    let api = use_api();
    let users = Loaded::new(move || api.users());
    let data = Loaded::new(move || api.all_assignments());
    // The selects' values ("": everyone, any status), as typed text like
    // the app's other inputs.
    let member = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());

    let filters = move || {
        let users = users.get().and_then(Result::ok).unwrap_or_default();
        view! {
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field inline">
                    <label for="filter-member">"Member"</label>
                    <select
                        id="filter-member"
                        on:change=move |ev| member.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || member.with(String::is_empty)>"Everyone"</option>
                        {users.into_iter().map(|u| {
                            let id = u.user_id.to_string();
                            view! {
                                <option value=id.clone() selected=move || member.with(|m| *m == id)>
                                    {u.username}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field inline">
                    <label for="filter-status">"Status"</label>
                    <select
                        id="filter-status"
                        on:change=move |ev| status.set(event_target_value(&ev))
                    >
                        <option value="" selected=move || status.with(String::is_empty)>"Any status"</option>
                        {Status::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || status.with(|k| k == s.key())>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </form>
        }
    };

    let body = listing(data, "Loading the household board…", move |all| {
        let shown = filter(
            &all,
            member.with(|m| m.parse().ok()),
            status.with(|k| Status::from_key(k)),
        );
        if all.is_empty() {
            return Listing::Empty("No tasks have been assigned yet.");
        }
        if shown.is_empty() {
            return Listing::Empty("No assignments match these filters.");
        }
        Listing::Items(view! {
            <p class="result-count">{format!("{} of {} assignments", shown.len(), all.len())}</p>
            <ul class="cards">
                {shown.into_iter().map(|a| view! { <AssignmentCard assignment=a show_member=true actions={None::<()>} /> }).collect_view()}
            </ul>
        })
    });

    view! {
        <div class="page-head">
            <h1>"Household board"</h1>
            <button type="button" class="button secondary" on:click=move |_| { users.refetch(); data.refetch() }>"Refresh"</button>
        </div>
        {filters}
        <div id="board" aria-live="polite">{body}</div>
    }
}
