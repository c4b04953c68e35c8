use crate::api::use_api;
use crate::components::Nav;
use crate::html::screen;
use crate::i18n::{t, K};
use crate::lazy::{self, lazily};
use crate::pages::{today, SignIn};
use crate::route::{self, Route};
use crate::state::AppState;
use leptos::either::EitherOf3;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

fn focus_main() {
    if let Some(main) = document().get_element_by_id("main") {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// The fragment carries the route, so the skip link focuses the content
/// itself instead of changing `location.hash`.
fn skip_to_main(ev: ev::MouseEvent) {
    ev.prevent_default();
    focus_main();
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    crate::pwa::start(state.online);
    route::follow(state.route);

    // A stored token may have been revoked server-side (e.g. the secret was
    // rotated), and the stored profile may be stale (admin rights changed):
    // ask once so the user is not met by failing pages or wrong controls.
    if state.live_token().is_some() {
        let api = use_api();
        spawn_local(async move {
            if let Ok(user) = api.me().await {
                state.update_user(user);
            }
        });
    }

    let signed_in = Memo::new(move |_| state.session.with(Option::is_some));
    Effect::new(move |_| {
        let route = state.route.get();
        let title = if signed_in.get() || !route.needs_session() {
            route.title()
        } else {
            Route::SignIn.title()
        };
        document().set_title(&format!("{title} · {}", t(K::AppName)));
    });

    // After an in-app navigation, keyboard and screen-reader users start
    // at the new page's content rather than on the link they left.
    Effect::new(move |previous: Option<Route>| {
        let route = state.route.get();
        if previous.is_some_and(|p| p != route) {
            focus_main();
        }
        route
    });

    let page = move || {
        if !signed_in.get() {
            let register = state.route.get() == Route::Register;
            return EitherOf3::A(view! { <SignIn register=register /> });
        }
        // Every screen but the landing one (also shown right after signing
        // in) is fetched on first use.
        match lazy::load(state.route.get()) {
            Some(load) => EitherOf3::B(lazily(load)),
            None => EitherOf3::C(screen(untrack(today))),
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{t(K::AppSkip)}</a>
        <header class="app-header">
            <div class="container header-inner">
                <a class="brand" href=Route::Today.href()>
                    <span aria-hidden="true">"✓ "</span>
                    {t(K::AppName)}
                </a>
                {move || signed_in.get().then(|| view! { <Nav /> })}
            </div>
        </header>
        <main id="main" class="container" tabindex="-1">
            <crate::pwa::OfflineNotice />
            // Offline, every control on the page is off at once (the data
            // shown may be stale, and no change could be sent).
            <fieldset class="offline-guard" disabled=move || state.offline()>
                {page}
            </fieldset>
        </main>
    }
}
