//! Stored chores read back into the editor's presets, and the dates and
//! household clock under them, run in headless Chromium:
//! `cargo test -p frontend --target wasm32-unknown-unknown --test schedule_stored`.

use frontend::schedule::dates::Date;
use frontend::schedule::{zone, Draft, Fields, Preset, Unit};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Thursday 26 November 2026.
fn today() -> Date {
    Date::parse("2026-11-26").unwrap()
}

fn draft(preset: Preset) -> Draft {
    let mut draft = Draft::new(today());
    draft.set_preset(preset);
    draft.time = "18:00".into();
    draft
}

fn stored(rule: &str, start: &str) -> Fields {
    Fields {
        kind: "calendar".into(),
        rrule: Some(rule.into()),
        start: Some(start.into()),
        ..Fields::default()
    }
}

#[wasm_bindgen_test]
fn dates_count_days_and_weekdays() {
    let day = today();
    assert_eq!(day.weekday(), 3, "a Thursday");
    assert_eq!(Date::from_days(day.days()), day);
    assert_eq!(Date::from_days(0).iso(), "1970-01-01");
    assert_eq!(day.add_days(6).iso(), "2026-12-02");
    assert_eq!(
        Date::parse("2028-02-28").unwrap().add_days(1).iso(),
        "2028-02-29"
    );
    assert_eq!(day.nth_in_month(), 4);
    assert_eq!(Date::parse("2026-02-29"), None, "not a leap year");
    assert_eq!(Date::parse("2026-13-01"), None);
    assert_eq!(Date::parse("26-11-2026"), None);
    assert_eq!(Date::first_of(day.month_index() + 2).iso(), "2027-01-01");
}

#[wasm_bindgen_test]
fn every_preset_reads_back_as_itself() {
    let mut w = draft(Preset::Weekly);
    w.weekdays = [true, false, false, true, false, false, false];
    w.every = 2;
    let mut n = draft(Preset::MonthlyWeekday);
    n.nth = -1;
    n.weekday = 4;
    let mut m = draft(Preset::MonthlyDay);
    m.month_day = 31;
    let mut y = draft(Preset::Yearly);
    y.start_date = "2026-12-01".into();
    let mut a = draft(Preset::AfterDone);
    a.count = 3;
    a.first_due = "2026-11-28T09:00".into();
    let mut g = draft(Preset::Adaptive);
    g.count = 2;
    g.unit = Unit::Weeks;
    let mut c = draft(Preset::AfterChore);
    c.after_task_id = Some(8);
    c.after_hours = 5;
    let mut o = draft(Preset::Once);
    o.due = "2026-11-30T18:00".into();
    let mut r = draft(Preset::Custom);
    r.rrule = "FREQ=WEEKLY;BYDAY=MO;COUNT=5".into();
    for original in [draft(Preset::Daily), w, n, m, y, a, g, c, o, r] {
        let back = Draft::from_fields(&original.fields(), today());
        assert_eq!(back.preset, original.preset, "{original:?}");
        assert_eq!(back.fields(), original.fields(), "{original:?}");
    }
}

#[wasm_bindgen_test]
fn an_old_start_moves_forward_by_whole_periods() {
    let read = |rule: &str, start: &str| Draft::from_fields(&stored(rule, start), today());
    // 2026-01-05 is a Monday; 23 fortnights later is Monday 23 November.
    let w = read("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2026-01-05T18:00:00");
    assert_eq!(
        (w.preset, w.start_date.as_str()),
        (Preset::Weekly, "2026-11-23")
    );
    assert_eq!(w.time, "18:00");
    let d = read("FREQ=DAILY", "2026-11-12T20:00:00");
    assert_eq!(d.start_date, "2026-11-26");
    let m = read(
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31",
        "2026-01-31T09:00:00",
    );
    assert_eq!(
        (m.preset, m.start_date.as_str()),
        (Preset::MonthlyDay, "2026-10-01")
    );
    let n = read("FREQ=MONTHLY;BYDAY=1SA", "2026-09-27T11:00:00");
    assert_eq!((n.preset, n.nth, n.weekday), (Preset::MonthlyWeekday, 1, 5));
    assert_eq!(n.start_date, "2026-11-01");
    let y = read("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1", "2024-06-10T10:00:00");
    assert_eq!(
        (y.preset, y.start_date.as_str()),
        (Preset::Yearly, "2025-12-01")
    );
    let future = read("FREQ=DAILY", "2027-01-01T08:00:00");
    assert_eq!(future.start_date, "2027-01-01", "a start ahead stays");
    let custom = read("FREQ=WEEKLY;BYDAY=MO;COUNT=5", "2026-01-05T18:00:00");
    assert_eq!(custom.preset, Preset::Custom);
    assert_eq!(
        custom.start_date, "2026-01-05",
        "counted from the start: kept"
    );
    let setpos = read("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "2026-01-05T18:00:00");
    assert_eq!(setpos.preset, Preset::Custom);
}

#[wasm_bindgen_test]
fn the_household_clock() {
    // A time that does not exist moves forward by the gap; an ambiguous
    // one is the earlier instant (as the API reads local times).
    assert_eq!(
        zone::to_instant("2026-03-29T02:30", "Europe/Berlin").as_deref(),
        Some("2026-03-29T01:30:00.000Z")
    );
    assert_eq!(
        zone::to_instant("2026-10-25T02:30", "Europe/Berlin").as_deref(),
        Some("2026-10-25T00:30:00.000Z")
    );
    assert_eq!(
        zone::to_instant("2026-11-30T18:00", "America/New_York").as_deref(),
        Some("2026-11-30T23:00:00.000Z")
    );
    assert_eq!(
        zone::to_local("2026-03-29T01:30:00+00:00", "Europe/Berlin").as_deref(),
        Some("2026-03-29T03:30")
    );
    assert_eq!(zone::to_instant("not a time", "UTC"), None);
    assert_eq!(zone::to_local("2026-11-30T18:00:00Z", "Not/AZone"), None);
    let today = zone::today("Pacific/Kiritimati");
    assert!(Date::parse(&today.iso()).is_some());
    assert!(zone::long_date_time("2026-03-30T18:00:00+02:00", "Europe/Berlin").contains("2026"));
}
