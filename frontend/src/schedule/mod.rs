//! The schedule builder's logic, free of the page: the presets a person
//! picks from, what each one sends to the API (`create_chore`'s schedule
//! parameters; calendar presets an RRULE and a local start), how a stored
//! chore is read back into a preset, and (in `words`) the schedule in plain
//! words. Unit-tested in the browser (frontend/tests/schedule.rs).

pub mod dates;
pub mod rule;
mod stored;
pub mod words;
pub mod zone;

use crate::models::Task;
use dates::Date;
use rule::WEEKDAY_CODES;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Once,
    Daily,
    Weekly,
    MonthlyDay,
    MonthlyWeekday,
    Yearly,
    AfterDone,
    Adaptive,
    AfterChore,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 10] = [
        Preset::Once,
        Preset::Daily,
        Preset::Weekly,
        Preset::MonthlyDay,
        Preset::MonthlyWeekday,
        Preset::Yearly,
        Preset::AfterDone,
        Preset::Adaptive,
        Preset::AfterChore,
        Preset::Custom,
    ];

    /// The value of its `<option>`.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Once => "once",
            Preset::Daily => "daily",
            Preset::Weekly => "weekly",
            Preset::MonthlyDay => "monthly-day",
            Preset::MonthlyWeekday => "monthly-weekday",
            Preset::Yearly => "yearly",
            Preset::AfterDone => "after-done",
            Preset::Adaptive => "adaptive",
            Preset::AfterChore => "after-chore",
            Preset::Custom => "rrule",
        }
    }

    pub fn from_key(key: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Due dates from an RRULE and a start, previewable before saving.
    pub fn is_calendar(self) -> bool {
        matches!(
            self,
            Preset::Daily
                | Preset::Weekly
                | Preset::MonthlyDay
                | Preset::MonthlyWeekday
                | Preset::Yearly
                | Preset::Custom
        )
    }

    /// Repeats "every N" periods (the rule's INTERVAL).
    pub fn has_every(self) -> bool {
        matches!(
            self,
            Preset::Daily | Preset::Weekly | Preset::MonthlyDay | Preset::MonthlyWeekday
        )
    }
}

/// `p_interval_unit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Hours,
    Days,
    Weeks,
    Months,
}

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::Hours, Unit::Days, Unit::Weeks, Unit::Months];

    pub fn key(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Months => "months",
        }
    }

    pub fn from_key(key: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.key() == key)
    }
}

/// A chore's schedule as the API names it (`api.tasks` and the parameters
/// of `create_chore`/`update_chore`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// once, calendar, interval, adaptive or after_task.
    pub kind: String,
    pub rrule: Option<String>,
    /// Household-local `YYYY-MM-DDTHH:MM`.
    pub start: Option<String>,
    /// A one-off's due time, household-local `YYYY-MM-DDTHH:MM` (the page
    /// turns it into an instant for `p_due_at`).
    pub due: Option<String>,
    pub interval_count: Option<u32>,
    pub interval_unit: Option<String>,
    pub after_task_id: Option<i64>,
    pub after_hours: Option<u32>,
}

impl Fields {
    /// A catalog row's schedule.
    pub fn of_task(task: &Task) -> Fields {
        Fields {
            kind: task.schedule_kind.clone().unwrap_or_else(|| "once".into()),
            rrule: task.rrule.clone(),
            start: task.schedule_start.clone(),
            due: None,
            interval_count: task.interval_count,
            interval_unit: task.interval_unit.clone(),
            after_task_id: task.after_task_id,
            after_hours: task.after_hours,
        }
    }
}

/// Everything the schedule part of the editor holds, one value per input,
/// also for the presets not chosen (switching back keeps what was typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub preset: Preset,
    /// Calendar presets: the first day it may be due (yearly: the date).
    pub start_date: String,
    /// Calendar presets: `HH:MM`.
    pub time: String,
    /// Every N days, weeks or months (the rule's INTERVAL).
    pub every: u32,
    /// Weekly: Monday first.
    pub weekdays: [bool; 7],
    /// Monthly on a day: 1-31, or -1 for the last day.
    pub month_day: i32,
    /// Monthly on a weekday: 1-4, or -1 for the last one.
    pub nth: i32,
    /// Monthly on a weekday: 0 Monday … 6 Sunday.
    pub weekday: usize,
    /// After it is done / adaptive: the interval (adaptive: the first guess).
    pub count: u32,
    pub unit: Unit,
    /// After it is done / adaptive: optional first due `YYYY-MM-DDTHH:MM`.
    pub first_due: String,
    /// One-off: optional due `YYYY-MM-DDTHH:MM`.
    pub due: String,
    pub after_task_id: Option<i64>,
    pub after_hours: u32,
    /// The free rule.
    pub rrule: String,
}

