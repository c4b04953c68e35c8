use crate::api;
use crate::errors::Field;
use crate::route::Route;
use crate::state::use_state;
use crate::validation;
use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Sign-in and registration share one form: same fields, and registering
/// signs the new member straight in.
#[component]
pub fn SignIn(register: bool) -> impl IntoView {
    let state = use_state();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    let field_error = RwSignal::new(None::<(Field, String)>);
    let error_for = move |field: Field| {
        move || {
            field_error
                .get()
                .filter(|(f, _)| *f == field)
                .map(|(_, message)| message)
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (user, pass) = (username.get_untracked(), password.get_untracked());
        form_error.set(None);
        field_error.set(None);
        if register {
            if let Some(problem) = validation::registration(&user, &pass) {
                field_error.set(Some(problem));
                return;
            }
        } else if user.trim().is_empty() || pass.is_empty() {
            form_error.set(Some("Enter your username and password.".into()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = async {
                if register {
                    api::register(user.trim(), &pass).await?;
                }
                api::login(user.trim(), &pass).await
            }
            .await;
            let _ = busy.try_set(false);
            match result {
                Ok(reply) => {
                    state.notice.set(None);
                    state.sign_in(reply);
                }
                Err(e) => match e.field() {
                    Some(field) => field_error.set(Some((field, e.user_message()))),
                    None => form_error.set(Some(e.user_message())),
                },
            }
        });
    };

    let title = if register {
        "Create your account"
    } else {
        "Sign in"
    };
    let (action, busy_action) = if register {
        ("Create account", "Creating account…")
    } else {
        ("Sign in", "Signing in…")
    };
    view! {
        <section class="auth-card" aria-labelledby="auth-title">
            <h1 id="auth-title">{title}</h1>
            {move || state.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <form id="auth-form" on:submit=submit novalidate>
                <div class="field">
                    <label for="username">"Username"</label>
                    <input
                        id="username"
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        aria-describedby="username-error username-hint"
                        aria-invalid=move || error_for(Field::Username)().is_some().to_string()
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))
                    />
                    {register.then(|| view! {
                        <p id="username-hint" class="hint">"3–32 letters, digits, “.”, “_” or “-”."</p>
                    })}
                    <p id="username-error" class="field-error" role="alert">{error_for(Field::Username)}</p>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete=if register { "new-password" } else { "current-password" }
                        aria-describedby="password-error password-hint"
                        aria-invalid=move || error_for(Field::Password)().is_some().to_string()
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                    {register.then(|| view! {
                        <p id="password-hint" class="hint">"At least 8 characters."</p>
                    })}
                    <p id="password-error" class="field-error" role="alert">{error_for(Field::Password)}</p>
                </div>
                <p id="auth-error" class="form-error" role="alert">{move || form_error.get()}</p>
                <button type="submit" class="button primary wide" disabled=move || busy.get()>
                    {move || if busy.get() { busy_action } else { action }}
                </button>
            </form>
            <p class="switch">
                {if register {
                    Either::Left(view! { "Already have an account? " <a href=Route::SignIn.href()>"Sign in"</a> })
                } else {
                    Either::Right(view! { "New here? " <a href=Route::Register.href() id="to-register">"Create an account"</a> })
                }}
            </p>
        </section>
    }
}
