use crate::api::use_api;
use crate::components::{
    focus_first, listing, ActionButton, AdminsOnly, FormField, FormState, Listing, StatusLine,
};
use crate::errors::Problem;
use crate::loaded::Loaded;
use crate::models::User;
use crate::route::Route;
use crate::state::use_state;
use crate::validation;
use leptos::either::Either;
use leptos::prelude::*;

/// The household's active members; an admin resets a member's password
/// or removes a member (never themselves).
#[component]
pub fn Members() -> impl IntoView {
    let state = use_state();
    if !state.is_admin() {
        return Either::Left(view! {
            <AdminsOnly title="Members" message="Only household admins can manage members." />
        });
    }
    Either::Right(view! {
        <div class="page-head">
            <h1>"Members"</h1>
            <a class="button secondary" href=Route::Invites.href()>"Invite someone"</a>
        </div>
        // The cards' h3 need an h2 above them (axe: heading-order).
        <h2 class="visually-hidden">{LIST_HEADING}</h2>
        <MemberList />
    })
}

/// The members list's heading, for screen readers' outline only.
const LIST_HEADING: &str = "Everyone in the household";

/// The members with their tools: this page's and the Household screen's.
#[component]
pub fn MemberList() -> impl IntoView {
    let api = use_api();
    let data = Loaded::new(move || api.users());
    let refresh = move || data.refetch();
    let me = use_state().user_id();
    // Never empty: the admin is a member too.
    let body = listing(data, "Loading members…", move |users| {
        Listing::Items(view! {
            <ul class="cards" id="member-list">
                {users.into_iter().map(|user| view! {
                    <MemberRow user=user own=me on_change=refresh />
                }).collect_view()}
            </ul>
        })
    });
    view! { <div id="members" aria-live="polite">{body}</div> }
}

#[component]
fn MemberRow<D: Fn() + Clone + Send + Sync + 'static>(
    user: User,
    /// The signed-in admin's id: no tools on their own row.
    own: i64,
    on_change: D,
) -> impl IntoView {
    let api = use_api();
    let id = user.user_id;
    let name = user.username.clone();
    let tools = (id != own).then(|| {
        let password = RwSignal::new(String::new());
        // The row shows its buttons, the new password's form (resetting)
        // or the removal's confirmation (confirming), one at a time.
        let resetting = RwSignal::new(false);
        let confirming = RwSignal::new(false);
        let done = RwSignal::new(None::<String>);
        let who = name.clone();
        let on_removed = on_change.clone();
        view! {
            <div class="reset-form" prop:hidden=move || !resetting.get()>
                <FormField
                    id=format!("reset-{id}-password")
                    label="New password"
                    kind="password"
                    autocomplete="new-password"
                    value=password
                    form=FormState::new()
                    hint=Some("At least 8 characters. Tell the member in person.")
                />
                <div class="form-actions">
                    <ActionButton
                        label="Set password"
                        busy_label="Saving…"
                        class="button primary set-password"
                        run=move || async move {
                            let new = password.get_untracked();
                            if let Some(problem) = validation::password(&new) {
                                return Err(Problem::form(problem));
                            }
                            Ok(api.reset_member_password(id, &new).await?)
                        }
                        on_done=move || {
                            password.set(String::new());
                            resetting.set(false);
                            done.set(Some(format!(
                                "New password set for {who}: tell them. Their sessions have ended."
                            )));
                        }
                    />
                    <button type="button" class="button secondary" on:click=move |_| resetting.set(false)>
                        "Cancel"
                    </button>
                </div>
            </div>
            <div class="card-actions" prop:hidden=move || resetting.get() || confirming.get()>
                <button
                    type="button"
                    class="button secondary reset-password"
                    // The visible label first (WCAG 2.5.3: axe label-content-name-mismatch).
                    aria-label=format!("Reset password of {name}")
                    on:click=move |_| { done.set(None); resetting.set(true) }
                >
                    "Reset password"
                </button>
                <button
                    type="button"
                    class="button danger remove"
                    aria-label=format!("Remove {name}")
                    on:click=move |_| {
                        confirming.set(true);
                        // Never the destructive "Yes, remove" by default.
                        focus_first(vec![format!("#cancel-remove-{id}")]);
                    }
                >
                    "Remove"
                </button>
            </div>
            <div class="confirm" role="group" prop:hidden=move || !confirming.get()>
                <p>{format!("Remove {name}? They can no longer sign in and are signed out everywhere; their task history stays.")}</p>
                <div class="card-actions">
                    <ActionButton
                        label="Yes, remove"
                        busy_label="Removing…"
                        class="button danger confirm-remove"
                        run=move || api.remove_member(id)
                        on_done=on_removed
                    />
                    <button type="button" class="button secondary" id=format!("cancel-remove-{id}") on:click=move |_| confirming.set(false)>
                        "Cancel"
                    </button>
                </div>
            </div>
            <StatusLine message=done />
        }
    });
    view! {
        <li class="card member" data-user-id=id.to_string()>
            <div class="card-head">
                <h3 class="member-name">{user.username}</h3>
                {user.is_admin.then(|| view! { <span class="badge badge-admin">"admin"</span> })}
                {(id == own).then(|| view! { <span class="hint">"(you)"</span> })}
            </div>
            {tools}
        </li>
    }
}
