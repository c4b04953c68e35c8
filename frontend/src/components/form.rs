//! What the forms share: one state (busy, a problem for a field or the
//! whole form, a success line) and one labelled input with its hint and
//! error. One generic-free component for every field keeps the wasm small
//! (see app.rs on type erasure).

use crate::errors::{ApiError, Field, Problem};
use leptos::prelude::*;

/// A form's request state.
#[derive(Clone, Copy)]
pub struct FormState {
    pub busy: RwSignal<bool>,
    pub problem: RwSignal<Option<Problem>>,
    pub done: RwSignal<Option<String>>,
}

impl FormState {
    pub fn new() -> FormState {
        FormState {
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            done: RwSignal::new(None),
        }
    }

    /// Starts a submission unless one is in flight or `check` (made before
    /// sending, worded like the API) refuses it; that is then shown by its
    /// field.
    pub fn begin(&self, check: Option<(Field, String)>) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.done.set(None);
        if let Some((field, message)) = check {
            self.problem.set(Some(Problem {
                field: Some(field),
                message,
            }));
            return false;
        }
        self.problem.set(None);
        self.busy.set(true);
        true
    }

    /// A form-wide refusal found before sending anything.
    pub fn refuse(&self, message: impl Into<String>) {
        self.done.set(None);
        self.problem.set(Some(Problem::form(message)));
    }

    /// Ends the request; a refusal appears by the field the API names.
    /// `try_set`: the form may be gone (signed out meanwhile).
    pub fn finish<T>(&self, result: Result<T, ApiError>) -> Option<T> {
        let _ = self.busy.try_set(false);
        result
            .map_err(|e| {
                let _ = self.problem.try_set(Some(e.into()));
            })
            .ok()
    }

    /// The message for one field (`None`: the form-wide one); tracked.
    pub fn message(&self, field: Option<Field>) -> Option<String> {
        self.problem.with(|p| {
            p.as_ref()
                .filter(|p| p.field == field)
                .map(|p| p.message.clone())
        })
    }
}

impl Default for FormState {
    fn default() -> Self {
        FormState::new()
    }
}

/// A labelled input bound to `value`, with `{id}-hint` and `{id}-error`
/// (`form`'s message for `field`; `None`: the field has no messages).
#[component]
pub fn FormField(
    #[prop(into)] id: String,
    label: &'static str,
    value: RwSignal<String>,
    form: FormState,
    #[prop(default = None)] field: Option<Field>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
) -> impl IntoView {
    let error = move || field.and_then(|f| form.message(Some(f)));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=id
                type=kind
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                aria-describedby=format!("{error_id} {hint_id}")
                aria-invalid=move || error().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p id=hint_id class="hint">{h}</p> })}
            <p id=error_id class="field-error" role="alert">{error}</p>
        </div>
    }
}

/// The form-wide message (a refusal no field owns), read by screen readers
/// as it appears.
#[component]
pub fn FormError(form: FormState, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    view! { <p id=id class="form-error" role="alert">{move || form.message(None)}</p> }
}

/// The submit button, disabled and relabelled while the form is sent.
#[component]
pub fn SubmitButton(
    form: FormState,
    label: &'static str,
    busy_label: &'static str,
    #[prop(default = "button primary")] class: &'static str,
) -> impl IntoView {
    let busy = form.busy;
    view! {
        <button type="submit" class=class disabled=move || busy.get()>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}

/// A success line (`None`: nothing to say yet).
#[component]
pub fn StatusLine(
    message: RwSignal<Option<String>>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    view! { <p id=id class="success" role="status">{move || message.get()}</p> }
}
