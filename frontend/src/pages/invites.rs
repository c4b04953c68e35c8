use crate::api::use_api;
use crate::components::{listing, ActionButton, AdminsOnly, FormField, FormState, Listing};
use crate::errors::Problem;
use crate::format::format_time;
use crate::i18n::{t, tf, K};
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
            <AdminsOnly title=t(K::RtInvites) message=t(K::InvAdminsOnly) />
        });
    }
    let api = use_api();
    let settings = Loaded::new(move || api.registration_settings());
    let invites = Loaded::new(move || api.invites());
    let refresh = move || invites.refetch();

    let registration = listing(settings, t(K::InvLoadingRegistration), move |current| {
        Listing::Items(
            view! { <OpenRegistration settings=current on_change=move || settings.refetch() /> },
        )
    });
    let list = listing(invites, t(K::InvLoading), move |list: Vec<Invite>| {
        if list.is_empty() {
            return Listing::Empty(t(K::InvNone));
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
            <h1>{t(K::RtInvites)}</h1>
        </div>
        <NewInvite on_created=refresh />
        <div id="invites" aria-live="polite">
            {registration}
            <h2>{t(K::RtInvites)}</h2>
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
                    t(K::SetCopied)
                } else {
                    t(K::InvCopyRefused)
                }
                .to_string(),
            ));
        });
    };
    let form = FormState::new();
    view! {
        <details class="panel" id="new-invite" open>
            <summary>{t(K::InvNew)}</summary>
            <div class="form-row">
                <FormField id="invite-hours" label=t(K::InvHours) kind="number" value=hours form=form />
                <FormField id="invite-uses" label=t(K::InvUses) kind="number" value=uses form=form />
            </div>
            <ActionButton
                label=t(K::InvCreate)
                busy_label=t(K::InvCreating)
                class="button primary create-invite"
                run=move || async move {
                    code.set(None);
                    copied.set(None);
                    let h = number(&hours.get_untracked()).filter(|h| (1..=720).contains(h));
                    let u = number(&uses.get_untracked()).filter(|u| (1..=100).contains(u));
                    let (Some(h), Some(u)) = (h, u) else {
                        return Err(Problem::form(
                            t(K::InvRange),
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
                    <p class="hint">{t(K::InvCodeHint)}</p>
                    <p class="code-row">
                        <code id="invite-code">{c}</code>
                        <button type="button" class="button secondary" id="copy-invite" on:click=copy>{t(K::InvCopy)}</button>
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
                <h3>{tf(K::InvNumber, &[&id.to_string()])}</h3>
                {ended.map(|s| view! { <span class="badge badge-archived">{s}</span> })}
            </div>
            <dl class="meta">
                <div><dt>{t(K::InvUsed)}</dt><dd class="uses">{tf(K::InvUsesOf, &[&invite.uses.to_string(), &invite.max_uses.to_string()])}</dd></div>
                <div><dt>{t(K::InvExpires)}</dt><dd>{format_time(&invite.expires_at)}</dd></div>
            </dl>
            {ended.is_none().then(|| view! {
                <div class="card-actions">
                    <ActionButton
                        label=t(K::InvRevoke)
                        busy_label=t(K::InvRevoking)
                        class="button danger revoke"
                        aria_label=tf(K::InvRevokeNumber, &[&id.to_string()])
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
        Some(until) => tf(K::InvOpenUntil, &[&format_time(until)]),
        None => t(K::InvClosed).to_string(),
    };
    // 0 closes registration.
    let set = move |open: bool| async move {
        let m = if open {
            match number(&minutes.get_untracked()) {
                Some(m @ 1..=10080) => m,
                _ => return Err(Problem::form(t(K::InvMinutesRange))),
            }
        } else {
            0
        };
        Ok(api.open_registration(m).await?)
    };
    let on_closed = on_change.clone();
    view! {
        <section class="panel" id="registration" aria-labelledby="registration-title">
            <h2 id="registration-title">{t(K::InvRegistrationTitle)}</h2>
            <p id="registration-status" data-open=is_open.to_string()>{status}</p>
            <div class="form-row">
                <FormField id="registration-minutes" label=t(K::InvMinutes) kind="number" value=minutes form=FormState::new() />
                <div class="form-actions">
                    <ActionButton
                        label=t(if is_open { K::InvExtend } else { K::InvOpen })
                        busy_label=t(K::InvOpening)
                        class="button secondary open-registration"
                        run=move || set(true)
                        on_done=on_change
                    />
                    {is_open.then(|| view! {
                        <ActionButton
                            label=t(K::InvClose)
                            busy_label=t(K::InvClosing)
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
