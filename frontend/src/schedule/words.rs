//! A schedule in plain words ("Every 2 weeks on Monday and Thursday at
//! 18:00", "Alle 2 Wochen am Montag und Donnerstag um 18:00"). The
//! phrases are i18n keys with placeholders, so one sentence structure
//! serves both languages and each language orders its own words; only
//! ordinals differ in rules as well as words.

use super::dates::Date;
use super::rule::{self, Freq, Rule};
use super::Fields;
use crate::i18n::{lang, t, tf, Lang, K};

const WEEKDAYS: [K; 7] = [
    K::SwMonday,
    K::SwTuesday,
    K::SwWednesday,
    K::SwThursday,
    K::SwFriday,
    K::SwSaturday,
    K::SwSunday,
];

const MONTHS: [K; 12] = [
    K::SwJanuary,
    K::SwFebruary,
    K::SwMarch,
    K::SwApril,
    K::SwMay,
    K::SwJune,
    K::SwJuly,
    K::SwAugust,
    K::SwSeptember,
    K::SwOctober,
    K::SwNovember,
    K::SwDecember,
];

pub fn weekday_name(day: usize) -> &'static str {
    t(WEEKDAYS[day % 7])
}

fn month_name(month: u32) -> Option<&'static str> {
    MONTHS
        .get(usize::try_from(month).ok()?.checked_sub(1)?)
        .map(|k| t(*k))
}

/// "first" … "fifth", "last", "second to last", "20th" (German: "ersten",
/// "letzten", "vorletzten", "20.": the form after "am").
pub fn ordinal(n: i32) -> String {
    const WORDS: [K; 5] = [K::SwFirst, K::SwSecond, K::SwThird, K::SwFourth, K::SwFifth];
    let german = lang() == Lang::De;
    match n {
        -1 => t(K::SwLast).into(),
        -2 => t(K::SwSecondLast).into(),
        n if n < 0 && german => tf(K::SwToLast, &[&(-n).to_string()]),
        n if n < 0 => tf(K::SwToLast, &[&ordinal(-n)]),
        1..=5 => t(WORDS[n as usize - 1]).into(),
        n if german => format!("{n}."),
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
        [init @ .., last] => format!("{} {} {last}", init.join(", "), t(K::SwAnd)),
    }
}

