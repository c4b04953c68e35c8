use crate::api::use_api;
use crate::components::{
    focus_first, listing, ActionButton, AdminsOnly, FormField, FormState, Listing, StatusLine,
};
use crate::errors::Problem;
use crate::i18n::{t, tf, K};
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
            <AdminsOnly title=t(K::RtMembers) message=t(K::MemAdminsOnly) />
        });
    }
    Either::Right(view! {
        <div class="page-head">
            <h1>{t(K::RtMembers)}</h1>
            <a class="button secondary" href=Route::Invites.href()>{t(K::SetInviteSomeone)}</a>
        </div>
        // The cards' h3 need an h2 above them (axe: heading-order).
        <h2 class="visually-hidden">{list_heading()}</h2>
        <MemberList />
    })
}

/// The members list's heading, for screen readers' outline only.
fn list_heading() -> &'static str {
    t(K::MemListHeading)
}

/// The members with their tools: this page's and the Household screen's.
#[component]
pub fn MemberList() -> impl IntoView {
    let api = use_api();
    let data = Loaded::new(move || api.users());
    let refresh = move || data.refetch();
    let me = use_state().user_id();
    // Never empty: the admin is a member too.
    let body = listing(data, t(K::MemLoading), move |users| {
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
                    label=t(K::AccNew)
                    kind="password"
                    autocomplete="new-password"
                    value=password
                    form=FormState::new()
                    hint=Some(t(K::MemPasswordHint))
                />
                <div class="form-actions">
                    <ActionButton
                        label=t(K::MemSetPassword)
                        busy_label=t(K::SetSaving)
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
                            done.set(Some(tf(K::MemPasswordSet, &[&who])));
                        }
                    />
                    <button type="button" class="button secondary" on:click=move |_| resetting.set(false)>
                        {t(K::SetCancel)}
                    </button>
                </div>
            </div>
            <div class="card-actions" prop:hidden=move || resetting.get() || confirming.get()>
                <button
                    type="button"
                    class="button secondary reset-password"
                    // The visible label first (WCAG 2.5.3: axe label-content-name-mismatch).
                    aria-label=tf(K::MemResetOf, &[&name])
                    on:click=move |_| { done.set(None); resetting.set(true) }
                >
                    {t(K::MemReset)}
                </button>
                <button
                    type="button"
                    class="button danger remove"
                    aria-label=tf(K::MemRemoveName, &[&name])
                    on:click=move |_| {
                        confirming.set(true);
                        // Never the destructive "Yes, remove" by default.
                        focus_first(vec![format!("#cancel-remove-{id}")]);
                    }
                >
                    {t(K::SetRemove)}
                </button>
            </div>
            <div class="confirm" role="group" prop:hidden=move || !confirming.get()>
                <p>{tf(K::MemRemoveConfirm, &[&name])}</p>
                <div class="card-actions">
                    <ActionButton
                        label=t(K::MemYesRemove)
                        busy_label=t(K::SetRemoving)
                        class="button danger confirm-remove"
                        run=move || api.remove_member(id)
                        on_done=on_removed
                    />
                    <button type="button" class="button secondary" id=format!("cancel-remove-{id}") on:click=move |_| confirming.set(false)>
                        {t(K::SetCancel)}
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
                {(id == own).then(|| view! { <span class="hint">{t(K::MemYou)}</span> })}
            </div>
            {tools}
        </li>
    }
}
