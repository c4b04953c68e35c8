//! The chore editor (`#/chores/new`, `#/chores/<id>`, admins): what the
//! chore is, when it is due (presets or a free RRULE, in plain words, with
//! the next dates previewed), who does it, and its points. Saving sends
//! the whole definition to `create_chore`/`update_chore`, then the points
//! to `set_chore_points`; a refusal appears by the input it names.

mod fields;
mod text;
mod when;
mod who;

use crate::api::chores::ChoreArgs;
use crate::api::{use_api, Api};
use crate::components::{listing, AdminsOnly, ErrorBox, Listing};
use crate::errors::{ApiError, Field};
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::models::{Task, User};
use crate::route::Route;
use crate::schedule::{zone, Draft, Fields, Preset};
use crate::state::use_state;
use crate::validation;
use fields::{error_line, focus, from_api, input, Control, Problems};
use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use when::When;
use who::{Who, WhoSection};

thread_local! {
    /// "Created …" for the editor the app opens next (a new chore's page
    /// replaces the "new chore" one once it is saved).
    static FLASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// What the editor needs before it can show the form.
#[derive(Clone)]
struct Setup {
    zone: String,
    users: Vec<User>,
    tasks: Vec<Task>,
    chore: Option<Task>,
    /// A one-off's open due time, household-local.
    due: Option<String>,
}

/// `None`: there is no chore with this id.
async fn load(api: Api, task_id: Option<i64>) -> Result<Option<Setup>, ApiError> {
    let zone = api.household().await?.time_zone;
    let users = api.users().await?;
    let tasks = api.tasks().await?;
    let (chore, due) = match task_id {
        None => (None, None),
        Some(id) => {
            let Some(chore) = tasks.iter().find(|t| t.task_id == id).cloned() else {
                return Ok(None);
            };
            let due = if chore.schedule_kind.as_deref().is_none_or(|k| k == "once") {
                api.open_due_at(id)
                    .await?
                    .and_then(|at| zone::to_local(&at, &zone))
            } else {
                None
            };
            (Some(chore), due)
        }
    };
    Ok(Some(Setup {
        zone,
        users,
        tasks,
        chore,
        due,
    }))
}

#[component]
pub fn ChoreEditor(task_id: Option<i64>) -> impl IntoView {
    let title = if task_id.is_some() {
        t(K::EdEditTitle)
    } else {
        t(K::EdNewTitle)
    };
    if !use_state().is_admin() {
        return Either::Left(view! { <AdminsOnly title=title message=t(K::EdAdminsOnly) /> });
    }
    let api = use_api();
    let setup = Loaded::new(move || load(api, task_id));
    let body = listing(setup, t(K::EdLoading), |setup| match setup {
        None => Listing::Empty(t(K::EdNotFound)),
        Some(setup) => Listing::Items(view! { <Editor setup=setup /> }),
    });
    Either::Right(view! {
        <div class="page-head">
            <h1>{title}</h1>
            <a href=Route::Catalog.href() id="back-to-chores">{t(K::EdBack)}</a>
        </div>
        {body}
    })
}

/// A number field's text as points (0-10000).
fn points(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|p| *p <= 10_000)
}

