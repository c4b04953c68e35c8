//! The household's wall clock in the browser, through the browser's own
//! time-zone data (Intl): today's date there, an instant shown in that zone
//! in the reader's language, and a household-local time turned into an
//! instant for the API.

use super::dates::Date;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Formats `ms` since the epoch with `Intl.DateTimeFormat(locale, options)`;
/// `None` where Intl refuses the options (a zone this browser lacks)
/// instead of the exception the plain bindings would let through.
fn format(ms: f64, locale: &str, pairs: &[(&str, &str)]) -> Option<String> {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let class: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let formatter = Reflect::construct(&class, &Array::of2(&locale.into(), &options)).ok()?;
    let format: Function = Reflect::get(&formatter, &"format".into())
        .ok()?
        .dyn_into()
        .ok()?;
    format
        .call1(&JsValue::NULL, &JsValue::from_f64(ms))
        .ok()?
        .as_string()
}

/// `YYYY-MM-DDTHH:MM` on the clock of `zone` at `ms` since the epoch;
/// `None` for an unknown zone.
fn wall_clock(ms: f64, zone: &str) -> Option<String> {
    // Swedish writes dates and times the ISO way: "2026-11-26 09:15".
    let text = format(
        ms,
        "sv-SE",
        &[
            ("timeZone", zone),
            ("year", "numeric"),
            ("month", "2-digit"),
            ("day", "2-digit"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
        ],
    )?
    .replace(' ', "T");
    (text.len() == 16).then_some(text)
}

/// Today on the household clock (the browser's own, if the zone is unknown).
pub fn today(zone: &str) -> Date {
    let now = js_sys::Date::now();
    wall_clock(now, zone)
        .and_then(|t| Date::parse(&t))
        .unwrap_or_else(|| Date::from_days((now / 86_400_000.0).floor() as i64))
}

/// An instant from the API as `YYYY-MM-DDTHH:MM` on the household clock.
pub fn to_local(iso: &str, zone: &str) -> Option<String> {
    let ms = js_sys::Date::parse(iso);
    if ms.is_nan() {
        return None;
    }
    wall_clock(ms, zone)
}

/// A household-local `YYYY-MM-DDTHH:MM` as an instant (ISO, UTC) for the
/// API, the way the API reads local times (RFC 5545 §3.3.5): an ambiguous
/// time (clocks going back) is the earlier instant, one that does not exist
/// (clocks going forward) moves forward by the gap.
pub fn to_instant(local: &str, zone: &str) -> Option<String> {
    const HALF_DAY: f64 = 43_200_000.0;
    // Date.parse accepts much more than ISO: check the shape first.
    let time = local
        .get(10..)
        .filter(|t| t.len() == 6 && t.starts_with('T'))?;
    let digits = |part: Option<&str>, max: u32| part?.parse::<u32>().ok().filter(|n| *n <= max);
    digits(time.get(1..3), 23)?;
    digits(time.get(4..6), 59)?;
    Date::parse(local)?;
    let naive = js_sys::Date::parse(&format!("{local}:00Z"));
    if naive.is_nan() || time.get(3..4) != Some(":") {
        return None;
    }
    // The zone's offsets half a day before and after: any change of
    // offset near this time lies between them.
    let offset = |ms: f64| -> Option<f64> {
        Some(js_sys::Date::parse(&format!("{}:00Z", wall_clock(ms, zone)?)) - ms)
    };
    let before = naive - offset(naive - HALF_DAY)?;
    let after = naive - offset(naive + HALF_DAY)?;
    let shows_local = |ms: f64| wall_clock(ms, zone).as_deref() == Some(local);
    let instant = match (shows_local(before), shows_local(after)) {
        (true, true) => before.min(after),
        (true, false) => before,
        (false, true) => after,
        (false, false) => before,
    };
    Some(
        js_sys::Date::new(&JsValue::from_f64(instant))
            .to_iso_string()
            .into(),
    )
}

/// "Monday, 30 March 2026 at 18:00"-style text in the reader's language,
/// on the household clock.
pub fn long_date_time(iso: &str, zone: &str) -> String {
    let ms = js_sys::Date::parse(iso);
    let language = crate::i18n::locale();
    let style = [("dateStyle", "full"), ("timeStyle", "short")];
    let zoned = [style[0], style[1], ("timeZone", zone)];
    (!ms.is_nan())
        .then(|| format(ms, &language, &zoned).or_else(|| format(ms, &language, &style)))
        .flatten()
        .unwrap_or_else(|| iso.to_string())
}
