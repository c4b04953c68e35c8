//! Every string of the chore editor (the schedule's plain words are in
//! schedule/words.rs), so a translation touches these two files.

use crate::schedule::{Preset, Unit};

pub fn created(name: &str) -> String {
    format!("Created “{name}”.")
}

pub fn move_label(name: &str, up: bool) -> String {
    format!("Move {name} {}", if up { "up" } else { "down" })
}

pub fn every_how_many(unit: &str) -> String {
    format!("Every how many {unit}")
}

pub fn preset(preset: Preset) -> &'static str {
    match preset {
        Preset::Once => "Once",
        Preset::Daily => "Daily",
        Preset::Weekly => "Weekly, on chosen days",
        Preset::MonthlyDay => "Monthly, on a day of the month",
        Preset::MonthlyWeekday => "Monthly, on a weekday (e.g. the last Friday)",
        Preset::Yearly => "Yearly",
        Preset::AfterDone => "Again some time after it is done",
        Preset::Adaptive => "When it is usually done (learns)",
        Preset::AfterChore => "After another chore",
        Preset::Custom => "Custom rule (RRULE)",
    }
}

/// What the dates depend on when there is no rule to preview.
pub fn no_preview(preset: Preset) -> &'static str {
    match preset {
        Preset::AfterDone => "Each next due date is counted from when it is done.",
        Preset::Adaptive => {
            "The app learns the usual gap from the last completions; until then it uses the first guess."
        }
        Preset::AfterChore => "It is planned when the other chore is done.",
        _ => "It is due once.",
    }
}

pub fn unit(unit: Unit) -> &'static str {
    match unit {
        Unit::Hours => "hours",
        Unit::Days => "days",
        Unit::Weeks => "weeks",
        Unit::Months => "months",
    }
}

pub fn period(preset: Preset) -> &'static str {
    match preset {
        Preset::Daily => "days",
        Preset::Weekly => "weeks",
        _ => "months",
    }
}

pub fn nth(n: i32) -> &'static str {
    match n {
        1 => "First",
        2 => "Second",
        3 => "Third",
        4 => "Fourth",
        _ => "Last",
    }
}

pub const MODES: [(&str, &str, &str); 4] = [
    ("fixed", "One member", "The same member every time."),
    (
        "rotation",
        "Taking turns",
        "One member of the list each time, chosen as set below.",
    ),
    (
        "anyone",
        "Anyone on the list",
        "Whoever on the list gets to it first claims it or just does it.",
    ),
    (
        "everyone",
        "Everyone on the list",
        "Each member on the list does it; the next one is planned when all are done.",
    ),
];

pub const STRATEGIES: [(&str, &str, &str); 6] = [
    (
        "round_robin",
        "In order",
        "The next member on the list after the last one, round and round.",
    ),
    (
        "least_completed",
        "Fewest done",
        "Whoever has done this chore the fewest times (ties: list order).",
    ),
    (
        "least_assigned",
        "Fewest turns",
        "Whoever has been given this chore the fewest times (ties: list order).",
    ),
    ("random", "Random", "Anyone on the list, by chance."),
    (
        "random_except_last",
        "Random, not twice in a row",
        "By chance, but never the member who had the last turn.",
    ),
    (
        "keep_last",
        "Same member while available",
        "The last member again, unless they are away; then the next in order.",
    ),
];

/// The one-line explanation of an option of `MODES` or `STRATEGIES`.
pub fn explain(options: &[(&str, &str, &'static str)], key: &str) -> &'static str {
    options
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, _, e)| *e)
}