/// "every day" / "every 3 days".
fn every(n: u32, one: K, many: K) -> String {
    if n == 1 {
        t(one).into()
    } else {
        tf(many, &[&n.to_string()])
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
    tf(
        K::SwDateLong,
        &[&date.day.to_string(), month, &date.year.to_string()],
    )
}

/// "30 November 2026 at 18:00" for a local `YYYY-MM-DDTHH:MM`.
fn date_time(local: &str) -> String {
    match (Date::parse(local), local.get(11..16)) {
        (Some(d), Some(time)) => tf(K::SwDateAt, &[&date(d), time]),
        (Some(d), None) => date(d),
        _ => local.to_string(),
    }
}

fn unit(unit: &str, n: u32) -> String {
    let (one, many) = match unit {
        "hours" => (K::SwEveryHour, K::SwEveryHours),
        "weeks" => (K::SwEveryWeek, K::SwEveryWeeks),
        "months" => (K::SwEveryMonth, K::SwEveryMonths),
        _ => (K::SwEveryDay, K::SwEveryDays),
    };
    every(n, one, many)
}

/// The sentence for a whole schedule. `after_name` is the chore an
/// after_task schedule follows.
pub fn describe(fields: &Fields, after_name: Option<&str>) -> String {
    let start = fields.start.as_deref();
    let every = || {
        unit(
            fields.interval_unit.as_deref().unwrap_or("days"),
            fields.interval_count.unwrap_or(1),
        )
    };
    match fields.kind.as_str() {
        "calendar" => describe_rule(fields.rrule.as_deref().unwrap_or(""), start),
        "interval" => {
            let base = tf(K::SwAfterDone, &[&every()]);
            capitalised(match start {
                Some(s) => tf(K::SwFirstDue, &[&base, &date_time(s)]),
                None => base,
            })
        }
        "adaptive" => tf(K::SwAdaptive, &[&every()]),
        "after_task" => {
            let other =
                after_name.map_or_else(|| t(K::SwAnotherChore).into(), |n| tf(K::SwQuoted, &[n]));
            match fields.after_hours.unwrap_or(0) {
                0 => tf(K::SwRightAfter, &[&other]),
                1 => tf(K::SwHourAfter, &[&other]),
                n => tf(K::SwHoursAfter, &[&n.to_string(), &other]),
            }
        }
        _ => match fields.due.as_deref() {
            Some(due) => tf(K::SwOnceDue, &[&date_time(due)]),
            None => t(K::SwOnceNoDue).into(),
        },
    }
}

/// The sentence for an RRULE from a local start (`YYYY-MM-DDTHH:MM`):
/// the rule itself when it says more than the words can.
pub fn describe_rule(text: &str, start: Option<&str>) -> String {
    let start_date = start.and_then(Date::parse);
    let at = start
        .and_then(|s| s.get(11..16))
        .map(|time| tf(K::SwAt, &[time]))
        .unwrap_or_default();
    let Some(words) = rule::parse(text)
        .filter(|r| !r.other)
        .and_then(|r| rule_words(&r, start_date))
    else {
        return tf(K::SwByRule, &[text.trim(), &at]);
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
    // " in January and July" after `text`.
    let in_months = |text: String| -> Option<String> {
        let months: Option<Vec<String>> = rule
            .by_month
            .iter()
            .map(|m| month_name(*m).map(str::to_string))
            .collect();
        let months = months?;
        Some(if months.is_empty() {
            text
        } else {
            tf(K::SwInMonths, &[&text, &join(&months)])
        })
    };
    let mut text = match rule.freq {
        Freq::Daily if rule.by_month_day.is_empty() => {
            let every = every(n, K::SwEveryDay, K::SwEveryDays);
            let on = if rule.by_day.is_empty() {
                every
            } else {
                tf(K::SwOnDays, &[&every, &plain_days()?])
            };
            in_months(on)?
        }
        Freq::Weekly if rule.by_month_day.is_empty() => {
            let days = if rule.by_day.is_empty() {
                weekday_name(start?.weekday()).to_string()
            } else {
                plain_days()?
            };
            let every = every(n, K::SwEveryWeek, K::SwEveryWeeks);
            in_months(tf(K::SwOnDays, &[&every, &days]))?
        }
        Freq::Monthly => {
            let every = every(n, K::SwEveryMonth, K::SwEveryMonths);
            in_months(tf(K::SwMonthly, &[&month_days(rule, start)?, &every]))?
        }
        Freq::Yearly => {
            let every = every(n, K::SwEveryYear, K::SwEveryYears);
            tf(K::SwOnDays, &[&every, &year_days(rule, start)?])
        }
        _ => return None,
    } + "{at}";
    if let Some(count) = rule.count {
        text = if count == 1 {
            tf(K::SwOnce, &[&text])
        } else {
            tf(K::SwTimes, &[&text, &count.to_string()])
        };
    }
    if let Some(until) = &rule.until {
        let day = format!("{}-{}-{}", &until[..4], &until[4..6], &until[6..8]);
        text = tf(K::SwUntil, &[&text, &date(Date::parse(&day)?)]);
    }
    Some(capitalised(text))
}

/// "day 15", "days 1 and 15", "the last day", "the last Friday".
fn month_days(rule: &Rule, start: Option<Date>) -> Option<String> {
    match (&rule.by_day[..], &rule.by_month_day[..]) {
        ([], []) => Some(tf(K::SwDay, &[&start?.day.to_string()])),
        ([], [day]) if *day > 0 => Some(tf(K::SwDay, &[&day.to_string()])),
        ([], days) if days.iter().all(|d| *d > 0) => {
            let numbers: Vec<String> = days
                .iter()
                .map(|d| tf(K::SwDayNum, &[&d.to_string()]))
                .collect();
            Some(tf(K::SwDays, &[&join(&numbers)]))
        }
        ([], days) => {
            let each: Vec<String> = days
                .iter()
                .map(|d| match d {
                    d if *d > 0 => tf(K::SwDay, &[&d.to_string()]),
                    d => tf(K::SwNthDay, &[&ordinal(*d)]),
                })
                .collect();
            Some(join(&each))
        }
        (by_day, []) => {
            let each: Vec<String> = by_day
                .iter()
                .map(|(n, d)| match n {
                    0 => tf(K::SwEveryWeekday, &[weekday_name(*d)]),
                    n => tf(K::SwNthWeekday, &[&ordinal(*n), weekday_name(*d)]),
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
            let each: Vec<String> = names
                .iter()
                .map(|m| tf(K::SwDayMonth, &[&day.to_string(), m]))
                .collect();
            Some(join(&each))
        }
        (by_day, []) if !rule.by_month.is_empty() && by_day.iter().all(|(n, _)| *n != 0) => {
            let each: Vec<String> = by_day
                .iter()
                .map(|(n, d)| tf(K::SwNthWeekday, &[&ordinal(*n), weekday_name(*d)]))
                .collect();
            Some(tf(K::SwOfMonths, &[&join(&each), &join(&names)]))
        }
        _ => None,
    }
}