#[component]
fn Editor(setup: Setup) -> impl IntoView {
    let api = use_api();
    let state = use_state();
    let Setup {
        zone,
        users,
        tasks,
        chore,
        due,
    } = setup;
    if chore.as_ref().is_some_and(|c| c.is_archived) {
        return Either::Left(view! { <ErrorBox message=t(K::EdArchived) /> });
    }
    let today = zone::today(&zone);
    let saved_id = RwSignal::new(chore.as_ref().map(|c| c.task_id));
    let name = RwSignal::new(
        chore
            .as_ref()
            .map(|c| c.task_name.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        chore
            .as_ref()
            .and_then(|c| c.description.clone())
            .unwrap_or_default(),
    );
    let draft = RwSignal::new(match &chore {
        Some(c) => Draft::from_fields(
            &Fields {
                due,
                ..Fields::of_task(c)
            },
            today,
        ),
        None => Draft::new(today),
    });
    let who = Who::new(chore.as_ref(), &users);
    let held = chore
        .as_ref()
        .map_or((0, 0), |c| (c.points, c.penalty_points));
    let points_text = RwSignal::new(held.0.to_string());
    let penalty_text = RwSignal::new(held.1.to_string());
    let problems = Problems {
        save: RwSignal::new(None),
        preview: RwSignal::new(None),
    };
    let busy = RwSignal::new(false);
    let status = RwSignal::new(FLASH.with(|f| f.borrow_mut().take()));
    let others: Vec<(i64, String)> = tasks
        .into_iter()
        .filter(|t| !t.is_archived && Some(t.task_id) != saved_id.get_untracked())
        .map(|t| (t.task_id, t.task_name))
        .collect();
    let zone_for_save = zone.clone();

    // Shows a refusal by its input and moves focus there.
    let refuse = move |key: String, message: String| {
        let target = match key.as_str() {
            "p_pool" => who.pool_input(),
            key => input_for(key).into(),
        };
        problems.save.set(Some((key, message)));
        focus(target);
    };
    let save = move || {
        if busy.get_untracked() {
            return;
        }
        status.set(None);
        let d = draft.get_untracked();
        let (task_name, text) = (name.get_untracked(), description.get_untracked());
        let check = validation::task(&task_name, &text)
            .map(|(field, m)| {
                let key = if field == Field::TaskName {
                    "p_task_name"
                } else {
                    "p_description"
                };
                (key, m)
            })
            .or_else(|| d.problem().map(|(k, m)| (k, m.to_string())))
            .or_else(|| check_rest(&d, who));
        let held_points = points(&points_text.get_untracked());
        let held_penalty = points(&penalty_text.get_untracked());
        let check = check
            .or_else(|| {
                held_points
                    .is_none()
                    .then(|| ("p_points", t(K::EdCheckPoints).into()))
            })
            .or_else(|| {
                held_penalty
                    .is_none()
                    .then(|| ("p_penalty_points", t(K::EdCheckPenalty).into()))
            });
        let fields = d.fields();
        let due_at = fields
            .due
            .as_deref()
            .map(|local| zone::to_instant(local, &zone_for_save));
        let check = check.or_else(|| {
            matches!(due_at, Some(None)).then(|| ("p_due_at", t(K::EdCheckDue).into()))
        });
        if let Some((key, message)) = check {
            refuse(key.into(), message);
            return;
        }
        problems.save.set(None);
        let mode = who.mode.get_untracked();
        let args = ChoreArgs {
            p_task_id: saved_id.get_untracked(),
            p_task_name: task_name.trim().to_string(),
            p_description: text,
            p_schedule_kind: fields.kind,
            p_rrule: fields.rrule,
            p_start: fields.start,
            p_due_at: due_at.flatten(),
            p_interval_count: fields.interval_count,
            p_interval_unit: fields.interval_unit,
            p_after_task_id: fields.after_task_id,
            p_after_hours: fields.after_hours,
            p_user_id: (mode == "fixed")
                .then(|| who.user_id.get_untracked())
                .flatten(),
            p_pool: (mode != "fixed").then(|| who.pool()),
            p_rotation_strategy: (mode == "rotation").then(|| who.strategy.get_untracked()),
            p_assignee_mode: mode,
            p_requires_approval: who.approval.get_untracked(),
        };
        let wanted = (held_points.unwrap_or(0), held_penalty.unwrap_or(0));
        busy.set(true);
        spawn_local(async move {
            let result = async {
                let chore = api.save_chore(&args).await?;
                let _ = saved_id.try_set(Some(chore.task_id));
                if (chore.points, chore.penalty_points) != wanted {
                    api.set_chore_points(chore.task_id, wanted.0, wanted.1)
                        .await?;
                }
                Ok::<_, ApiError>(chore)
            }
            .await;
            let _ = busy.try_set(false);
            match result {
                Ok(chore) => {
                    let here = Route::ChoreEditor(Some(chore.task_id));
                    if state.route.get_untracked() == here {
                        let _ = status.try_set(Some(t(K::EdSaved).into()));
                    } else {
                        FLASH.with(|f| *f.borrow_mut() = Some(text::created(&chore.task_name)));
                        here.go();
                    }
                }
                Err(error) => {
                    let (mut key, message) = from_api(&error, false);
                    let preset = draft.with_untracked(|d| d.preset);
                    if key == "p_rrule" && preset != Preset::Custom {
                        key = "p_schedule_kind".into();
                    }
                    if key == "p_start" && !preset.is_calendar() {
                        key = "first_due".into();
                    }
                    refuse(key, message);
                }
            }
        });
    };
    // A refusal stays until the form is changed (the preview's own go and
    // come with the schedule).
    let changed = move || {
        if problems.save.with_untracked(Option::is_some) {
            problems.save.set(None);
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let label = move || match (busy.get(), saved_id.get().is_some()) {
        (true, _) => t(K::EdSaving),
        (false, true) => t(K::EdSave),
        (false, false) => t(K::EdCreate),
    };
    Either::Right(view! {
        <form id="chore-editor" class="chore-editor" novalidate on:submit=submit
            on:input=move |_| changed() on:change=move |_| changed()>
            <section aria-labelledby="what-title">
                <h2 id="what-title">{t(K::EdWhat)}</h2>
                {input(
                    Control::new("chore-name", t(K::EdName), "p_task_name").value(name.get_untracked()),
                    "text",
                    problems,
                    Box::new(move |v| name.set(v)),
                )}
                <div class="field">
                    <label for="chore-description">
                        {t(K::EdDescription)} " " <span class="hint">{t(K::EdOptional)}</span>
                    </label>
                    <textarea id="chore-description" rows="2" maxlength="1000"
                        aria-describedby="error-p_description"
                        prop:value=description.get_untracked()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    {error_line(problems, "p_description")}
                </div>
            </section>
            <When draft=draft zone=zone today=today chores=others problems=problems />
            <WhoSection who=who users=users problems=problems />
            <section aria-labelledby="points-title">
                <h2 id="points-title">{t(K::EdPoints)}</h2>
                <div class="form-row">
                    {points_field("chore-points", t(K::EdPointsFor), "p_points", points_text, problems)}
                    {points_field("chore-penalty", t(K::EdPenalty), "p_penalty_points", penalty_text, problems)}
                </div>
                <p id="points-hint" class="hint">{t(K::EdPointsRange)}</p>
            </section>
            {error_line(problems, "")}
            <div class="form-actions">
                // aria-disabled rather than disabled: a disabled button
                // drops the keyboard focus to <body>.
                <button type="submit" id="save-chore" class="button primary"
                    aria-disabled=move || busy.get().to_string()>
                    {label}
                </button>
            </div>
            <p class="success" role="status" id="chore-status">{move || status.get()}</p>
        </form>
    })
}

fn points_field(
    id: &'static str,
    label: &'static str,
    key: &'static str,
    value: RwSignal<String>,
    problems: Problems,
) -> impl IntoView {
    let field = Control::new(id, label, key)
        .value(value.get_untracked())
        .hint("points-hint");
    input(field, "number", problems, Box::new(move |v| value.set(v)))
}

/// The checks of the inputs outside the schedule's own.
fn check_rest(draft: &Draft, who: Who) -> Option<(&'static str, String)> {
    if draft.preset == Preset::AfterChore {
        if draft.after_task_id.is_none() {
            return Some(("p_after_task_id", t(K::EdCheckAfter).into()));
        }
        if draft.after_hours > 8760 {
            return Some(("p_after_hours", t(K::EdCheckHours).into()));
        }
    }
    let listed = who.mode.with_untracked(|m| m != "fixed");
    (listed && who.pool().is_empty()).then(|| ("p_pool", t(K::EdCheckPool).into()))
}

/// The id of the input a refusal is about, to move focus there.
fn input_for(key: &str) -> &'static str {
    match key {
        "p_task_name" => "chore-name",
        "p_description" => "chore-description",
        "p_rrule" => "chore-rrule",
        "p_start" => "chore-start-date",
        "first_due" => "chore-first-due",
        "p_due_at" => "chore-due",
        "every" => "chore-every",
        "weekdays" => "day-MO",
        "p_interval_count" => "chore-count",
        "p_interval_unit" => "chore-unit",
        "p_after_task_id" => "chore-after",
        "p_after_hours" => "chore-after-hours",
        "p_assignee_mode" => "chore-mode",
        "p_user_id" => "chore-member",
        "p_rotation_strategy" => "chore-strategy",
        "p_points" => "chore-points",
        "p_penalty_points" => "chore-penalty",
        "p_schedule_kind" => "chore-preset",
        _ => "save-chore",
    }
}
