//! The task form ("new task" and "edit task") and the state behind it, so
//! both submit the same way: local validation first, the API's verdict after.

use crate::components::{FormError, FormState, SubmitButton};
use crate::errors::Field;
use crate::i18n::{t, K};
use crate::validation;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// What the form holds while it is being filled in and sent.
#[derive(Clone, Copy)]
pub struct TaskDraft {
    pub name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub form: FormState,
}

impl TaskDraft {
    pub fn new(name: String, description: String) -> TaskDraft {
        TaskDraft {
            name: RwSignal::new(name),
            description: RwSignal::new(description),
            form: FormState::new(),
        }
    }

    /// The name and description to send, with the form marked busy; `None`
    /// (and the message beside its field) when they fail the API's rules
    /// or a request is already in flight.
    pub fn begin(&self) -> Option<(String, String)> {
        let name = self.name.get_untracked();
        let description = self.description.get_untracked();
        self.form
            .begin(validation::task(&name, &description))
            .then_some((name, description))
    }
}

/// Name + description form shared by "new task" and "edit task"; API
/// errors about a field appear under that field.
#[component]
pub fn TaskForm<S: Fn() + Clone + 'static, X: IntoView + 'static>(
    #[prop(into)] id_prefix: String,
    draft: TaskDraft,
    submit_label: &'static str,
    busy_label: &'static str,
    on_submit: S,
    /// More buttons beside submit (the edit form's Cancel); a typed view,
    /// not `Children` (see app.rs on type erasure).
    extra: Option<X>,
) -> impl IntoView {
    let TaskDraft {
        name,
        description,
        form,
    } = draft;
    let message_for = move |field: Option<Field>| move || form.message(field);
    let name_id = format!("{id_prefix}-name");
    let description_id = format!("{id_prefix}-description");
    view! {
        <form class="task-form" on:submit=move |ev: SubmitEvent| { ev.prevent_default(); on_submit() } novalidate>
            <div class="field">
                <label for=name_id.clone()>{t(K::EdName)}</label>
                <input
                    id=name_id.clone()
                    class="task-name-input"
                    maxlength="100"
                    aria-describedby=format!("{name_id}-error")
                    aria-invalid=move || message_for(Some(Field::TaskName))().is_some().to_string()
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p id=format!("{name_id}-error") class="field-error" role="alert">
                    {message_for(Some(Field::TaskName))}
                </p>
            </div>
            <div class="field">
                <label for=description_id.clone()>{t(K::EdDescription)} " " <span class="hint">{t(K::EdOptional)}</span></label>
                <textarea
                    id=description_id.clone()
                    rows="2"
                    maxlength="1000"
                    aria-describedby=format!("{description_id}-error")
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
                <p id=format!("{description_id}-error") class="field-error" role="alert">
                    {message_for(Some(Field::Description))}
                </p>
            </div>
            <FormError form=form />
            <div class="form-actions">
                <SubmitButton form=form label=submit_label busy_label=busy_label />
                {extra}
            </div>
        </form>
    }
}
