//! A schedule in plain words ("Every 2 weeks on Monday and Thursday at
//! 18:00"). Every English phrase of it is in this file, so a translation
//! replaces this one file; the rest of the app only calls `describe`.

use super::dates::Date;
use super::rule::{self, Freq, Rule};
use super::Fields;

pub const NO_WEEKDAY: &str = "Choose at least one day";
pub const NOT_A_COUNT: &str = "Enter a whole number from 1 to 1000";

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn weekday_name(day: usize) -> &'static str {
    WEEKDAYS[day % 7]
}

fn month_name(month: u32) -> Option<&'static str> {
    MONTHS
        .get(usize::try_from(month).ok()?.checked_sub(1)?)
        .copied()
}

/// "first" … "fifth", "last", "second to last", "20th".
pub fn ordinal(n: i32) -> String {
    const WORDS: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
    match n {
        -1 => "last".into(),
        n if n < 0 => format!("{} to last", ordinal(-n)),
        1..=5 => WORDS[n as usize - 1].into(),
        n => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "every day" / "every 3 days".
fn every(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("every {one}")
    } else {
        format!("every {n} {many}")
    }
}

/// The phrases here start with an ASCII letter; char::to_uppercase would
/// bring Unicode's case tables into the wasm for nothing.
fn capitalised(mut text: String) -> String {
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// "1 December 2026".
pub fn date(date: Date) -> String {
    let month = month_name(date.month).unwrap_or("");
    format!("{} {month} {}", date.day, date.year)
}

/// "30 November 2026 at 18:00" for a local `YYYY-MM-DDTHH:MM`.
fn date_time(local: &str) -> String {
    match (Date::parse(local), local.get(11..16)) {
        (Some(d), Some(time)) => format!("{} at {time}", date(d)),
        (Some(d), None) => date(d),
        _ => local.to_string(),
    }
}

fn unit(unit: &str, n: u32) -> String {
    let (one, many) = match unit {
        "hours" => ("hour", "hours"),
        "weeks" => ("week", "weeks"),
        "months" => ("month", "months"),
        _ => ("day", "days"),
    };
    every(n, one, many)
}

/// The sentence for a whole schedule. `after_name` is the chore an
/// after_task schedule follows.
pub fn describe(fields: &Fields, after_name: Option<&str>) -> String {
    let start = fields.start.as_deref();
    match fields.kind.as_str() {
        "calendar" => describe_rule(fields.rrule.as_deref().unwrap_or(""), start),
        "interval" => {
            let base = format!(
                "{} after it is done",
                unit(
                    fields.interval_unit.as_deref().unwrap_or("days"),
                    fields.interval_count.unwrap_or(1)
                )
            );
            let first = start.map(|s| format!(", first due on {}", date_time(s)));
            capitalised(base + &first.unwrap_or_default())
        }
        "adaptive" => format!(
            "Learns from when it is done (first guess: {})",
            unit(
                fields.interval_unit.as_deref().unwrap_or("days"),
                fields.interval_count.unwrap_or(1)
            )
        ),
        "after_task" => {
            let other = after_name.map_or("another chore".into(), |n| format!("“{n}”"));
            match fields.after_hours.unwrap_or(0) {
                0 => format!("Right after {other} is done"),
                1 => format!("1 hour after {other} is done"),
                n => format!("{n} hours after {other} is done"),
            }
        }
        _ => match fields.due.as_deref() {
            Some(due) => format!("Once, due on {}", date_time(due)),
            None => "Once, with no due date".into(),
        },
    }
}

/// The sentence for an RRULE from a local start (`YYYY-MM-DDTHH:MM`):
/// the rule itself when it says more than the words can.
pub fn describe_rule(text: &str, start: Option<&str>) -> String {
    let start_date = start.and_then(Date::parse);
    let at = start
        .and_then(|s| s.get(11..16))
        .map(|time| format!(" at {time}"))
        .unwrap_or_default();
    let Some(words) = rule::parse(text)
        .filter(|r| !r.other)
        .and_then(|r| rule_words(&r, start_date))
    else {
        return format!("Repeats by the rule {}{at}", text.trim());
    };
    words.replacen("{at}", &at, 1)
}

/// The rule's sentence with `{at}` where the time goes.
fn rule_words(rule: &Rule, start: Option<Date>) -> Option<String> {
    let n = rule.interval;
    let plain_days = || -> Option<String> {
        let days: Option<Vec<String>> = rule
            .by_day
            .iter()
            .map(|(n, d)| (*n == 0).then(|| weekday_name(*d).to_string()))
            .collect();
        Some(join(&days?))
    };
    let in_months = || -> Option<String> {
        let months: Option<Vec<String>> = rule
            .by_month
            .iter()
            .map(|m| month_name(*m).map(str::to_string))
            .collect();
        let months = months?;
        Some(if months.is_empty() {
            String::new()
        } else {
            format!(" in {}", join(&months))
        })
    };
    let mut text = match rule.freq {
        Freq::Daily if rule.by_month_day.is_empty() => {
            let on = if rule.by_day.is_empty() {
                String::new()
            } else {
                format!(" on {}", plain_days()?)
            };
            capitalised(every(n, "day", "days")) + &on + &in_months()? + "{at}"
        }
        Freq::Weekly if rule.by_month_day.is_empty() => {
            let days = if rule.by_day.is_empty() {
                weekday_name(start?.weekday()).to_string()
            } else {
                plain_days()?
            };
            format!(
                "{} on {days}{}{{at}}",
                capitalised(every(n, "week", "weeks")),
                in_months()?
            )
        }
        Freq::Monthly => format!(
            "On {} of {}{}{{at}}",
            month_days(rule, start)?,
            every(n, "month", "months"),
            in_months()?
        ),
        Freq::Yearly => format!(
            "{} on {}{{at}}",
            capitalised(every(n, "year", "years")),
            year_days(rule, start)?
        ),
        _ => return None,
    };
    if let Some(count) = rule.count {
        text += &if count == 1 {
            ", once".to_string()
        } else {
            format!(", {count} times")
        };
    }
    if let Some(until) = &rule.until {
        let day = format!("{}-{}-{}", &until[..4], &until[4..6], &until[6..8]);
        text += &format!(", until {}", date(Date::parse(&day)?));
    }
    Some(text)
}

/// "day 15", "days 1 and 15", "the last day", "the last Friday".
fn month_days(rule: &Rule, start: Option<Date>) -> Option<String> {
    match (&rule.by_day[..], &rule.by_month_day[..]) {
        ([], []) => Some(format!("day {}", start?.day)),
        ([], days) if days.iter().all(|d| *d > 0) => {
            let numbers: Vec<String> = days.iter().map(i32::to_string).collect();
            let noun = if days.len() == 1 { "day" } else { "days" };
            Some(format!("{noun} {}", join(&numbers)))
        }
        ([], days) => {
            let each: Vec<String> = days
                .iter()
                .map(|d| match d {
                    d if *d > 0 => format!("day {d}"),
                    d => format!("the {} day", ordinal(*d)),
                })
                .collect();
            Some(join(&each))
        }
        (by_day, []) => {
            let each: Vec<String> = by_day
                .iter()
                .map(|(n, d)| match n {
                    0 => format!("every {}", weekday_name(*d)),
                    n => format!("the {} {}", ordinal(*n), weekday_name(*d)),
                })
                .collect();
            Some(join(&each))
        }
        _ => None,
    }
}

/// "1 December", "1 January and 1 July", "the last Monday of May".
fn year_days(rule: &Rule, start: Option<Date>) -> Option<String> {
    let months: Vec<u32> = if rule.by_month.is_empty() {
        vec![start?.month]
    } else {
        rule.by_month.clone()
    };
    let names: Option<Vec<String>> = months
        .iter()
        .map(|m| month_name(*m).map(str::to_string))
        .collect();
    let names = names?;
    match (&rule.by_day[..], &rule.by_month_day[..]) {
        ([], days) if days.len() <= 1 => {
            let day = match days {
                [d] if *d > 0 => *d as u32,
                [] => start?.day,
                _ => return None,
            };
            let each: Vec<String> = names.iter().map(|m| format!("{day} {m}")).collect();
            Some(join(&each))
        }
        (by_day, []) if !rule.by_month.is_empty() && by_day.iter().all(|(n, _)| *n != 0) => {
            let each: Vec<String> = by_day
                .iter()
                .map(|(n, d)| format!("the {} {}", ordinal(*n), weekday_name(*d)))
                .collect();
            Some(format!("{} of {}", join(&each), join(&names)))
        }
        _ => None,
    }
}
