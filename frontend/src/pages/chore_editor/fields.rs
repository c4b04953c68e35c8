//! What the editor's inputs share: the refusal shown under one input, keyed
//! by the API parameter the input sends (the API names it in `details`,
//! docs/SECURITY-API.md "Field errors"), and moving focus to that input.

use crate::errors::ApiError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The refusal on screen: the key of its input (an API parameter such as
/// `p_rrule`, or `weekdays`/`every` for checks made before sending; empty
/// for the whole form) and the message.
pub type Errors = RwSignal<Option<(String, String)>>;

/// Both sources of refusals: saving, and the live preview of the rule.
#[derive(Clone, Copy)]
pub struct Problems {
    pub save: Errors,
    pub preview: Errors,
}

/// The key and message for an API error: the parameter it names, or the
/// whole form. A rule the API cannot read names the part in `details`
/// (not a parameter): that is shown with the message, by the rule.
pub fn from_api(error: &ApiError, rule_field: bool) -> (String, String) {
    let own = error.code.as_deref().is_some_and(|c| c.starts_with("PT"));
    let details = error.details.clone().filter(|_| own);
    match details {
        Some(p) if p.starts_with("p_") => (p, error.user_message()),
        Some(details) if rule_field => ("p_rrule".into(), format!("{}: {details}", error.message)),
        _ => (String::new(), error.user_message()),
    }
}

impl Problems {
    /// The message for `key`: saving's refusal first, else the preview's.
    pub fn message(self, key: &'static str) -> Option<String> {
        let pick = |errors: Errors| {
            errors.with(|e| e.as_ref().filter(|(k, _)| k == key).map(|(_, m)| m.clone()))
        };
        pick(self.save).or_else(|| pick(self.preview))
    }
}

/// `aria-invalid` for the input of `key`.
pub fn invalid(problems: Problems, key: &'static str) -> impl Fn() -> &'static str + Copy {
    move || {
        if problems.message(key).is_some() {
            "true"
        } else {
            "false"
        }
    }
}

/// The line under an input (`id` `error-<key>`, which the input names in
/// `aria-describedby`).
pub fn error_line(problems: Problems, key: &'static str) -> impl IntoView {
    view! {
        <p id=format!("error-{key}") class="field-error" role="alert">
            {move || problems.message(key)}
        </p>
    }
}

/// Focuses the element with this id once the current update is on screen.
pub fn focus(id: String) {
    request_animation_frame(move || {
        let element = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// What an input reports: its new value.
pub type OnText = Box<dyn Fn(String)>;

/// The parts of one labelled input or select. A value of one type for
/// every field, rendered by one function each: the editor's ~30 inputs
/// then cost the wasm two views, not thirty.
pub struct Control {
    pub id: String,
    pub label: String,
    /// The key of its refusals (`error-<key>` describes it).
    pub key: &'static str,
    /// Further ids that describe it (a hint), space-separated.
    pub described_by: &'static str,
    pub value: String,
}

impl Control {
    pub fn new(id: impl Into<String>, label: impl Into<String>, key: &'static str) -> Control {
        Control {
            id: id.into(),
            label: label.into(),
            key,
            described_by: "",
            value: String::new(),
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> Control {
        self.value = value.into();
        self
    }

    pub fn hint(mut self, ids: &'static str) -> Control {
        self.described_by = ids;
        self
    }

    fn describedby(&self) -> String {
        format!("error-{} {}", self.key, self.described_by)
    }
}

/// `<input type=kind>`: its label, the value it starts with, its error line.
pub fn input(
    field: Control,
    kind: &'static str,
    problems: Problems,
    on_input: OnText,
) -> impl IntoView {
    let describedby = field.describedby();
    let Control {
        id,
        label,
        key,
        value,
        ..
    } = field;
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind autocomplete="off" autocapitalize="none" spellcheck="false"
                aria-describedby=describedby
                aria-invalid=invalid(problems, key) prop:value=value
                on:input=move |ev| on_input(event_target_value(&ev)) />
            {error_line(problems, key)}
        </div>
    }
}

/// `<select>` of (value, label) options, `field.value` chosen.
pub fn choice(
    field: Control,
    options: Vec<(String, String)>,
    problems: Problems,
    on_change: OnText,
) -> impl IntoView {
    let describedby = field.describedby();
    let Control {
        id,
        label,
        key,
        value,
        ..
    } = field;
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id aria-describedby=describedby aria-invalid=invalid(problems, key)
                on:change=move |ev| on_change(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let chosen = v == value;
                    view! { <option value=v selected=chosen>{l}</option> }
                }).collect_view()}
            </select>
            {error_line(problems, key)}
        </div>
    }
}

/// A checkbox with its label around it.
pub fn checkbox(
    id: String,
    label: String,
    checked: bool,
    on_change: Box<dyn Fn(bool)>,
) -> impl IntoView {
    view! {
        <label class="checkbox">
            <input type="checkbox" id=id prop:checked=checked
                on:change=move |ev| on_change(event_target_checked(&ev)) />
            {label}
        </label>
    }
}
