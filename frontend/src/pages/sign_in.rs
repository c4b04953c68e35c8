use crate::api;
use crate::components::{FormError, FormField, FormState, SubmitButton};
use crate::errors::Field;
use crate::i18n::{t, K};
use crate::route::Route;
use crate::state::use_state;
use crate::validation;
use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Sign-in and registration share one form: same fields (registration adds
/// the invite code), and registering signs the new member straight in.
#[component]
pub fn SignIn(register: bool) -> impl IntoView {
    let state = use_state();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let invite = RwSignal::new(String::new());
    let form = FormState::new();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (user, pass) = (username.get_untracked(), password.get_untracked());
        if !register && (user.trim().is_empty() || pass.is_empty()) {
            form.refuse(t(K::AuthEnterBoth));
            return;
        }
        let problem = if register {
            validation::registration(&user, &pass)
        } else {
            None
        };
        if !form.begin(problem) {
            return;
        }
        let code = invite.get_untracked();
        spawn_local(async move {
            let result = async {
                if register {
                    let code = Some(code.trim()).filter(|c| !c.is_empty());
                    api::register(user.trim(), &pass, code).await?;
                }
                api::login(user.trim(), &pass).await
            }
            .await;
            if let Some(reply) = form.finish(result) {
                state.notice.set(None);
                state.sign_in(reply);
            }
        });
    };

    let title = t(if register {
        K::AuthRegisterTitle
    } else {
        K::RtSignIn
    });
    let (action, busy_action) = if register {
        (t(K::RtRegister), t(K::AuthRegistering))
    } else {
        (t(K::RtSignIn), t(K::AuthSigningIn))
    };
    view! {
        <section class="auth-card" aria-labelledby="auth-title">
            <h1 id="auth-title">{title}</h1>
            {move || state.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <form id="auth-form" on:submit=submit novalidate>
                <FormField
                    id="username"
                    label=t(K::AuthUsername)
                    value=username
                    form=form field=Some(Field::Username)
                    autocomplete="username"
                    hint=register.then(|| t(K::AuthUsernameHint))
                />
                <FormField
                    id="password"
                    label=t(K::AuthPassword)
                    kind="password"
                    value=password
                    form=form field=Some(Field::Password)
                    autocomplete=if register { "new-password" } else { "current-password" }
                    hint=register.then(|| t(K::AuthPasswordHint))
                />
                {register.then(|| view! {
                    <FormField
                        id="invite-code"
                        label=t(K::AuthInvite)
                        value=invite
                        form=form field=Some(Field::InviteCode)
                        hint=Some(t(K::AuthInviteHint))
                    />
                })}
                <FormError form=form id="auth-error" />
                <SubmitButton form=form label=action busy_label=busy_action class="button primary wide" />
            </form>
            <p class="switch">
                {if register {
                    Either::Left(view! { {t(K::AuthHaveAccount)} " " <a href=Route::SignIn.href()>{t(K::RtSignIn)}</a> })
                } else {
                    Either::Right(view! { {t(K::AuthNewHere)} " " <a href=Route::Register.href() id="to-register">{t(K::AuthCreateOne)}</a> })
                }}
            </p>
        </section>
    }
}
