use crate::api::{self, Auth};
use crate::components::{ActionButton, ErrorBox, FormField, FormState, Loaded, Loading};
use crate::errors::Field;
use crate::models::User;
use crate::route::Route;
use crate::state::use_state;
use crate::validation;
use leptos::either::{Either, EitherOf3};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The household's active members; an admin resets a member's password
/// or removes a member (never themselves).
#[component]
pub fn Members() -> impl IntoView {
    let state = use_state();
    if !state.is_admin() {
        return Either::Left(view! {
            <h1>"Members"</h1>
            <ErrorBox message="Only household admins can manage members." />
        });
    }
    let data = Loaded::new(move || {
        let token = state.token();
        async move { api::users(Auth(token.as_deref())).await }
    });
    let refresh = move || data.refetch();
    let me = state.user_id();
    let body = move || match data.get() {
        None => EitherOf3::A(view! { <Loading label="Loading members…" /> }),
        Some(Err(e)) => {
            EitherOf3::B(view! { <ErrorBox message=e.user_message() retry=Box::new(refresh) /> })
        }
        Some(Ok(users)) => EitherOf3::C(view! {
            <ul class="cards" id="member-list">
                {users.into_iter().map(|user| view! {
                    <MemberRow user=user own=me on_change=refresh />
                }).collect_view()}
            </ul>
        }),
    };
    Either::Right(view! {
        <div class="page-head">
            <h1>"Members"</h1>
            <a class="button secondary" href=Route::Invites.href()>"Invite someone"</a>
        </div>
        <div id="members" aria-live="polite">{body}</div>
    })
}

#[component]
fn MemberRow<D: Fn() + Clone + Send + Sync + 'static>(
    user: User,
    /// The signed-in admin's id: no tools on their own row.
    own: i64,
    on_change: D,
) -> impl IntoView {
    let state = use_state();
    let id = user.user_id;
    let name = user.username.clone();
    let tools = (id != own).then(|| {
        let password = RwSignal::new(String::new());
        let form = FormState::new();
        let resetting = RwSignal::new(false);
        let confirming = RwSignal::new(false);
        let who = name.clone();
        let reset = move |ev: SubmitEvent| {
            ev.prevent_default();
            let new = password.get_untracked();
            let problem = validation::password(&new).map(|m| (Field::Password, m));
            if !form.begin(problem) {
                return;
            }
            let who = who.clone();
            spawn_local(async move {
                let token = state.token();
                let result = api::reset_member_password(Auth(token.as_deref()), id, &new).await;
                if form.finish(result).is_some() {
                    password.set(String::new());
                    resetting.set(false);
                    form.done.set(Some(format!(
                        "New password set for {who}: tell them. Their sessions have ended."
                    )));
                }
            });
        };
        let busy = form.busy;
            let reset_form = view! {
            <form class="reset-form" on:submit=reset novalidate prop:hidden=move || !resetting.get()>
                <FormField
                    id=format!("reset-{id}-password")
                    label="New password"
                    kind="password"
                    autocomplete="new-password"
                    value=password
                    form=form field=Some(Field::Password)
                    hint=Some("At least 8 characters. Tell the member in person.")
                />
                <p class="form-error" role="alert">{move || form.message(None)}</p>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>
                        {move || if busy.get() { "Saving…" } else { "Set password" }}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| resetting.set(false)>
                        "Cancel"
                    </button>
                </div>
            </form>
        };
        let on_removed = on_change.clone();
        view! {
            {reset_form}
            <div class="card-actions" prop:hidden=move || resetting.get() || confirming.get()>
                <button
                    type="button"
                    class="button secondary reset-password"
                    aria-label=format!("Reset the password of {name}")
                    on:click=move |_| { form.done.set(None); resetting.set(true) }
                >
                    "Reset password"
                </button>
                <button
                    type="button"
                    class="button danger remove"
                    aria-label=format!("Remove {name}")
                    on:click=move |_| confirming.set(true)
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
                        run=move || async move {
                            let token = state.token();
                            api::remove_member(Auth(token.as_deref()), id).await.map(|_| ())
                        }
                        on_done=on_removed
                    />
                    <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>
                        "Cancel"
                    </button>
                </div>
            </div>
            <p class="success" role="status">{move || form.done.get()}</p>
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
