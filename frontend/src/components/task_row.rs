//! One task of the catalog: its name and description, and for admins the
//! edit form, assigning and archiving.

use crate::api::use_api;
use crate::components::{ActionButton, StatusLine, TaskDraft, TaskForm};
use crate::errors::Problem;
use crate::i18n::{t, tf, K};
use crate::models::{Task, User};
use crate::route::chore_href;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TaskRow<D: Fn() + Clone + Send + Sync + 'static>(
    task: Task,
    /// Its schedule in plain words (repeating chores).
    #[prop(default = None)]
    schedule: Option<String>,
    users: Vec<User>,
    is_admin: bool,
    on_change: D,
) -> impl IntoView {
    let api = use_api();
    let editing = RwSignal::new(false);
    let task_id = task.task_id;
    let archived = task.is_archived;
    let view_mode = {
        let task = task.clone();
        move || {
            view! {
                <div class="card-head">
                    <h3 class="task-name">{task.task_name.clone()}</h3>
                    {archived.then(|| view! { <span class="badge badge-archived">{t(K::RowArchived)}</span> })}
                </div>
                {task.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="description">{d}</p> })}
                {schedule.clone().map(|s| view! { <p class="schedule">{s}</p> })}
            }
        }
    };
    let admin_tools = (is_admin && !archived).then(|| {
        let on_change = on_change.clone();
        let on_edit_done = on_change.clone();
        let draft = TaskDraft::new(
            task.task_name.clone(),
            task.description.clone().unwrap_or_default(),
        );
        let save = move || {
            let Some((name, description)) = draft.begin() else {
                return;
            };
            let on_edit_done = on_edit_done.clone();
            spawn_local(async move {
                let result = api.save_task(Some(task_id), &name, &description).await;
                if draft.form.finish(result).is_some() {
                    let _ = editing.try_set(false);
                    on_edit_done();
                }
            });
        };
        let edit_form = move || {
            view! {
                <TaskForm
                    id_prefix=format!("edit-task-{task_id}")
                    draft=draft
                    submit_label=t(K::RowSave)
                    busy_label=t(K::SetSaving)
                    on_submit=save.clone()
                    extra=Some(view! {
                        <button type="button" class="button secondary" on:click=move |_| editing.set(false)>
                            {t(K::SetCancel)}
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
                        {t(K::RowEdit)}
                    </button>
                    <a class="button secondary schedule-link" href=chore_href(task_id)
                        aria-label=tf(K::RowScheduleOf, &[&task.task_name])>
                        {t(K::RowSchedule)}
                    </a>
                    <ActionButton
                        label=t(K::RowArchive)
                        busy_label=t(K::RowArchiving)
                        class="button danger archive"
                        aria_label=tf(K::RowArchiveName, &[&task.task_name])
                        run=move || api.archive_task(task_id)
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
    let api = use_api();
    // The select's value: a user id, or "" before one is chosen.
    let chosen = RwSignal::new(String::new());
    let done = RwSignal::new(None::<String>);
    let select_id = format!("assign-{task_id}");
    let names: Vec<(i64, String)> = users
        .iter()
        .map(|u| (u.user_id, u.username.clone()))
        .collect();
    view! {
        <div class="assign">
            <label class="visually-hidden" for=select_id.clone()>{tf(K::RowAssignTo, &[&task_name])}</label>
            <select
                id=select_id
                class="assign-select"
                on:change=move |ev| { done.set(None); chosen.set(event_target_value(&ev)) }
            >
                <option value="">{t(K::RowAssignToDots)}</option>
                {users.into_iter().map(|u| view! { <option value=u.user_id.to_string()>{u.username}</option> }).collect_view()}
            </select>
            <ActionButton
                label=t(K::RowAssign)
                busy_label=t(K::RowAssigning)
                class="button secondary assign-button"
                run=move || async move {
                    let Ok(user_id) = chosen.get_untracked().parse() else {
                        return Err(Problem::form(t(K::RowChooseMember)));
                    };
                    Ok(api.assign_task(task_id, user_id).await?)
                }
                on_done=move || {
                    let id = chosen.get_untracked().parse().ok();
                    let who = names.iter().find(|(i, _)| Some(*i) == id).map(|(_, n)| n.clone());
                    done.set(who.map(|n| tf(K::RowAssigned, &[&n])));
                }
            />
            <StatusLine message=done />
        </div>
    }
}
