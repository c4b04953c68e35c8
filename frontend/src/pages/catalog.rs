use crate::api::{self, Auth};
use crate::components::{Empty, ErrorBox, Loaded, Loading};
use crate::pages::task_form::{TaskDraft, TaskForm};
use crate::pages::task_row::TaskRow;
use crate::state::use_state;
use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// All household tasks; admins create, edit, archive and assign them.
#[component]
pub fn Catalog() -> impl IntoView {
    let state = use_state();
    let is_admin = state.is_admin();
    let data = Loaded::new(move || {
        let token = state.token();
        async move {
            let auth = Auth(token.as_deref());
            let tasks = api::tasks(auth).await?;
            let users = api::users(auth).await?;
            Ok::<_, crate::errors::ApiError>((tasks, users))
        }
    });
    let refresh = move || data.refetch();
    let show_archived = RwSignal::new(false);

    let body = move || match data.get() {
        None => EitherOf4::A(view! { <Loading label="Loading tasks…" /> }),
        Some(Err(e)) => {
            EitherOf4::B(view! { <ErrorBox message=e.user_message() retry=Box::new(refresh) /> })
        }
        Some(Ok((tasks, users))) => {
            let shown: Vec<_> = tasks
                .into_iter()
                .filter(|t| show_archived.get() || !t.is_archived)
                .collect();
            if shown.is_empty() {
                return EitherOf4::C(view! { <Empty message="No tasks yet." /> });
            }
            EitherOf4::D(view! {
                <ul class="cards" id="task-list">
                    {shown.into_iter().map(|task| view! {
                        <TaskRow task=task users=users.clone() is_admin=is_admin on_change=refresh />
                    }).collect_view()}
                </ul>
            })
        }
    };

    view! {
        <div class="page-head">
            <h1>"Tasks"</h1>
            <label class="checkbox">
                <input
                    type="checkbox"
                    id="show-archived"
                    prop:checked=move || show_archived.get()
                    on:change=move |ev| show_archived.set(event_target_checked(&ev))
                />
                "Show archived"
            </label>
        </div>
        {is_admin.then(|| view! { <NewTask on_created=refresh /> })}
        <div id="catalog" aria-live="polite">{body}</div>
    }
}

#[component]
fn NewTask<D: Fn() + Clone + 'static>(on_created: D) -> impl IntoView {
    let state = use_state();
    let draft = TaskDraft::new(String::new(), String::new());
    let created = RwSignal::new(None::<String>);
    let submit = move || {
        created.set(None);
        let Some((name, description)) = draft.begin() else {
            return;
        };
        let on_created = on_created.clone();
        spawn_local(async move {
            let token = state.token();
            let result = api::create_task(Auth(token.as_deref()), &name, &description).await;
            if let Some(task) = draft.finish(result) {
                draft.name.set(String::new());
                draft.description.set(String::new());
                created.set(Some(format!("Created “{}”.", task.task_name)));
                on_created();
            }
        });
    };
    view! {
        <details class="panel" id="new-task">
            <summary>"New task"</summary>
            <TaskForm
                id_prefix="new-task"
                draft=draft
                submit_label="Create task"
                busy_label="Creating…"
                on_submit=submit
                extra={None::<()>}
            />
            <p class="success" role="status">{move || created.get()}</p>
        </details>
    }
}
