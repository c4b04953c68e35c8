use crate::models::Status;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

#[component]
pub fn Empty(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="empty">{message}</p> }
}

/// An error with an optional retry: the page stays usable.
#[component]
pub fn ErrorBox(
    #[prop(into)] message: String,
    #[prop(optional)] retry: Option<Box<dyn Fn() + Send + Sync>>,
) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <p>{message}</p>
            {retry.map(|retry| view! {
                <button type="button" class="button secondary" on:click=move |_| retry()>
                    "Try again"
                </button>
            })}
        </div>
    }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.key())>{status.label()}</span> }
}
