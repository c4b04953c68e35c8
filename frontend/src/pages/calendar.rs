use crate::api::{use_api, Api};
use crate::components::focus_first;
use crate::errors::ApiError;
use crate::html::{clicked, esc, set_html, Part, Screen};
use crate::i18n::{t, K};
use crate::loaded::Loaded;
use crate::records::{
    long_date, month_title, month_weeks, status_label, weekday_names, Clock, Day, HistoryFilter,
    Occurrence,
};
use leptos::prelude::*;
use std::rc::Rc;

mod text {
    use crate::i18n::{t, K};

    pub fn head() -> String {
        format!(
            "<div class=\"page-head\"><h1>{}</h1></div>\
             <nav class=\"pager\" aria-label=\"{}\">\
             <button type=\"button\" class=\"button secondary\" id=\"calendar-previous\" data-action=\"month\" data-id=\"-1\">{}</button>\
             <button type=\"button\" class=\"button secondary\" id=\"calendar-today\" data-action=\"month\" data-id=\"0\">{}</button>\
             <button type=\"button\" class=\"button secondary\" id=\"calendar-next\" data-action=\"month\" data-id=\"1\">{}</button>\
             </nav><p class=\"hint\" id=\"calendar-legend\">{}</p>",
            t(K::RtCalendar),
            t(K::CalMonths),
            t(K::CalPrevious),
            t(K::CalThis),
            t(K::CalNext),
            t(K::CalLegend)
        )
    }
}

/// At most this many history pages (of 200) per month: the calendar is
/// an overview; the History has everything.
const HISTORY_PAGES: usize = 3;
/// Entries listed in one day's cell; the rest are counted.
const PER_DAY: usize = 3;

struct Month {
    first: Day,
    today: Day,
    /// Per day of the month (index 0 is the 1st): open occurrences on
    /// their due day, closed ones on the day they were closed (the
    /// household's dates).
    days: Vec<Vec<Occurrence>>,
    cut: bool,
    beyond: bool,
}

