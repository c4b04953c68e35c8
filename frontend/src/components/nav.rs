use crate::api::use_api;
use crate::grouping::reviewable_by;
use crate::i18n::{t, K};
use crate::route::Route;
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Nav() -> impl IntoView {
    let state = use_state();
    let api = use_api();
    // The approvals badge: fetched when an admin moves between pages (so
    // completions reported meanwhile show up); the approvals page itself
    // keeps it current after each approve or reject.
    Effect::new(move |_| {
        let route = state.route.get();
        if !state.is_admin() || route == Route::Approvals {
            return;
        }
        spawn_local(async move {
            if let Ok(list) = api.waiting_assignments(0).await {
                let count = reviewable_by(&list, state.user_id()).0.len();
                let _ = state.waiting.try_set(Some(count));
            }
        });
    });
    let current = move |route: Route| move || (state.route.get() == route).then_some("page");
    let link = move |route: Route| {
        view! {
            <a href=route.href() class="nav-link" aria-current=current(route)>
                {route.nav_label()}
            </a>
        }
    };
    let waiting = move || {
        state.waiting.get().filter(|n| *n > 0).map(|n| {
            view! {
                <span class="nav-count">{n}<span class="visually-hidden">{t(K::NavWaiting)}</span></span>
            }
        })
    };
    let signing_out = RwSignal::new(false);
    let username = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.user.username.clone()))
    };
    view! {
        <nav class="nav" aria-label=t(K::NavMain)>
            <div class="nav-links">
                {link(Route::Today)}
                {link(Route::MyTasks)}
                {link(Route::Board)}
                {link(Route::Catalog)}
                {link(Route::History)}
                {link(Route::Calendar)}
                {link(Route::Points)}
                {link(Route::Rewards)}
                {link(Route::Settings)}
                // `cond.then(view)` rather than <Show>: no type-erased views
                // (smaller wasm, see app.rs).
                {move || state.is_admin().then(|| view! {
                    <a href=Route::Approvals.href() class="nav-link" aria-current=current(Route::Approvals)>
                        {Route::Approvals.nav_label()}
                        {waiting}
                    </a>
                    {link(Route::Members)}
                    {link(Route::Invites)}
                    {link(Route::Household)}
                })}
            </div>
            <div class="nav-user">
                // The name leads to "My account" (password change).
                <a class="whoami" id="account-link" href=Route::Account.href() title=t(K::NavAccount) aria-current=current(Route::Account)>
                    <span class="username">{username}</span>
                    {move || state.is_admin().then(|| view! {
                        <span class="badge badge-admin">{t(K::NavAdmin)}</span>
                    })}
                </a>
                <button
                    type="button"
                    class="button secondary"
                    id="sign-out"
                    disabled=move || signing_out.get()
                    on:click=move |_| {
                        signing_out.set(true);
                        spawn_local(api.sign_out());
                    }
                >
                    {move || t(if signing_out.get() { K::NavSigningOut } else { K::NavSignOut })}
                </button>
            </div>
        </nav>
    }
}
