use crate::api::use_api;
use crate::components::{FormError, FormField, FormState, StatusLine, SubmitButton};
use crate::errors::Field;
use crate::i18n::{t, K};
use crate::state::use_state;
use crate::validation;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// "My account": change one's own password. The server ends every other
/// session and answers with a new token, which this device keeps.
#[component]
pub fn Account() -> impl IntoView {
    let state = use_state();
    let api = use_api();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let form = FormState::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (old, fresh) = (current.get_untracked(), new.get_untracked());
        if !form.begin(validation::password_change(
            &old,
            &fresh,
            &repeat.get_untracked(),
        )) {
            return;
        }
        spawn_local(async move {
            let result = api.change_password(&old, &fresh).await;
            if let Some(reply) = form.finish(result) {
                state.sign_in(reply);
                current.set(String::new());
                new.set(String::new());
                repeat.set(String::new());
                form.done.set(Some(t(K::AccChanged).into()));
            }
        });
    };
    view! {
        <div class="page-head">
            <h1>{t(K::RtAccount)}</h1>
        </div>
        <section class="panel narrow" aria-labelledby="password-title">
            <h2 id="password-title">{t(K::AccChange)}</h2>
            <form id="password-form" on:submit=submit novalidate>
                <FormField
                    id="current-password"
                    label=t(K::AccCurrent)
                    kind="password"
                    autocomplete="current-password"
                    value=current
                    form=form field=Some(Field::CurrentPassword)
                />
                <FormField
                    id="new-password"
                    label=t(K::AccNew)
                    kind="password"
                    autocomplete="new-password"
                    value=new
                    form=form field=Some(Field::Password)
                    hint=Some(t(K::AccNewHint))
                />
                <FormField
                    id="repeat-password"
                    label=t(K::AccAgain)
                    kind="password"
                    autocomplete="new-password"
                    value=repeat
                    form=form field=Some(Field::RepeatPassword)
                />
                <FormError form=form id="password-form-error" />
                <SubmitButton form=form label=t(K::AccChange) busy_label=t(K::AccChanging) />
                <StatusLine message=form.done id="password-success" />
            </form>
        </section>
    }
}
