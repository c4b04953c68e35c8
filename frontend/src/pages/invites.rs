use crate::api::use_api;
use crate::components::{listing, ActionButton, AdminsOnly, FormField, FormState, Listing};
use crate::errors::Problem;
use crate::format::format_time;
use crate::loaded::Loaded;
use crate::models::{Invite, Registration};
use crate::state::use_state;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How new people join: invite codes (shown once, when created) and, for
/// a while, registration open to everyone.
#[component]
pub fn Invites() -> impl IntoView {
    if !use_state().is_admin() {
        return Either::Left(view! {
            <AdminsOnly title="Invites" message="Only household admins can invite people." />
        });
    }
    let api = use_api();
    let settings = Loaded::new(move || api.registration_settings());
    let invites = Loaded::new(move || api.invites());
    let refresh = move || invites.refetch();

    let registration = listing(settings, "Loading registration…", move |current| {
        Listing::Items(
            view! { <OpenRegistration settings=current on_change=move || settings.refetch() /> },
        )
    });
    let list = listing(invites, "Loading invites…", move |list: Vec<Invite>| {
        if list.is_empty() {
            return Listing::Empty("No invites yet.");
        }
        Listing::Items(view! {
            <ul class="cards" id="invite-list">
                {list.into_iter().map(|invite| view! {
                    <InviteRow invite=invite on_change=refresh />
                }).collect_view()}
            </ul>
        })
    });

    Either::Right(view! {
        <div class="page-head">
            <h1>"Invites"</h1>
        </div>
        <NewInvite on_created=refresh />
        <div id="invites" aria-live="polite">
            {registration}
            <h2>"Invites"</h2>
            {list}
        </div>
    })
}

/// Whole hours and counts as typed; `None` for anything else.
fn number(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

#[component]
fn NewInvite<D: Fn() + Clone + 'static>(on_created: D) -> impl IntoView {
    let api = use_api();
    let hours = RwSignal::new("72".to_string());
    let uses = RwSignal::new("1".to_string());
    let code = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<String>);
    let copy = move |_| {
        let Some(text) = code.get_untracked() else {
            return;
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&text);
        spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            let _ = copied.try_set(Some(
                if ok {
                    "Copied."
                } else {
                    "Copying is not allowed here: select the code and copy it."
                }
                .to_string(),
            ));
        });
    };
    let form = FormState::new();
    view! {
        <details class="panel" id="new-invite" open>
            <summary>"New invite"</summary>
            <div class="form-row">
                <FormField id="invite-hours" label="Valid for (hours)" kind="number" value=hours form=form />
                <FormField id="invite-uses" label="Uses" kind="number" value=uses form=form />
            </div>
            <ActionButton
                label="Create invite"
                busy_label="Creating…"
                class="button primary create-invite"
                run=move || async move {
                    code.set(None);
                    copied.set(None);
                    let h = number(&hours.get_untracked()).filter(|h| (1..=720).contains(h));
                    let u = number(&uses.get_untracked()).filter(|u| (1..=100).contains(u));
                    let (Some(h), Some(u)) = (h, u) else {
                        return Err(Problem::form(
                            "Hours must be a whole number from 1 to 720, uses from 1 to 100.",
                        ));
                    };
                    let invite = api.create_invite(h, u).await?;
                    code.set(invite.code);
                    Ok(())
                }
                on_done=on_created
            />
            {move || code.get().map(|c| view! {
                <div class="invite-code" role="status">
                    <p class="hint">"The code, shown only now: send it to the person you invite."</p>
                    <p class="code-row">
                        <code id="invite-code">{c}</code>
                        <button type="button" class="button secondary" id="copy-invite" on:click=copy>"Copy"</button>
                    </p>
                    <p class="success">{move || copied.get()}</p>
                </div>
            })}
        </details>
    }
}

#[component]
fn InviteRow<D: Fn() + Clone + Send + Sync + 'static>(
    invite: Invite,
    on_change: D,
) -> impl IntoView {
    let api = use_api();
    let id = invite.invite_id;
    let ended = invite.state();
    view! {
        <li class="card invite" data-invite-id=id.to_string() data-active=ended.is_none().to_string()>
            <div class="card-head">
                <h3>{format!("Invite #{id}")}</h3>
                {ended.map(|s| view! { <span class="badge badge-archived">{s}</span> })}
            </div>
            <dl class="meta">
                <div><dt>"Used"</dt><dd class="uses">{format!("{} of {}", invite.uses, invite.max_uses)}</dd></div>
                <div><dt>"Expires"</dt><dd>{format_time(&invite.expires_at)}</dd></div>
            </dl>
            {ended.is_none().then(|| view! {
                <div class="card-actions">
                    <ActionButton
                        label="Revoke"
                        busy_label="Revoking…"
                        class="button danger revoke"
                        aria_label=format!("Revoke invite #{id}")
                        run=move || api.revoke_invite(id)
                        on_done=on_change
                    />
                </div>
            })}
        </li>
    }
}

/// Open registration to everyone for some minutes, or close it again.
#[component]
fn OpenRegistration<D: Fn() + Clone + Send + Sync + 'static>(
    settings: Registration,
    on_change: D,
) -> impl IntoView {
    let api = use_api();
    let minutes = RwSignal::new("60".to_string());
    let until = settings.registration_open_until;
    let is_open = until.is_some();
    let status = match &until {
        Some(t) => format!("Open to everyone until {}.", format_time(t)),
        None => "Closed: only people with an invite code can register.".to_string(),
    };
    // 0 closes registration.
    let set = move |open: bool| async move {
        let m = if open {
            match number(&minutes.get_untracked()) {
                Some(m @ 1..=10080) => m,
                _ => {
                    return Err(Problem::form(
                        "Minutes must be a whole number from 1 to 10080 (a week).",
                    ))
                }
            }
        } else {
            0
        };
        Ok(api.open_registration(m).await?)
    };
    let on_closed = on_change.clone();
    view! {
        <section class="panel" id="registration" aria-labelledby="registration-title">
            <h2 id="registration-title">"Registration without a code"</h2>
            <p id="registration-status" data-open=is_open.to_string()>{status}</p>
            <div class="form-row">
                <FormField id="registration-minutes" label="Open for (minutes)" kind="number" value=minutes form=FormState::new() />
                <div class="form-actions">
                    <ActionButton
                        label=if is_open { "Extend" } else { "Open registration" }
                        busy_label="Opening…"
                        class="button secondary open-registration"
                        run=move || set(true)
                        on_done=on_change
                    />
                    {is_open.then(|| view! {
                        <ActionButton
                            label="Close now"
                            busy_label="Closing…"
                            class="button danger close-registration"
                            run=move || set(false)
                            on_done=on_closed
                        />
                    })}
                </div>
            </div>
        </section>
    }
}
