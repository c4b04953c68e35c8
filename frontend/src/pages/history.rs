//! Written as HTML text: see crate::html for why and how.

use crate::api::use_api;
use crate::components::FocusAfter;
use crate::errors::ApiError;
use crate::html::{
    action_button, by_field, clicked, empty, esc, field_error, pager, run_button, set_text, table,
    value_of, Part, Screen,
};
use crate::i18n::{t, tf, K};
use crate::loaded::Loaded;
use crate::models::{Task, User};
use crate::records::{
    export_rows, status_label, Clock, HistoryFilter, Occurrences, CLOSED_STATUSES, HISTORY_PAGE,
};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// The page's words, in one place until the app's string table exists.
mod text {
    use crate::i18n::{t, K};

    pub fn head() -> String {
        format!(
            "<div class=\"page-head\"><h1>{}</h1></div>",
            t(K::RtHistory)
        )
    }
    pub fn columns() -> [&'static str; 6] {
        [
            K::HistChore,
            K::SetMember,
            K::HistStatus,
            K::HistClosed,
            K::TodayDue,
            K::HistNote,
        ]
        .map(t)
    }
    pub fn export() -> String {
        format!(
            "<section class=\"panel\" aria-labelledby=\"export-title\">\
             <h2 id=\"export-title\">{}</h2><p class=\"hint\">{}</p>",
            t(K::HistExportTitle),
            t(K::HistExportHint)
        )
    }
}

/// The filters: member and chore from their lists, status, two dates.
fn filter_form(users: Vec<User>, tasks: Vec<Task>, f: &HistoryFilter) -> String {
    let select = |id: &str, label: &str, options: Vec<(String, String)>, chosen: String| {
        let mut html = format!(
            "<div class=\"field inline\"><label for=\"{id}\">{label}</label><select id=\"{id}\">"
        );
        for (value, name) in options {
            let selected = if value == chosen { " selected" } else { "" };
            html.push_str(&format!(
                "<option value=\"{}\"{selected}>{}</option>",
                esc(&value),
                esc(&name)
            ));
        }
        html + "</select></div>"
    };
    let with_any = |any: &str, rest: Vec<(String, String)>| {
        let mut all = vec![(String::new(), any.to_string())];
        all.extend(rest);
        all
    };
    let id = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let date = |id: &str, label: &str, value: &Option<String>| {
        format!(
            "<div class=\"field inline\"><label for=\"{id}\">{label}</label>\
             <input id=\"{id}\" type=\"date\" value=\"{}\" aria-describedby=\"{id}-error\" aria-invalid=\"false\">\
             <p id=\"{id}-error\" class=\"field-error\" role=\"alert\"></p></div>",
            esc(value.as_deref().unwrap_or(""))
        )
    };
    let members = users
        .into_iter()
        .map(|u| (u.user_id.to_string(), u.username))
        .collect();
    let chores = tasks
        .into_iter()
        .map(|t| (t.task_id.to_string(), t.task_name))
        .collect();
    let statuses = CLOSED_STATUSES
        .into_iter()
        .map(|s| (s.to_string(), status_label(s).to_string()))
        .collect();
    [
        format!(
            "<div class=\"filters history-filters\" role=\"group\" aria-label=\"{}\">",
            t(K::HistFilters)
        ),
        select(
            "history-member",
            t(K::SetMember),
            with_any(t(K::HistEveryone), members),
            id(f.user_id),
        ),
        select(
            "history-chore",
            t(K::HistChore),
            with_any(t(K::HistAnyChore), chores),
            id(f.task_id),
        ),
        select(
            "history-status",
            t(K::HistStatus),
            with_any(t(K::HistAnyStatus), statuses),
            f.status.clone().unwrap_or_default(),
        ),
        date("history-from", t(K::HistFrom), &f.from),
        date("history-to", t(K::HistTo), &f.to),
        "</div>".to_string(),
    ]
    .concat()
}

/// Page `number` of the history as a table, with its pager.
fn history_html(number: usize, page: Occurrences, clock: &Clock, unfiltered: bool) -> String {
    if page.items.is_empty() && number == 1 {
        return empty(if unfiltered {
            t(K::HistNothing)
        } else {
            t(K::HistNoMatch)
        });
    }
    let time = |t: Option<String>| t.map(|t| esc(&clock.show(&t))).unwrap_or_default();
    let mut rows = String::new();
    for o in page.items {
        let status = esc(&o.status);
        rows.push_str(&format!(
            "<tr data-assignment-id=\"{}\" data-status=\"{status}\"><td>{}</td><td>{}</td>\
             <td><span class=\"badge badge-{status}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            o.assignment_id,
            esc(&o.task_name),
            esc(o.username.as_deref().unwrap_or("—")),
            status_label(&o.status),
            time(o.closed_at),
            time(o.due_at),
            esc(o.note.as_deref().unwrap_or("")),
        ));
    }
    format!(
        "<h2 id=\"history-results\" tabindex=\"-1\" data-page=\"{number}\">{}</h2>\
         <div class=\"table-wrap\" role=\"region\" aria-labelledby=\"history-results\" tabindex=\"0\">{}</div>{}",
        esc(&tf(K::HistPageN, &[&number.to_string()])),
        table(
            "id=\"history-table\" aria-labelledby=\"history-results\"",
            &text::columns(),
            &rows
        ),
        pager(
            "history-pager",
            t(K::HistPages),
            (t(K::ApprPrevious), number > 1),
            (t(K::ApprNext), page.next_cursor.is_some())
        )
    )
}

