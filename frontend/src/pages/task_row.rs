use crate::api::{self, Auth};
use crate::components::ActionButton;
use crate::errors::Field;
use crate::models::{Task, User};
use crate::state::use_state;
use crate::validation;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Name + description form shared by "new task" and "edit task"; API
/// errors about a field appear under that field.
#[component]
pub fn TaskForm<S: Fn() + Clone + 'static, X: IntoView + 'static>(
    #[prop(into)] id_prefix: String,
    name: RwSignal<String>,
    description: RwSignal<String>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<(Option<Field>, String)>>,
    submit_label: &'static str,
    busy_label: &'static str,
    on_submit: S,
    /// More buttons beside submit (the edit form's Cancel); a typed view,
    /// not `Children` (see app.rs on type erasure).
    extra: Option<X>,
) -> impl IntoView {
    let message_for = move |field: Option<Field>| {
        move || error.get().filter(|(f, _)| *f == field).map(|(_, m)| m)
    };
    let name_id = format!("{id_prefix}-name");
    let description_id = format!("{id_prefix}-description");
    view! {
        <form class="task-form" on:submit=move |ev: SubmitEvent| { ev.prevent_default(); on_submit() } novalidate>
            <div class="field">
                <label for=name_id.clone()>"Name"</label>
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
                <label for=description_id.clone()>"Description " <span class="hint">"(optional)"</span></label>
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
            <p class="form-error" role="alert">{message_for(None)}</p>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>
                    {move || if busy.get() { busy_label } else { submit_label }}
                </button>
                {extra}
            </div>
        </form>
    }
}

#[component]
pub fn TaskRow<D: Fn() + Clone + Send + Sync + 'static>(
    task: Task,
    users: Vec<User>,
    is_admin: bool,
    on_change: D,
) -> impl IntoView {
    let state = use_state();
    let editing = RwSignal::new(false);
    let task_id = task.task_id;
    let archived = task.is_archived;
    let view_mode = {
        let task = task.clone();
        move || {
            view! {
                <div class="card-head">
                    <h3 class="task-name">{task.task_name.clone()}</h3>
                    {archived.then(|| view! { <span class="badge badge-archived">"Archived"</span> })}
                </div>
                {task.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="description">{d}</p> })}
            }
        }
    };
    let admin_tools = (is_admin && !archived).then(|| {
        let on_change = on_change.clone();
        let on_edit_done = on_change.clone();
        let name = RwSignal::new(task.task_name.clone());
        let description = RwSignal::new(task.description.clone().unwrap_or_default());
        let busy = RwSignal::new(false);
        let error = RwSignal::new(None::<(Option<Field>, String)>);
        let save = move || {
            error.set(None);
            if let Some((field, message)) =
                validation::task(&name.get_untracked(), &description.get_untracked())
            {
                error.set(Some((Some(field), message)));
                return;
            }
            busy.set(true);
            error.set(None);
            let on_edit_done = on_edit_done.clone();
            spawn_local(async move {
                let token = state.token();
                let result = api::update_task(
                    Auth(token.as_deref()),
                    task_id,
                    &name.get_untracked(),
                    &description.get_untracked(),
                )
                .await;
                let _ = busy.try_set(false);
                match state.check(result) {
                    Ok(_) => {
                        let _ = editing.try_set(false);
                        on_edit_done();
                    }
                    Err(e) => {
                        let _ = error.try_set(Some((e.field(), e.user_message())));
                    }
                }
            });
        };
        let edit_form = move || {
            view! {
                <TaskForm
                    id_prefix=format!("edit-task-{task_id}")
                    name=name
                    description=description
                    busy=busy
                    error=error
                    submit_label="Save"
                    busy_label="Saving…"
                    on_submit=save.clone()
                    extra=Some(view! {
                        <button type="button" class="button secondary" on:click=move |_| editing.set(false)>
                            "Cancel"
                        </button>
                    })
                />
            }
        };
        // While editing, only the form is shown: assigning or archiving
        // half-way through an edit would be confusing. Hidden rather than
        // removed, so a chosen member survives an edit.
        view! {
            {move || editing.get().then(edit_form.clone())}
            <div class="task-tools" prop:hidden=move || editing.get()>
                <AssignControl task_id=task_id task_name=task.task_name.clone() users=users.clone() />
                <div class="card-actions">
                    <button type="button" class="button secondary edit" on:click=move |_| editing.set(true)>
                        "Edit"
                    </button>
                    <ActionButton
                        label="Archive"
                        busy_label="Archiving…"
                        class="button danger archive"
                        aria_label=format!("Archive {}", task.task_name)
                        run=move || async move {
                            let token = state.token();
                            api::archive_task(Auth(token.as_deref()), task_id).await.map(|_| ())
                        }
                        on_done=on_change.clone()
                    />
                </div>
            </div>
        }
    });
    view! {
        <li class="card task" data-task-id=task_id.to_string()>
            {move || (!editing.get()).then(view_mode.clone())}
            {admin_tools}
        </li>
    }
}

#[component]
fn AssignControl(task_id: i64, task_name: String, users: Vec<User>) -> impl IntoView {
    let state = use_state();
    let chosen = RwSignal::new(None::<i64>);
    let done = RwSignal::new(None::<String>);
    let select_id = format!("assign-{task_id}");
    let names: Vec<(i64, String)> = users
        .iter()
        .map(|u| (u.user_id, u.username.clone()))
        .collect();
    view! {
        <div class="assign">
            <label class="visually-hidden" for=select_id.clone()>{format!("Assign {task_name} to")}</label>
            <select
                id=select_id
                class="assign-select"
                on:change=move |ev| { done.set(None); chosen.set(event_target_value(&ev).parse().ok()) }
            >
                <option value="">"Assign to…"</option>
                {users.into_iter().map(|u| view! { <option value=u.user_id.to_string()>{u.username}</option> }).collect_view()}
            </select>
            <ActionButton
                label="Assign"
                busy_label="Assigning…"
                class="button secondary assign-button"
                run=move || async move {
                    let Some(user_id) = chosen.get_untracked() else {
                        return Err(crate::errors::ApiError {
                            status: 400,
                            code: Some("PT400".into()),
                            message: "Choose a member first".into(),
                            hint: None,
                        });
                    };
                    let token = state.token();
                    api::assign_task(Auth(token.as_deref()), task_id, user_id).await.map(|_| ())
                }
                on_done=move || {
                    let who = chosen.get_untracked().and_then(|id| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()));
                    done.set(who.map(|n| format!("Assigned to {n}.")));
                }
            />
            <span class="success" role="status">{move || done.get()}</span>
        </div>
    }
}