/// The month `offset` months from the household's current one: from the
/// agenda what is still open (due in it), from the history what was
/// closed in it up to today.
async fn load_month(api: Api, offset: i32) -> Result<Month, ApiError> {
    let zone = api.household_zone().await?;
    let clock = Clock::new(&zone);
    let today = clock
        .today()
        .unwrap_or_else(|| Day::from_days((js_sys::Date::now() / 86_400_000.0).floor() as i64));
    let first = today.add_months(offset);
    let last = first.last_of_month();
    let beyond = last.days() - today.days() > 366;
    let mut days = vec![Vec::new(); last.day as usize];
    let mut cut = false;
    let place = |days: &mut Vec<Vec<Occurrence>>, o: Occurrence, at: Option<String>| {
        if let Some(day) = at.and_then(|t| clock.day_of(&t)) {
            if (first..=last).contains(&day) {
                days[day.day as usize - 1].push(o);
            }
        }
    };
    if !beyond {
        let ahead = (last.days() - today.days()).max(0) as u32;
        let agenda = api.agenda_days(ahead).await?;
        cut |= agenda.truncated;
        for o in agenda.items {
            let due = o.due_at.clone();
            place(&mut days, o, due);
        }
    }
    if first <= today {
        let filter = HistoryFilter {
            from: Some(first.iso()),
            to: Some(last.min(today).iso()),
            ..HistoryFilter::default()
        };
        let mut cursor = None::<String>;
        for _ in 0..HISTORY_PAGES {
            let page = api.history_page(&filter, cursor.as_deref(), 200).await?;
            for o in page.items {
                let closed = o.closed_at.clone();
                place(&mut days, o, closed);
            }
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        cut |= cursor.is_some();
    }
    Ok(Month {
        first,
        today,
        days,
        cut,
        beyond,
    })
}

/// The month as a table of weeks (Monday first): the days' numbers, today
/// marked, and up to `PER_DAY` chores each.
fn month_table(month: &Month) -> String {
    let mut head = String::new();
    for (short, long) in weekday_names() {
        head.push_str(&format!(
            "<th scope=\"col\"><span aria-hidden=\"true\">{}</span><span class=\"visually-hidden\">{}</span></th>",
            esc(&short),
            esc(&long)
        ));
    }
    let mut body = String::new();
    for week in month_weeks(month.first) {
        body.push_str("<tr>");
        for day in week {
            let Some(day) = day else {
                body.push_str("<td class=\"outside\"></td>");
                continue;
            };
            let iso = day.iso();
            let is_today = day == month.today;
            body.push_str(&format!(
                "<td data-day=\"{iso}\"{}><div class=\"cal-day\"><time datetime=\"{iso}\">{}</time>{}</div>",
                if is_today { " class=\"today\" aria-current=\"date\"" } else { "" },
                day.day,
                if is_today {
                    format!("<span class=\"visually-hidden\">, {}</span>", t(K::CalToday))
                } else {
                    String::new()
                }
            ));
            let entries = &month.days[day.day as usize - 1];
            if !entries.is_empty() {
                body.push_str("<ul class=\"cal-entries\">");
                for o in entries.iter().take(PER_DAY) {
                    body.push_str(&entry(o, false));
                }
                if entries.len() > PER_DAY {
                    let more = entries.len() - PER_DAY;
                    body.push_str(&format!(
                        "<li class=\"cal-more\"><button type=\"button\" class=\"link-button\" data-action=\"day\" \
                         data-id=\"{}\" aria-label=\"+{more} more on {iso}\">+{more} more</button></li>",
                        day.day
                    ));
                }
                body.push_str("</ul>");
            }
            body.push_str("</td>");
        }
        body.push_str("</tr>");
    }
    format!(
        "<table class=\"calendar\" id=\"calendar-table\" aria-labelledby=\"calendar-title\" \
         aria-describedby=\"calendar-legend\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
}

/// One chore in a day's cell (`full`: in the day's list below the
/// table, with its state and member shown).
fn entry(o: &Occurrence, full: bool) -> String {
    let state = match o.status.as_str() {
        "todo" if o.is_overdue => t(K::CalOverdue),
        "todo" => t(K::CalDue),
        other => status_label(other),
    };
    let who = o
        .username
        .as_deref()
        .map(|u| format!(", {u}"))
        .unwrap_or_default();
    let what = esc(&format!(" ({state}{who})"));
    let name = esc(&o.task_name);
    format!(
        "<li class=\"cal-entry status-{}\" data-assignment-id=\"{}\" title=\"{name}{what}\">{name}\
         <span class=\"{}\">{what}</span></li>",
        esc(&o.status),
        o.assignment_id,
        if full { "cal-state" } else { "visually-hidden" }
    )
}

/// A month of due and done chores.
pub fn calendar() -> Screen {
    let api = use_api();
    let offset = StoredValue::new(0_i32);
    // Each day's whole list, for "+N more" (index 0 is the 1st).
    let lists = StoredValue::new(Vec::<String>::new());
    let first_day = StoredValue::new(None::<String>);
    let data = Loaded::new(move || async move {
        let month = load_month(api, offset.get_value()).await?;
        first_day.set_value(Some(month.first.iso()));
        lists.set_value(
            month
                .days
                .iter()
                .map(|day| day.iter().map(|o| entry(o, true)).collect())
                .collect(),
        );
        let mut html = format!(
            "<h2 id=\"calendar-title\" data-month=\"{}\">{}</h2>",
            &month.first.iso()[..7],
            esc(&month_title(month.first))
        );
        for (shown, notice) in [(month.cut, t(K::CalCut)), (month.beyond, t(K::CalBeyond))] {
            if shown {
                html.push_str(&format!("<p class=\"notice\">{notice}</p>"));
            }
        }
        html.push_str(&month_table(&month));
        Ok::<_, ApiError>(html)
    });
    let on_click = move |ev: web_sys::Event| {
        let Some((_, action, n)) = clicked(&ev) else {
            return;
        };
        match action.as_str() {
            "month" => {
                offset.update_value(|o| *o = if n == 0 { 0 } else { *o + n as i32 });
                set_html("day-details", "");
                data.refetch();
            }
            "day" => {
                let Some(list) = lists.with_value(|l| l.get(n as usize - 1).cloned()) else {
                    return;
                };
                let first = first_day.get_value().and_then(|d| Day::parse(&d));
                let day = first.and_then(|f| Day::new(f.year, f.month, n as u32));
                let title = day.map(long_date).unwrap_or_default();
                set_html(
                    "day-details",
                    &format!(
                        "<h3 id=\"day-details-title\" tabindex=\"-1\">{}</h3><ul class=\"day-list\">{list}</ul>",
                        esc(&title)
                    ),
                );
                focus_first(vec!["#day-details-title".into()]);
            }
            _ => {}
        }
    };
    Screen {
        parts: vec![
            Part::Html(text::head()),
            Part::List("calendar", data, t(K::CalLoading)),
            Part::Html("<section id=\"day-details\" aria-live=\"polite\"></section>".into()),
        ],
        on_event: Rc::new(on_click),
    }
}
