//! A stored chore's schedule read back into the editor's presets.

use super::dates::Date;
use super::rule::{self, Freq, Rule};
use super::{Draft, Fields, Preset, Unit};

impl Draft {
    /// A stored chore's schedule read back into the form: the preset that
    /// produces exactly its fields, else the free rule. `today` (on the
    /// household clock) moves an old start forward by whole periods, so
    /// the preview begins near now and the due dates stay the same.
    pub fn from_fields(fields: &Fields, today: Date) -> Draft {
        let mut draft = Draft::new(today);
        let start = fields.start.as_deref().unwrap_or("");
        match fields.kind.as_str() {
            "calendar" => {
                if let Some(date) = Date::parse(start) {
                    draft.start_date = date.iso();
                }
                if let Some(time) = start.get(11..16) {
                    draft.time = time.to_string();
                }
                let text = fields.rrule.clone().unwrap_or_default();
                draft.preset = rule::parse(&text)
                    .filter(Rule::is_plain)
                    .and_then(|rule| draft.take_rule(&rule))
                    .unwrap_or(Preset::Custom);
                if draft.preset == Preset::Custom {
                    draft.rrule = text;
                } else {
                    draft.advance(today);
                }
            }
            "interval" | "adaptive" => {
                draft.preset = if fields.kind == "adaptive" {
                    Preset::Adaptive
                } else {
                    Preset::AfterDone
                };
                draft.count = fields.interval_count.unwrap_or(1);
                draft.unit = fields
                    .interval_unit
                    .as_deref()
                    .and_then(Unit::from_key)
                    .unwrap_or(Unit::Days);
                draft.first_due = start.get(..16).unwrap_or("").to_string();
            }
            "after_task" => {
                draft.preset = Preset::AfterChore;
                draft.after_task_id = fields.after_task_id;
                draft.after_hours = fields.after_hours.unwrap_or(0);
            }
            _ => {
                draft.preset = Preset::Once;
                draft.due = fields.due.clone().unwrap_or_default();
            }
        }
        draft
    }

    /// Sets the inputs of the preset that writes exactly `rule`, if one does.
    fn take_rule(&mut self, rule: &Rule) -> Option<Preset> {
        let only_days = rule.by_month_day.is_empty() && rule.by_month.is_empty();
        let plain_days = !rule.by_day.is_empty() && rule.by_day.iter().all(|(n, _)| *n == 0);
        self.every = rule.interval;
        match rule.freq {
            Freq::Daily if only_days && rule.by_day.is_empty() => Some(Preset::Daily),
            Freq::Weekly if only_days && plain_days => {
                self.weekdays = [false; 7];
                for (_, day) in &rule.by_day {
                    self.weekdays[*day] = true;
                }
                Some(Preset::Weekly)
            }
            Freq::Monthly => match (&rule.by_day[..], &rule.by_month_day[..]) {
                ([], [day])
                    if rule.by_month.is_empty() && (*day == -1 || (1..=31).contains(day)) =>
                {
                    self.month_day = *day;
                    Some(Preset::MonthlyDay)
                }
                ([(n, day)], []) if only_days && (*n == -1 || (1..=4).contains(n)) => {
                    self.nth = *n;
                    self.weekday = *day;
                    Some(Preset::MonthlyWeekday)
                }
                _ => None,
            },
            Freq::Yearly if rule.interval == 1 && rule.by_day.is_empty() => {
                let ([month], [day]) = (&rule.by_month[..], &rule.by_month_day[..]) else {
                    return None;
                };
                let year = Date::parse(&self.start_date)?.year;
                let date = Date {
                    year,
                    month: *month,
                    day: u32::try_from(*day).ok()?,
                };
                // The start moves to that day of its year: the same dates.
                self.start_date = Date::parse(&date.iso())?.iso();
                Some(Preset::Yearly)
            }
            _ => None,
        }
    }

    /// Moves the start forward by whole periods of the rule while it stays
    /// on or before `today`: what is due from today on does not change.
    fn advance(&mut self, today: Date) {
        let Some(start) = Date::parse(&self.start_date) else {
            return;
        };
        if start >= today {
            return;
        }
        let every = i64::from(self.every.max(1));
        let moved = match self.preset {
            Preset::Daily | Preset::Weekly => {
                let step = if self.preset == Preset::Daily {
                    every
                } else {
                    7 * every
                };
                start.add_days((today.days() - start.days()) / step * step)
            }
            Preset::MonthlyDay | Preset::MonthlyWeekday => {
                let months = (today.month_index() - start.month_index()) / every * every;
                if months == 0 {
                    return;
                }
                Date::first_of(start.month_index() + months)
            }
            Preset::Yearly => {
                let this_year = Date {
                    year: today.year,
                    ..start
                };
                let year = if this_year <= today {
                    today.year
                } else {
                    today.year - 1
                };
                match Date::parse(&Date { year, ..start }.iso()) {
                    Some(date) if date > start => date,
                    _ => return,
                }
            }
            _ => return,
        };
        self.start_date = moved.iso();
    }
}
