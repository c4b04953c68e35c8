//! "When": the preset, the inputs it needs, the schedule in plain words and
//! the next due dates from `preview_schedule`, asked again (debounced) as
//! the schedule changes.

use super::fields::{
    checkbox, choice, error_line, from_api, input, invalid, Control, OnText, Problems,
};
use super::text;
use crate::api::use_api;
use crate::i18n::{t, K};
use crate::schedule::dates::Date;
use crate::schedule::rule::WEEKDAY_CODES;
use crate::schedule::{words, zone, Draft, Preset, Unit};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long the schedule must stay unchanged before it is previewed.
const DEBOUNCE: Duration = Duration::from_millis(350);

/// Whole numbers as typed; 0 (refused before sending) for anything else.
fn whole(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

/// An input's handler that writes its text into the draft: one closure
/// type for every input (`apply` is a plain function).
fn set(draft: RwSignal<Draft>, apply: fn(&mut Draft, String)) -> OnText {
    Box::new(move |value| draft.update(|d| apply(d, value)))
}

fn options<T: ToString>(items: impl Iterator<Item = (T, &'static str)>) -> Vec<(String, String)> {
    items.map(|(v, l)| (v.to_string(), l.to_string())).collect()
}

/// What the preview shows: the next dates still ahead (`None` without a
/// rule or while a new answer is awaited), a line about them, and whether
/// an answer is awaited.
#[derive(Clone, Copy)]
struct Preview {
    dates: RwSignal<Option<Vec<String>>>,
    note: RwSignal<Option<&'static str>>,
    waiting: RwSignal<bool>,
}

#[component]
pub fn When(
    draft: RwSignal<Draft>,
    zone: String,
    today: Date,
    /// The chores this one may follow: id and name.
    chores: Vec<(i64, String)>,
    problems: Problems,
) -> impl IntoView {
    let chores = StoredValue::new(chores);
    let preset = Memo::new(move |_| draft.with(|d| d.preset));
    let words = move || {
        draft.with(|d| {
            let name = d.after_task_id.and_then(|id| {
                chores.with_value(|c| c.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()))
            });
            words::describe(&d.fields(), name.as_deref())
        })
    };
    let preview = preview(draft, today, problems);
    let dates = move || {
        preview
            .dates
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|at| {
                let shown = zone::long_date_time(&at, &zone);
                view! { <li data-at=at>{shown}</li> }
            })
            .collect_view()
    };
    let presets = options(Preset::ALL.into_iter().map(|p| (p.key(), text::preset(p))));
    view! {
        <section aria-labelledby="when-title">
            <h2 id="when-title">{t(K::EdWhen)}</h2>
            {choice(
                Control::new("chore-preset", t(K::EdRepeats), "p_schedule_kind").value(preset.get_untracked().key()),
                presets,
                problems,
                Box::new(move |key| {
                    if let Some(p) = Preset::from_key(&key) {
                        draft.update(|d| d.set_preset(p));
                    }
                }),
            )}
            {inputs(preset, draft, chores, problems)}
            <p class="schedule-words">
                <strong>{t(K::EdInWords)} ": "</strong>
                <span id="schedule-words">{words}</span>
            </p>
            <div id="schedule-preview" aria-live="polite" aria-busy=move || preview.waiting.get().to_string()>
                <h3>{t(K::EdNextDates)}</h3>
                <ol id="preview-dates">{dates}</ol>
                <p class="hint">{move || preview.note.get()}</p>
            </div>
        </section>
    }
}

