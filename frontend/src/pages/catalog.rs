use crate::api::use_api;
use crate::components::{focus_first, listing, Listing, StatusLine, TaskDraft, TaskForm, TaskRow};
use crate::i18n::{t, tf, K};
use crate::loaded::Loaded;
use crate::route::Route;
use crate::schedule::{words, Fields};
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

const CATALOG_PAGE: usize = 50;

/// The strings the catalog's paging and outline add (for the translation
/// pass).
mod text {
    use crate::i18n::{t, tf, K};
    /// The list's heading, for screen readers' outline (h1 → h2 → the
    /// cards' h3).
    pub fn list() -> &'static str {
        t(K::CatList)
    }
    pub fn show_more(n: usize) -> String {
        tf(K::CatShowMore, &[&n.to_string()])
    }
}

/// All household tasks; admins create, edit, archive and assign them.
#[component]
pub fn Catalog() -> impl IntoView {
    let state = use_state();
    let is_admin = state.is_admin();
    let api = use_api();
    let data = Loaded::new(move || api.tasks());
    // For the assign control: until they are here, it offers nobody.
    let users = Loaded::new(move || api.users());
    let refresh = move || data.refetch();
    let show_archived = RwSignal::new(false);
    // A page of rows at a time: an admin's row carries its assign and edit
    // controls (~40 DOM nodes), and a household of 200 chores would build
    // 8,000 at once (issue 12: under 5,000 per screen).
    let limit = RwSignal::new(CATALOG_PAGE);

    let body = listing(data, t(K::CatLoading), move |tasks| {
        let users = users.get().and_then(Result::ok).unwrap_or_default();
        let shown: Vec<_> = tasks
            .into_iter()
            .filter(|t| show_archived.get() || !t.is_archived)
            .collect();
        if shown.is_empty() {
            return Listing::Empty(t(K::CatNone));
        }
        // Each repeating chore's schedule in plain words.
        let name_of = |id: i64| {
            shown
                .iter()
                .find(|t| t.task_id == id)
                .map(|t| t.task_name.clone())
        };
        let total = shown.len();
        let schedules: Vec<Option<String>> = shown
            .iter()
            .take(limit.get())
            .map(|t| {
                let fields = Fields::of_task(t);
                let after = fields.after_task_id.and_then(name_of);
                (fields.kind != "once").then(|| words::describe(&fields, after.as_deref()))
            })
            .collect();
        Listing::Items(view! {
            <ul class="cards" id="task-list">
                {shown.into_iter().zip(schedules).map(|(task, schedule)| view! {
                    <TaskRow task=task schedule=schedule users=users.clone() is_admin=is_admin on_change=refresh />
                }).collect_view()}
            </ul>
            {(total > limit.get()).then(|| view! {
                <button type="button" class="button secondary" id="more-tasks" on:click=move |_| {
                    let first_new = limit.get_untracked() + 1;
                    limit.update(|l| *l += CATALOG_PAGE);
                    // The button moves down: focus goes to the first row it added.
                    focus_first(vec![format!("#task-list > li:nth-child({first_new}) :is(a, button)")]);
                }>{text::show_more((total - limit.get()).min(CATALOG_PAGE))}</button>
            })}
        })
    });

    view! {
        <div class="page-head">
            <h1>{t(K::RtCatalog)}</h1>
            {is_admin.then(|| view! {
                <a class="button primary" id="new-chore" href=Route::ChoreEditor(None).href()>{t(K::RtNewChore)}</a>
            })}
            <label class="checkbox">
                <input
                    type="checkbox"
                    id="show-archived"
                    prop:checked=move || show_archived.get()
                    on:change=move |ev| show_archived.set(event_target_checked(&ev))
                />
                {t(K::CatShowArchived)}
            </label>
        </div>
        {is_admin.then(|| view! { <NewTask on_created=refresh /> })}
        <h2 class="visually-hidden">{text::list()}</h2>
        <div id="catalog" aria-live="polite">{body}</div>
    }
}

#[component]
fn NewTask<D: Fn() + Clone + 'static>(on_created: D) -> impl IntoView {
    let api = use_api();
    let draft = TaskDraft::new(String::new(), String::new());
    let created = RwSignal::new(None::<String>);
    let submit = move || {
        created.set(None);
        let Some((name, description)) = draft.begin() else {
            return;
        };
        let on_created = on_created.clone();
        spawn_local(async move {
            let result = api.save_task(None, &name, &description).await;
            if draft.form.finish(result).is_some() {
                draft.name.set(String::new());
                draft.description.set(String::new());
                created.set(Some(tf(K::EdCreated, &[name.trim()])));
                on_created();
            }
        });
    };
    view! {
        <details class="panel" id="new-task">
            <summary>{t(K::CatNewTask)}</summary>
            <TaskForm
                id_prefix="new-task"
                draft=draft
                submit_label=t(K::CatCreateTask)
                busy_label=t(K::InvCreating)
                on_submit=submit
                extra={None::<()>}
            />
            <StatusLine message=created />
        </details>
    }
}
