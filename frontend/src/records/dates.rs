//! Calendar days and the household's clock: plain date arithmetic for the
//! month view, and instants shown and dated in the household's time zone
//! through `Intl.DateTimeFormat` (no date crate in the wasm).

use wasm_bindgen::{JsCast, JsValue};

/// A calendar day (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Day { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.get(..2)?.parse().ok()?;
        Day::new(year, month, day)
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    pub fn number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_number(n: i64) -> Day {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.number() + 3).rem_euclid(7) as u32
    }

    pub fn first_of_month(self) -> Day {
        Day { day: 1, ..self }
    }

    pub fn last_of_month(self) -> Day {
        Day {
            day: days_in_month(self.year, self.month),
            ..self
        }
    }

    /// The first day of the month `months` later (or earlier).
    pub fn add_months(self, months: i32) -> Day {
        let index = self.year * 12 + self.month as i32 - 1 + months;
        Day {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
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

/// The month containing `day` as weeks from Monday to Sunday; the days of
/// the neighbouring months are `None`.
pub fn month_weeks(day: Day) -> Vec<[Option<Day>; 7]> {
    let first = day.first_of_month();
    let lead = first.weekday() as i64;
    let last = day.last_of_month().number();
    let mut weeks = Vec::new();
    let mut start = first.number() - lead;
    while start <= last {
        let mut week = [None; 7];
        for (i, slot) in week.iter_mut().enumerate() {
            let n = start + i as i64;
            if n >= first.number() && n <= last {
                *slot = Some(Day::from_number(n));
            }
        }
        weeks.push(week);
        start += 7;
    }
    weeks
}

/// The reader's language, for Intl.
pub fn reader_locale() -> String {
    crate::i18n::locale()
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

/// An `Intl.DateTimeFormat`, or `None` when the browser refuses the
/// options (a zone it does not know): constructed through Reflect, which
/// reports the RangeError instead of trapping.
fn date_format(locale: &str, options: &js_sys::Object) -> Option<js_sys::Intl::DateTimeFormat> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = js_sys::Reflect::get(&intl, &"DateTimeFormat".into()).ok()?;
    let args = js_sys::Array::of2(&js_sys::Array::of1(&locale.into()), options);
    let constructor: &js_sys::Function = constructor.unchecked_ref();
    let made = js_sys::Reflect::construct(constructor, &args).ok()?;
    Some(made.unchecked_into())
}

fn parse_instant(iso: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    (!date.get_time().is_nan()).then_some(date)
}

/// The household's clock: instants shown and dated in its time zone (the
/// reader's own zone when the browser does not know it).
pub struct Clock {
    show: Option<js_sys::Intl::DateTimeFormat>,
    parts: Option<js_sys::Intl::DateTimeFormat>,
}

impl Clock {
    pub fn new(zone: &str) -> Clock {
        let locale = reader_locale();
        let with_zone = |pairs: &[(&str, &str)], locale: &str| {
            let o = options(pairs);
            let _ = js_sys::Reflect::set(&o, &"timeZone".into(), &zone.into());
            date_format(locale, &o).or_else(|| date_format(locale, &options(pairs)))
        };
        Clock {
            show: with_zone(&[("dateStyle", "medium"), ("timeStyle", "short")], &locale),
            // Numeric parts in a fixed locale: read back, never shown.
            parts: with_zone(
                &[
                    ("year", "numeric"),
                    ("month", "numeric"),
                    ("day", "numeric"),
                ],
                "en-US",
            ),
        }
    }

    /// "26 Nov 2026, 18:00" in the reader's locale; the raw text if it
    /// does not parse.
    pub fn show(&self, iso: &str) -> String {
        match (parse_instant(iso), &self.show) {
            (Some(date), Some(format)) => format
                .format()
                .call1(&JsValue::NULL, &date)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| iso.to_string()),
            _ => iso.to_string(),
        }
    }

    /// The household's date of an instant.
    pub fn day_of(&self, iso: &str) -> Option<Day> {
        self.day_of_date(&parse_instant(iso)?)
    }

    pub fn today(&self) -> Option<Day> {
        self.day_of_date(&js_sys::Date::new_0())
    }

    fn day_of_date(&self, date: &js_sys::Date) -> Option<Day> {
        let parts = self.parts.as_ref()?.format_to_parts(date);
        let (mut year, mut month, mut day) = (None, None, None);
        for part in parts.iter() {
            let kind = js_sys::Reflect::get(&part, &"type".into())
                .ok()?
                .as_string()?;
            let value = js_sys::Reflect::get(&part, &"value".into())
                .ok()?
                .as_string()?;
            match kind.as_str() {
                "year" => year = value.parse().ok(),
                "month" => month = value.parse().ok(),
                "day" => day = value.parse().ok(),
                _ => {}
            }
        }
        Day::new(year?, month?, day?)
    }
}

/// "November 2026" in the reader's locale.
pub fn month_title(day: Day) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(
        day.first_of_month().number() as f64 * 86_400_000.0,
    ));
    let o = options(&[("month", "long"), ("year", "numeric"), ("timeZone", "UTC")]);
    date.to_locale_string(&reader_locale(), &o).into()
}

/// "Thursday, 26 November 2026" in the reader's locale.
pub fn long_date(day: Day) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(day.number() as f64 * 86_400_000.0));
    let o = options(&[("dateStyle", "full"), ("timeZone", "UTC")]);
    date.to_locale_date_string(&reader_locale(), &o).into()
}

/// Weekday names from Monday, short and long, in the reader's locale.
pub fn weekday_names() -> Vec<(String, String)> {
    let short = options(&[("weekday", "short"), ("timeZone", "UTC")]);
    let long = options(&[("weekday", "long"), ("timeZone", "UTC")]);
    let locale = reader_locale();
    // 2024-01-01 was a Monday.
    let monday = Day {
        year: 2024,
        month: 1,
        day: 1,
    }
    .number();
    (0..7)
        .map(|i| {
            let date = js_sys::Date::new(&JsValue::from_f64((monday + i) as f64 * 86_400_000.0));
            (
                date.to_locale_date_string(&locale, &short).into(),
                date.to_locale_date_string(&locale, &long).into(),
            )
        })
        .collect()
}