/// Asks for the next dates whenever the rule or its start has stayed
/// unchanged for `DEBOUNCE`. A refusal goes to `problems.preview`, by the
/// input it is about.
fn preview(draft: RwSignal<Draft>, today: Date, problems: Problems) -> Preview {
    let api = use_api();
    let preview = Preview {
        dates: RwSignal::new(None),
        note: RwSignal::new(None),
        waiting: RwSignal::new(false),
    };
    let asked = StoredValue::new(String::new());
    let latest = StoredValue::new(0_u64);
    Effect::new(move |first: Option<()>| {
        let (preset, rule, start, problem) = draft.with(|d| {
            (
                d.preset,
                d.rule().unwrap_or_default(),
                d.start().unwrap_or_default(),
                d.problem(),
            )
        });
        // Only a change of what is asked counts (not of another preset's
        // inputs).
        let key = format!("{}|{rule}|{start}|{problem:?}", preset.key());
        if asked.with_value(|a| *a == key) {
            return;
        }
        asked.set_value(key);
        let this = latest.try_update_value(|n| {
            *n += 1;
            *n
        });
        preview.dates.set(None);
        preview.waiting.set(false);
        if let Some((key, message)) = problem {
            problems.preview.set(Some((key.into(), message.into())));
            preview.note.set(None);
            return;
        }
        problems.preview.set(None);
        if !preset.is_calendar() {
            preview.note.set(Some(text::no_preview(preset)));
            return;
        }
        preview.note.set(Some(t(K::EdPreviewing)));
        preview.waiting.set(true);
        // From today or earlier: ask for more and keep those still ahead,
        // as the API plans from now on.
        let count = if Date::parse(&start).is_some_and(|s| s > today) {
            5
        } else {
            40
        };
        let custom = preset == Preset::Custom;
        let ask = move || {
            if latest.try_get_value() != this {
                return;
            }
            spawn_local(async move {
                let reply = api.preview_schedule(&rule, &start, count).await;
                if latest.try_get_value() != this {
                    return;
                }
                let _ = preview.waiting.try_set(false);
                match reply {
                    Ok(all) => {
                        let now = js_sys::Date::now();
                        let full = all.len() == count as usize;
                        let ahead: Vec<String> = all
                            .into_iter()
                            .filter(|at| js_sys::Date::parse(at) >= now)
                            .take(5)
                            .collect();
                        let note = if ahead.is_empty() {
                            Some(t(K::EdNoDates))
                        } else {
                            (full && ahead.len() < 5).then_some(t(K::EdStartFarBack))
                        };
                        let _ = preview.note.try_set(note);
                        let _ = preview.dates.try_set(Some(ahead));
                    }
                    Err(error) => {
                        let (mut key, message) = from_api(&error, true);
                        if (key == "p_rrule" && !custom) || key == "p_rule" {
                            key = if custom { "p_rrule" } else { "p_schedule_kind" }.into();
                        }
                        let _ = problems.preview.try_set(Some((key, message)));
                        let _ = preview.note.try_set(None);
                    }
                }
            });
        };
        if first.is_none() {
            ask();
        } else {
            set_timeout(ask, DEBOUNCE);
        }
    });
    preview
}

/// Whether a preset's inputs are hidden: one closure type for every group.
fn hidden(preset: Memo<Preset>, shows: fn(Preset) -> bool) -> impl Fn() -> bool + Copy {
    move || !shows(preset.get())
}

