//! Calendar days and the household's clock: plain date arithmetic for the
//! month view, and instants shown and dated in the household's time zone
//! through `Intl.DateTimeFormat` (no date crate in the wasm).

use wasm_bindgen::{JsCast, JsValue};

/// A calendar day: the schedule builder's date type, one set of calendar
/// arithmetic for the app.
pub use crate::schedule::dates::{days_in_month, Date as Day};

/// The month containing `day` as weeks from Monday to Sunday; the days of
/// the neighbouring months are `None`.
pub fn month_weeks(day: Day) -> Vec<[Option<Day>; 7]> {
    let first = day.first_of_month();
    let lead = first.weekday() as i64;
    let last = day.last_of_month().days();
    let mut weeks = Vec::new();
    let mut start = first.days() - lead;
    while start <= last {
        let mut week = [None; 7];
        for (i, slot) in week.iter_mut().enumerate() {
            let n = start + i as i64;
            if n >= first.days() && n <= last {
                *slot = Some(Day::from_days(n));
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
        day.first_of_month().days() as f64 * 86_400_000.0,
    ));
    let o = options(&[("month", "long"), ("year", "numeric"), ("timeZone", "UTC")]);
    date.to_locale_string(&reader_locale(), &o).into()
}

/// "Thursday, 26 November 2026" in the reader's locale.
pub fn long_date(day: Day) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(day.days() as f64 * 86_400_000.0));
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
    .days();
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
