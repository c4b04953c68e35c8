use crate::route::Route;
use crate::state::use_state;
use leptos::prelude::*;

#[component]
pub fn Nav() -> impl IntoView {
    let state = use_state();
    let link = move |route: Route| {
        view! {
            <a
                href=route.href()
                class="nav-link"
                aria-current=move || (state.route.get() == route).then_some("page")
            >
                {route.nav_label()}
            </a>
        }
    };
    let username = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.user.username.clone()))
    };
    view! {
        <nav class="nav" aria-label="Main">
            <div class="nav-links">
                {link(Route::MyTasks)}
                {link(Route::Board)}
                {link(Route::Catalog)}
                <Show when=move || state.is_admin()>{link(Route::Approvals)}</Show>
            </div>
            <div class="nav-user">
                <span class="whoami">
                    {username}
                    <Show when=move || state.is_admin()>
                        <span class="badge badge-admin">"admin"</span>
                    </Show>
                </span>
                <button type="button" class="button secondary" id="sign-out" on:click=move |_| state.sign_out(None)>
                    "Sign out"
                </button>
            </div>
        </nav>
    }
}