/// Every preset's inputs, filled from the draft; those of the other
/// presets are hidden (rendered once, not again on each switch: that keeps
/// the wasm small, and what was typed stays).
fn inputs(
    preset: Memo<Preset>,
    draft: RwSignal<Draft>,
    chores: StoredValue<Vec<(i64, String)>>,
    problems: Problems,
) -> impl IntoView {
    let d = draft.get_untracked();
    let days = (0..7).map(|day| {
        let set_day: Box<dyn Fn(bool)> = Box::new(move |on| draft.update(|d| d.weekdays[day] = on));
        checkbox(
            format!("day-{}", WEEKDAY_CODES[day]),
            words::weekday_name(day).into(),
            d.weekdays[day],
            set_day,
        )
    });
    let mut month_days: Vec<(String, String)> =
        (1..=31).map(|n| (n.to_string(), n.to_string())).collect();
    month_days.push(("-1".into(), t(K::EdLastDay).into()));
    let nths = options([1, 2, 3, 4, -1].into_iter().map(|n| (n, text::nth(n))));
    let weekdays = options((0..7).map(|day| (day, words::weekday_name(day))));
    let units = options(Unit::ALL.into_iter().map(|u| (u.key(), text::unit(u))));
    let mut others = vec![(String::new(), t(K::EdChooseChore).to_string())];
    chores.with_value(|c| others.extend(c.iter().map(|(id, name)| (id.to_string(), name.clone()))));
    let after = d.after_task_id.map(|id| id.to_string()).unwrap_or_default();
    let every_label = move || text::every_how_many(text::period(preset.get()));
    let start_label = move || {
        if preset.get() == Preset::Yearly {
            t(K::EdDate)
        } else {
            t(K::EdStartsOn)
        }
    };
    let count_label = move || {
        if preset.get() == Preset::Adaptive {
            t(K::EdFirstGuess)
        } else {
            t(K::EdEvery)
        }
    };
    view! {
        <div class="form-row">
            <div class="field" prop:hidden=hidden(preset, Preset::has_every)>
                <label for="chore-every">{every_label}</label>
                <input id="chore-every" aria-invalid=invalid(problems, "every") type="number" aria-describedby="error-every"
                    prop:value=d.every.to_string()
                    on:input=move |ev| draft.update(|d| d.every = whole(&event_target_value(&ev))) />
                {error_line(problems, "every")}
            </div>
            <div class="field" prop:hidden=hidden(preset, |p| p == Preset::MonthlyDay)>
                {choice(
                    Control::new("chore-month-day", t(K::EdDayOfMonth), "month_day")
                        .value(d.month_day.to_string())
                        .hint("chore-month-day-hint"),
                    month_days,
                    problems,
                    set(draft, |d, v| d.month_day = v.parse().unwrap_or(1)),
                )}
                <p id="chore-month-day-hint" class="hint">{t(K::EdSkippedMonths)}</p>
            </div>
            <div class="form-row" prop:hidden=hidden(preset, |p| p == Preset::MonthlyWeekday)>
                {choice(
                    Control::new("chore-nth", t(K::EdWhich), "nth").value(d.nth.to_string()),
                    nths,
                    problems,
                    set(draft, |d, v| d.nth = v.parse().unwrap_or(1)),
                )}
                {choice(
                    Control::new("chore-weekday", t(K::EdWeekday), "weekday").value(d.weekday.to_string()),
                    weekdays,
                    problems,
                    set(draft, |d, v| d.weekday = v.parse().unwrap_or(0)),
                )}
            </div>
        </div>
        <fieldset class="field weekdays" id="chore-weekdays" aria-describedby="error-weekdays"
            prop:hidden=hidden(preset, |p| p == Preset::Weekly)>
            <legend>{t(K::EdOnDays)}</legend>
            {days.collect_view()}
            {error_line(problems, "weekdays")}
        </fieldset>
        <div class="field" prop:hidden=hidden(preset, |p| p == Preset::Custom)>
            <label for="chore-rrule">{t(K::EdRule)}</label>
            // Follows the draft: choosing the free rule fills it in.
            <input id="chore-rrule" type="text" autocomplete="off" autocapitalize="none" spellcheck="false"
                aria-describedby="error-p_rrule chore-rrule-hint" aria-invalid=invalid(problems, "p_rrule")
                prop:value=move || draft.with(|d| d.rrule.clone())
                on:input=move |ev| draft.update(|d| d.rrule = event_target_value(&ev)) />
            <p id="chore-rrule-hint" class="hint">{t(K::EdRuleHint)}</p>
            {error_line(problems, "p_rrule")}
        </div>
        <div class="form-row" prop:hidden=hidden(preset, Preset::is_calendar)>
            <div class="field">
                <label for="chore-start-date">{start_label}</label>
                <input id="chore-start-date" aria-invalid=invalid(problems, "p_start") type="date" aria-describedby="error-p_start"
                    prop:value=d.start_date.clone()
                    on:input=move |ev| draft.update(|d| d.start_date = event_target_value(&ev)) />
                {error_line(problems, "p_start")}
            </div>
            {input(
                Control::new("chore-time", t(K::EdAt), "time").value(d.time.clone()),
                "time",
                problems,
                set(draft, |d, v| d.time = v),
            )}
        </div>
        <div class="form-row" prop:hidden=hidden(preset, |p| matches!(p, Preset::AfterDone | Preset::Adaptive))>
            <div class="field">
                <label for="chore-count">{count_label}</label>
                <input id="chore-count" aria-invalid=invalid(problems, "p_interval_count") type="number" aria-describedby="error-p_interval_count"
                    prop:value=d.count.to_string()
                    on:input=move |ev| draft.update(|d| d.count = whole(&event_target_value(&ev))) />
                {error_line(problems, "p_interval_count")}
            </div>
            {choice(
                Control::new("chore-unit", t(K::EdUnit), "p_interval_unit").value(d.unit.key()),
                units,
                problems,
                set(draft, |d, v| d.unit = Unit::from_key(&v).unwrap_or(Unit::Days)),
            )}
            {input(
                Control::new("chore-first-due", t(K::EdFirstDue), "first_due").value(d.first_due.clone()),
                "datetime-local",
                problems,
                set(draft, |d, v| d.first_due = v),
            )}
        </div>
        <div class="form-row" prop:hidden=hidden(preset, |p| p == Preset::AfterChore)>
            {choice(
                Control::new("chore-after", t(K::EdAfterWhich), "p_after_task_id").value(after),
                others,
                problems,
                set(draft, |d, v| d.after_task_id = v.parse().ok()),
            )}
            {input(
                Control::new("chore-after-hours", t(K::EdHoursAfter), "p_after_hours")
                    .value(d.after_hours.to_string()),
                "number",
                problems,
                // Not a number: more than the API allows, refused before sending.
                set(draft, |d, v| d.after_hours = v.trim().parse().unwrap_or(u32::MAX)),
            )}
        </div>
        <div prop:hidden=hidden(preset, |p| p == Preset::Once)>
            {input(
                Control::new("chore-due", t(K::EdDue), "p_due_at").value(d.due.clone()),
                "datetime-local",
                problems,
                set(draft, |d, v| d.due = v),
            )}
        </div>
    }
}
