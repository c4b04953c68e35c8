//! An RRULE read into the parts the presets and the plain words know. The
//! API's parser (db/api/12_schedule_rules.sql) stays the authority: this one
//! only has to recognise what it can describe, and says `None` otherwise.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Freq {
    pub fn key(self) -> &'static str {
        match self {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        }
    }
}

/// The two-letter weekday codes, Monday first (as `Date::weekday`).
pub const WEEKDAY_CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u32,
    /// (n, weekday): n = 0 for every such day, else the n-th (negative:
    /// from the end) within the month or year.
    pub by_day: Vec<(i32, usize)>,
    pub by_month_day: Vec<i32>,
    pub by_month: Vec<u32>,
    pub count: Option<u32>,
    /// As written: `YYYYMMDD`, optionally `THHMMSS` and `Z`.
    pub until: Option<String>,
    /// Parts the words do not describe (BYSETPOS, a week starting on
    /// another day than Monday).
    pub other: bool,
}

fn numbers<T: std::str::FromStr>(value: &str) -> Option<Vec<T>> {
    value.split(',').map(|v| v.trim().parse().ok()).collect()
}

fn weekday(value: &str) -> Option<(i32, usize)> {
    let value = value.trim();
    let split = value.len().checked_sub(2)?;
    let (n, code) = value.split_at_checked(split)?;
    let day = WEEKDAY_CODES.iter().position(|c| *c == code)?;
    let n = match n {
        "" => 0,
        n => n.trim_start_matches('+').parse().ok()?,
    };
    Some((n, day))
}

/// Reads a rule as the API would store it (any case, an optional `RRULE:`
/// prefix); `None` when it holds anything this app does not describe.
pub fn parse(text: &str) -> Option<Rule> {
    let text = text.trim().to_ascii_uppercase();
    let text = text.strip_prefix("RRULE:").unwrap_or(&text);
    let mut rule = Rule {
        freq: Freq::Daily,
        interval: 1,
        by_day: Vec::new(),
        by_month_day: Vec::new(),
        by_month: Vec::new(),
        count: None,
        until: None,
        other: false,
    };
    let mut freq = None;
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let (name, value) = part.split_once('=')?;
        let value = value.trim();
        match name.trim() {
            "FREQ" => {
                freq = Some(match value {
                    "DAILY" => Freq::Daily,
                    "WEEKLY" => Freq::Weekly,
                    "MONTHLY" => Freq::Monthly,
                    "YEARLY" => Freq::Yearly,
                    _ => return None,
                })
            }
            "INTERVAL" => rule.interval = value.parse().ok().filter(|n| *n >= 1)?,
            "BYDAY" => rule.by_day = value.split(',').map(weekday).collect::<Option<_>>()?,
            "BYMONTHDAY" => rule.by_month_day = numbers(value)?,
            "BYMONTH" => rule.by_month = numbers(value)?,
            "COUNT" => rule.count = Some(value.parse().ok()?),
            "UNTIL" if value.len() >= 8 && value[..8].bytes().all(|b| b.is_ascii_digit()) => {
                rule.until = Some(value.to_string())
            }
            "WKST" if value == "MO" => {}
            "WKST" | "BYSETPOS" => rule.other = true,
            _ => return None,
        }
    }
    rule.freq = freq?;
    Some(rule)
}

impl Rule {
    /// Nothing beyond the days: no COUNT, UNTIL or other parts.
    pub fn is_plain(&self) -> bool {
        self.count.is_none() && self.until.is_none() && !self.other
    }
}