/// Closed chores, newest first, one page at a time (a keyset cursor: no
/// page repeats or skips a row, however long the history), filterable,
/// and the export as a download.
pub fn history() -> Screen {
    let api = use_api();
    let filter = StoredValue::new(HistoryFilter::default());
    // The cursors that lead to the pages after the first, up to this one:
    // "Next" pushes the shown page's cursor, "Previous" pops.
    let trail = StoredValue::new(Vec::<String>::new());
    // The shown page's cursor to the next one; taken by "Next", so a
    // second click before that page is here does nothing.
    let next_cursor = StoredValue::new(None::<String>);
    let zone = StoredValue::new(None::<String>);
    let focus = FocusAfter::new();
    let form = Loaded::new(move || async move {
        let (users, tasks) = (api.users().await?, api.tasks().await?);
        Ok::<_, ApiError>(filter.with_value(|f| filter_form(users, tasks, f)))
    });
    let data = Loaded::new(move || async move {
        if zone.with_value(Option::is_none) {
            zone.set_value(Some(api.household_zone().await?));
        }
        let (f, trail) = (filter.get_value(), trail.get_value());
        let page = match api
            .history_page(&f, trail.last().map(String::as_str), HISTORY_PAGE)
            .await
        {
            Ok(page) => page,
            Err(e) => return by_field(e, &[("p_from", "history-from"), ("p_to", "history-to")]),
        };
        next_cursor.set_value(page.next_cursor.clone());
        let clock = Clock::new(&zone.get_value().unwrap_or_default());
        focus.fire();
        Ok(history_html(
            trail.len() + 1,
            page,
            &clock,
            f == HistoryFilter::default(),
        ))
    });

    let on_change = move |ev: web_sys::Event| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let value = value_of(&target.id());
        let value = (!value.is_empty()).then_some(value);
        filter.update_value(|f| match target.id().as_str() {
            "history-member" => f.user_id = value.and_then(|v| v.parse().ok()),
            "history-chore" => f.task_id = value.and_then(|v| v.parse().ok()),
            "history-status" => f.status = value,
            "history-from" => f.from = value,
            _ => f.to = value,
        });
        let bad_range =
            filter.with_value(|f| matches!((&f.from, &f.to), (Some(a), Some(b)) if a > b));
        field_error("history-from", None);
        field_error("history-to", bad_range.then_some(t(K::HistFromAfterTo)));
        if !bad_range {
            trail.set_value(Vec::new());
            data.refetch();
        }
    };
    let on_click = move |ev: web_sys::Event| {
        let Some((button, action, id)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "next" => {
                let Some(cursor) = next_cursor.try_update_value(Option::take).flatten() else {
                    return;
                };
                trail.update_value(|t| t.push(cursor));
            }
            "previous" => {
                if trail.try_update_value(|t| t.pop()).flatten().is_none() {
                    return;
                }
            }
            "export" => {
                let format = if id == 0 { "csv" } else { "json" };
                let call = Box::pin(async move {
                    let body = api.export_history(format).await?;
                    let today = Clock::new(&zone.get_value().unwrap_or_default()).today();
                    let name = format!(
                        "cleaning-history-{}.{format}",
                        today.map(|d| d.iso()).unwrap_or_default()
                    );
                    let mime = if id == 0 {
                        "text/csv"
                    } else {
                        "application/json"
                    };
                    let saved = match save_file(&body, mime, &name) {
                        Ok(()) => tf(
                            K::HistSaved,
                            &[&name, &export_rows(format, &body).to_string()],
                        ),
                        Err(()) => t(K::HistSaveFailed).to_string(),
                    };
                    set_text("export-status", &saved);
                    Ok(())
                });
                set_text("export-status", "");
                run_button(button, t(K::HistPreparing), call, Box::new(|| ()));
                return;
            }
            _ => return,
        }
        // The button used may be disabled now (first or last page): then
        // its twin, then the results.
        focus.plan(vec![
            format!("#history-pager-{action}:not([disabled])"),
            "#history-pager button:not([disabled])".into(),
            "#history-results".into(),
        ]);
        data.refetch();
    };
    let export = format!(
        "{}<div class=\"form-actions\">{}{}</div><p class=\"success\" id=\"export-status\" role=\"status\"></p></section>",
        text::export(),
        action_button("export", 0, "secondary export", t(K::HistCsv), t(K::HistOfWhole)),
        action_button("export", 1, "secondary export", t(K::HistJson), t(K::HistOfWhole))
    );

    Screen {
        parts: vec![
            Part::Html(text::head()),
            Part::List("history-filters", form, t(K::HistLoadingFilters)),
            Part::List("history", data, t(K::HistLoading)),
            Part::Html(export),
        ],
        on_event: Rc::new(move |ev: web_sys::Event| match ev.type_().as_str() {
            "change" => on_change(ev),
            "click" => on_click(ev),
            _ => {}
        }),
    }
}

/// Offers `body` as a download named `name`: fetched with the session's
/// token (a plain link could not send it), handed to the browser through
/// an object URL — no inline script, so the CSP allows it.
fn save_file(body: &str, mime: &str, name: &str) -> Result<(), ()> {
    let parts = js_sys::Array::of1(&body.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(drop)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(drop)?;
    let link: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(drop)?
        .dyn_into()
        .map_err(drop)?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the URL; let the click finish first.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}
