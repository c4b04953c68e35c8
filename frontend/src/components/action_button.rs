use crate::errors::ApiError;
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// A button that runs one API call: disabled and relabelled while in
/// flight, its error shown right next to it, `on_done` (usually a refetch)
/// run on success.
#[component]
pub fn ActionButton<F, Fut, D>(
    label: &'static str,
    busy_label: &'static str,
    #[prop(default = "button")] class: &'static str,
    #[prop(optional, into)] aria_label: Option<String>,
    run: F,
    on_done: D,
) -> impl IntoView
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
    D: Fn() + Clone + 'static,
{
    let state = use_state();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let click = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let run = run.clone();
        let on_done = on_done.clone();
        spawn_local(async move {
            let result = state.check(run().await);
            // The page may have been left (sign-out) while the call ran.
            let _ = busy.try_set(false);
            match result {
                Ok(()) => on_done(),
                Err(e) => {
                    let _ = error.try_set(Some(e.user_message()));
                }
            }
        });
    };
    view! {
        <span class="action">
            <button
                type="button"
                class=class
                aria-label=aria_label
                disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()
                on:click=click
            >
                {move || if busy.get() { busy_label } else { label }}
            </button>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </span>
    }
}