impl Draft {
    /// A new chore: weekly on today's weekday at 18:00, from today.
    pub fn new(today: Date) -> Draft {
        let mut weekdays = [false; 7];
        weekdays[today.weekday()] = true;
        Draft {
            preset: Preset::Weekly,
            start_date: today.iso(),
            time: "18:00".into(),
            every: 1,
            weekdays,
            month_day: today.day as i32,
            nth: today.nth_in_month().min(4),
            weekday: today.weekday(),
            count: 3,
            unit: Unit::Days,
            first_due: String::new(),
            due: String::new(),
            after_task_id: None,
            after_hours: 0,
            rrule: String::new(),
        }
    }

    /// Chooses a preset. Switching to the free rule starts from the rule
    /// the form showed, so a power user edits rather than types it anew.
    pub fn set_preset(&mut self, preset: Preset) {
        if preset == Preset::Custom && self.rrule.trim().is_empty() {
            if let Some(rule) = self.rule() {
                self.rrule = rule;
            }
        }
        self.preset = preset;
    }

    /// The RRULE of a calendar preset (`None` for the others, and for an
    /// empty free rule).
    pub fn rule(&self) -> Option<String> {
        let every = if self.every > 1 && self.preset.has_every() {
            format!(";INTERVAL={}", self.every)
        } else {
            String::new()
        };
        let rule = match self.preset {
            Preset::Daily => format!("FREQ=DAILY{every}"),
            Preset::Weekly => {
                let days: Vec<&str> = (0..7)
                    .filter(|d| self.weekdays[*d])
                    .map(|d| WEEKDAY_CODES[d])
                    .collect();
                format!("FREQ=WEEKLY{every};BYDAY={}", days.join(","))
            }
            Preset::MonthlyDay => format!("FREQ=MONTHLY{every};BYMONTHDAY={}", self.month_day),
            Preset::MonthlyWeekday => format!(
                "FREQ=MONTHLY{every};BYDAY={}{}",
                self.nth,
                WEEKDAY_CODES[self.weekday.min(6)]
            ),
            Preset::Yearly => {
                let date = Date::parse(&self.start_date)?;
                format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", date.month, date.day)
            }
            Preset::Custom => self.rrule.trim().to_string(),
            _ => return None,
        };
        Some(rule).filter(|r| !r.is_empty())
    }

    /// A calendar preset's start, `YYYY-MM-DDTHH:MM` on the household clock.
    pub fn start(&self) -> Option<String> {
        self.preset
            .is_calendar()
            .then(|| format!("{}T{}", self.start_date.trim(), self.time.trim()))
    }

    /// What the API gets for this schedule.
    pub fn fields(&self) -> Fields {
        let optional = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
        let mut fields = Fields::default();
        match self.preset {
            Preset::Once => {
                fields.kind = "once".into();
                fields.due = optional(&self.due);
            }
            Preset::AfterDone | Preset::Adaptive => {
                fields.kind = if self.preset == Preset::Adaptive {
                    "adaptive"
                } else {
                    "interval"
                }
                .into();
                fields.interval_count = Some(self.count);
                fields.interval_unit = Some(self.unit.key().into());
                fields.start = optional(&self.first_due);
            }
            Preset::AfterChore => {
                fields.kind = "after_task".into();
                fields.after_task_id = self.after_task_id;
                fields.after_hours = Some(self.after_hours);
            }
            _ => {
                fields.kind = "calendar".into();
                fields.rrule = self.rule();
                fields.start = self.start();
            }
        }
        fields
    }

    /// What the form must settle before anything is sent: the input it is
    /// about (`weekdays`, `every`, or the API's parameter) and why. A weekly
    /// schedule needs a day (without one the rule would quietly use the
    /// start's weekday), and a number field that does not hold a whole
    /// number is 0 here.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        match self.preset {
            Preset::Weekly if !self.weekdays.contains(&true) => {
                Some(("weekdays", crate::i18n::t(crate::i18n::K::SwNoWeekday)))
            }
            p if p.has_every() && self.every == 0 => {
                Some(("every", crate::i18n::t(crate::i18n::K::SwNotACount)))
            }
            Preset::AfterDone | Preset::Adaptive if self.count == 0 => Some((
                "p_interval_count",
                crate::i18n::t(crate::i18n::K::SwNotACount),
            )),
            _ => None,
        }
    }
}
