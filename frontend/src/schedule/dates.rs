//! Calendar dates as day numbers (days since 1970-01-01), for the little
//! date arithmetic the schedule builder and the month view need without a
//! date crate in the wasm. Proleptic Gregorian, as PostgreSQL's `date`.

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `None` for a day the month does not have.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD` (the start of a longer text such as `YYYY-MM-DDTHH:MM`);
    /// `None` for anything that is not a real date.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.get(..10)?;
        let mut parts = text.split('-');
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next()?;
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// `YYYY-MM-DD`, as a date input's value.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn month_length(self) -> u32 {
        days_in_month(self.year, self.month)
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// 0 is Monday … 6 Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> usize {
        (self.days() + 3).rem_euclid(7) as usize
    }

    /// Which of its weekday in the month this day is: 1 for the first … 5.
    pub fn nth_in_month(self) -> i32 {
        ((self.day - 1) / 7 + 1) as i32
    }

    /// Months since year 0, for whole-month steps.
    pub fn month_index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The first day of a month given by `month_index`.
    pub fn first_of(month_index: i64) -> Date {
        Date {
            year: month_index.div_euclid(12) as i32,
            month: (month_index.rem_euclid(12) + 1) as u32,
            day: 1,
        }
    }

    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    pub fn last_of_month(self) -> Date {
        Date {
            day: self.month_length(),
            ..self
        }
    }

    /// The first day of the month `months` later (or earlier).
    pub fn add_months(self, months: i32) -> Date {
        Date::first_of(self.month_index() + i64::from(months))
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
