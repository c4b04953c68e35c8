use crate::i18n::{t, K};
use crate::models::Status;
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(optional)] label: Option<&'static str>) -> impl IntoView {
    let label = label.unwrap_or_else(|| t(K::Loading));
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
                    {t(K::TodayRetry)}
                </button>
            })}
        </div>
    }
}

/// A member who opens an admin's page (by its address) learns why it is
/// empty; the API would refuse its data anyway.
#[component]
pub fn AdminsOnly(title: &'static str, message: &'static str) -> impl IntoView {
    view! {
        <h1>{title}</h1>
        <ErrorBox message=message />
    }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.key())>{status.label()}</span> }
}
