//! History and calendar: the occurrence cards `history` and `agenda` send
//! (db/api/46_occurrence_cards.sql), the history's query, and the plain
//! date arithmetic of the month view. Dates are the household's: an
//! instant becomes a day through `Intl.DateTimeFormat` in its time zone.
//! Unit-tested in the browser (tests/records.rs).

use crate::i18n::{t, K};
use crate::json::JsonObject;

mod dates;

pub use dates::{
    days_in_month, long_date, month_title, month_weeks, reader_locale, weekday_names, Clock, Day,
};

/// One occurrence as the history and the agenda send it (only what the
/// pages show). Instants are UTC ISO strings; the member is empty for an
/// unclaimed one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub assignment_id: i64,
    pub task_name: String,
    pub username: Option<String>,
    pub status: String,
    pub due_at: Option<String>,
    pub closed_at: Option<String>,
    pub note: Option<String>,
    pub is_overdue: bool,
}

impl Occurrence {
    pub fn from_json(j: &JsonObject) -> Option<Occurrence> {
        Some(Occurrence {
            assignment_id: j.int("assignment_id")?,
            task_name: j.string("task_name")?,
            username: j.string("username"),
            status: j.string("status")?,
            due_at: j.string("due_at"),
            closed_at: j.string("closed_at"),
            note: j.string("note"),
            is_overdue: j.flag("is_overdue"),
        })
    }
}

/// A history page (`next_cursor`) or the agenda (`truncated`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrences {
    pub items: Vec<Occurrence>,
    pub next_cursor: Option<String>,
    pub truncated: bool,
}

impl Occurrences {
    pub fn from_json(j: &JsonObject) -> Option<Occurrences> {
        Some(Occurrences {
            items: j.list(Some("items"), Occurrence::from_json),
            next_cursor: j.string("next_cursor"),
            truncated: j.flag("truncated"),
        })
    }
}

/// `GET /rpc/household`'s time zone.
pub fn time_zone(j: &JsonObject) -> Option<String> {
    j.string("time_zone")
}

/// Items per history page: the API's default, a screenful or two.
pub const HISTORY_PAGE: u32 = 50;

/// The statuses a history entry can have, in the order the filter lists them.
pub const CLOSED_STATUSES: [&str; 6] = [
    "done", "approved", "waiting", "rejected", "skipped", "missed",
];

pub fn status_label(status: &str) -> &'static str {
    t(match status {
        "todo" => K::StTodo,
        "waiting" => K::StWaiting,
        "done" => K::StDone,
        "approved" => K::StApproved,
        "rejected" => K::StRejected,
        "skipped" => K::StSkipped,
        "missed" => K::StMissed,
        _ => K::StOther,
    })
}

/// The history's filters; `None` is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub user_id: Option<i64>,
    pub task_id: Option<i64>,
    pub status: Option<String>,
    /// Household-local dates, `YYYY-MM-DD`, both inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// `GET /rpc/history` for one page: the filters, and the cursor the
/// previous page ended with (opaque, made for exactly these filters).
pub fn history_path(filter: &HistoryFilter, cursor: Option<&str>, limit: u32) -> String {
    let mut path = format!("/rpc/history?p_limit={limit}");
    let mut add = |name: &str, value: &str| {
        path.push_str(&format!("&{name}={}", encode(value)));
    };
    if let Some(id) = filter.user_id {
        add("p_user_id", &id.to_string());
    }
    if let Some(id) = filter.task_id {
        add("p_task_id", &id.to_string());
    }
    if let Some(status) = &filter.status {
        add("p_status", status);
    }
    if let Some(day) = &filter.from {
        add("p_from", day);
    }
    if let Some(day) = &filter.to {
        add("p_to", day);
    }
    if let Some(cursor) = cursor {
        add("p_cursor", cursor);
    }
    path
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// Records in an export: CSV lines outside quoted cells (a note may hold
/// a line break) less the header, or the JSON export's one card per line.
pub fn export_rows(format: &str, body: &str) -> usize {
    if format == "json" {
        return body
            .lines()
            .filter(|l| l.starts_with('{') || l.starts_with("[{"))
            .count();
    }
    let mut quoted = false;
    let mut records = 0_usize;
    let mut in_record = false;
    for c in body.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_record = true;
            }
            '\n' if !quoted => {
                if in_record {
                    records += 1;
                }
                in_record = false;
            }
            '\r' if !quoted => {}
            _ => in_record = true,
        }
    }
    if in_record {
        records += 1;
    }
    records.saturating_sub(1)
}
