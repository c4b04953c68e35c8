//! Every string of the chore editor (the schedule's plain words are in
//! schedule/words.rs), so a translation touches these two files.

use crate::schedule::{Preset, Unit};

pub const NEW_TITLE: &str = "New chore";
pub const EDIT_TITLE: &str = "Edit chore";
pub const ADMINS_ONLY: &str = "Only household admins can create or change chores.";
pub const LOADING: &str = "Loading the chore…";
pub const NOT_FOUND: &str = "There is no such chore.";
pub const ARCHIVED: &str = "This chore is archived and cannot be changed.";
pub const BACK: &str = "Back to all chores";

pub const WHAT: &str = "What";
pub const NAME: &str = "Name";
pub const DESCRIPTION: &str = "Description";
pub const OPTIONAL: &str = "(optional)";

pub const WHEN: &str = "When";
pub const REPEATS: &str = "Repeats";
pub const STARTS_ON: &str = "Starts on";
pub const DATE: &str = "Date";
pub const AT: &str = "At";
pub const ON_DAYS: &str = "On these days";
pub const DAY_OF_MONTH: &str = "Day of the month";
pub const LAST_DAY: &str = "Last day";
pub const WHICH: &str = "Which";
pub const WEEKDAY: &str = "Weekday";
pub const SKIPPED_MONTHS: &str = "Months without this day are skipped.";
pub const RULE: &str = "Rule (RRULE)";
pub const RULE_HINT: &str =
    "RFC 5545, e.g. FREQ=MONTHLY;BYDAY=1SA. Its times are the start's time of day.";
pub const EVERY: &str = "Every";
pub const FIRST_GUESS: &str = "First guess: every";
pub const UNIT: &str = "Unit";
pub const FIRST_DUE: &str = "First due (optional)";
pub const DUE: &str = "Due (optional)";
pub const AFTER_WHICH: &str = "After which chore";
pub const CHOOSE_CHORE: &str = "Choose a chore…";
pub const HOURS_AFTER: &str = "Hours after it is done";
pub const IN_WORDS: &str = "In plain words";
pub const NEXT_DATES: &str = "Next due dates";
pub const PREVIEWING: &str = "Working out the dates…";
pub const NO_DATES: &str = "This rule has no further dates.";
pub const START_FAR_BACK: &str =
    "The start lies far back: only these dates of the next hundred are still ahead.";

pub const WHO: &str = "Who";
pub const WHO_DOES_IT: &str = "Who does it";
pub const MEMBER: &str = "Member";
pub const NOBODY_YET: &str = "Nobody yet (assign later)";
pub const MEMBERS: &str = "Members";
pub const ROTATION_ORDER: &str = "Members, in the order they take turns";
pub const UP: &str = "Up";
pub const DOWN: &str = "Down";
pub const STRATEGY: &str = "Whose turn is next";
pub const APPROVAL: &str = "An admin approves it when it is done";

pub const POINTS: &str = "Points";
pub const POINTS_FOR: &str = "Points for doing it";
pub const PENALTY: &str = "Penalty for a missed turn";
pub const POINTS_RANGE: &str = "A whole number from 0 to 10000";

pub const CREATE: &str = "Create chore";
pub const SAVE: &str = "Save changes";
pub const SAVING: &str = "Saving…";
pub const SAVED: &str = "Saved.";

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

pub const CHECK_POINTS: &str = "Points must be a whole number from 0 to 10000";
pub const CHECK_PENALTY: &str = "Penalty points must be a whole number from 0 to 10000";
pub const CHECK_HOURS: &str = "Enter a whole number of hours from 0 to 8760";
pub const CHECK_DUE: &str = "Enter a date and time, or leave it empty";
pub const CHECK_POOL: &str = "Choose at least one member";
pub const CHECK_AFTER: &str = "Choose the chore this one follows";
