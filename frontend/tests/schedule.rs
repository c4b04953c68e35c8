//! The schedule builder's logic, run in headless Chromium:
//! `cargo test -p frontend --target wasm32-unknown-unknown --test schedule`.
//! Presets → the API's fields (calendar presets: RRULE + start) and the
//! plain words (stored chores read back and the household clock:
//! schedule_stored.rs).

use frontend::schedule::dates::Date;
use frontend::schedule::words::{describe, describe_rule, ordinal};
use frontend::schedule::{Draft, Preset, Unit};
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

fn words(draft: &Draft) -> String {
    describe(&draft.fields(), None)
}

#[wasm_bindgen_test]
fn a_new_chore_starts_weekly_on_todays_weekday() {
    let draft = Draft::new(today());
    assert_eq!(draft.preset, Preset::Weekly);
    assert_eq!(draft.rule().as_deref(), Some("FREQ=WEEKLY;BYDAY=TH"));
    assert_eq!(draft.start().as_deref(), Some("2026-11-26T18:00"));
}

#[wasm_bindgen_test]
fn calendar_presets_make_an_rrule_and_a_start() {
    let mut d = draft(Preset::Daily);
    assert_eq!(d.rule().as_deref(), Some("FREQ=DAILY"));
    d.every = 3;
    assert_eq!(d.rule().as_deref(), Some("FREQ=DAILY;INTERVAL=3"));

    let mut w = draft(Preset::Weekly);
    w.weekdays = [true, false, false, true, false, false, false];
    w.every = 2;
    assert_eq!(
        w.rule().as_deref(),
        Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH")
    );

    let mut m = draft(Preset::MonthlyDay);
    m.month_day = 15;
    assert_eq!(m.rule().as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=15"));
    m.month_day = -1;
    assert_eq!(m.rule().as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=-1"));

    let mut n = draft(Preset::MonthlyWeekday);
    n.nth = -1;
    n.weekday = 4;
    assert_eq!(n.rule().as_deref(), Some("FREQ=MONTHLY;BYDAY=-1FR"));
    n.nth = 2;
    n.weekday = 1;
    n.every = 3;
    assert_eq!(
        n.rule().as_deref(),
        Some("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU")
    );

    let mut y = draft(Preset::Yearly);
    y.start_date = "2026-12-01".into();
    y.every = 4; // not offered for yearly: ignored
    assert_eq!(
        y.rule().as_deref(),
        Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1")
    );

    let fields = y.fields();
    assert_eq!(fields.kind, "calendar");
    assert_eq!(fields.start.as_deref(), Some("2026-12-01T18:00"));
    assert_eq!(fields.interval_count, None);
    assert_eq!(fields.due, None);
}

#[wasm_bindgen_test]
fn the_free_rule_starts_from_the_rule_shown() {
    let mut d = draft(Preset::MonthlyWeekday);
    d.nth = -1;
    d.weekday = 4;
    d.set_preset(Preset::Custom);
    assert_eq!(d.rrule, "FREQ=MONTHLY;BYDAY=-1FR");
    d.rrule = "  FREQ=WEEKLY;BYDAY=SA  ".into();
    d.set_preset(Preset::Daily);
    d.set_preset(Preset::Custom);
    assert_eq!(
        d.rule().as_deref(),
        Some("FREQ=WEEKLY;BYDAY=SA"),
        "kept, trimmed"
    );
    d.rrule = " ".into();
    assert_eq!(d.rule(), None, "the API names the missing rule");
    assert_eq!(d.fields().kind, "calendar");
}

#[wasm_bindgen_test]
fn other_presets_send_their_own_fields() {
    let mut a = draft(Preset::AfterDone);
    a.count = 3;
    a.unit = Unit::Days;
    let f = a.fields();
    assert_eq!(
        (
            f.kind.as_str(),
            f.interval_count,
            f.interval_unit.as_deref(),
            f.rrule,
            f.start
        ),
        ("interval", Some(3), Some("days"), None, None)
    );
    a.first_due = "2026-11-28T09:00".into();
    assert_eq!(a.fields().start.as_deref(), Some("2026-11-28T09:00"));

    let mut g = draft(Preset::Adaptive);
    g.count = 2;
    g.unit = Unit::Weeks;
    let f = g.fields();
    assert_eq!((f.kind.as_str(), f.interval_count), ("adaptive", Some(2)));
    assert_eq!(f.interval_unit.as_deref(), Some("weeks"));

    let mut c = draft(Preset::AfterChore);
    c.after_task_id = Some(8);
    c.after_hours = 2;
    let f = c.fields();
    assert_eq!(
        (f.kind.as_str(), f.after_task_id, f.after_hours),
        ("after_task", Some(8), Some(2))
    );

    let mut o = draft(Preset::Once);
    assert_eq!(o.fields().kind, "once");
    assert_eq!(o.fields().due, None);
    o.due = "2026-11-30T18:00".into();
    assert_eq!(o.fields().due.as_deref(), Some("2026-11-30T18:00"));
}

#[wasm_bindgen_test]
fn the_form_refuses_what_the_api_would_misread() {
    let mut w = draft(Preset::Weekly);
    w.weekdays = [false; 7];
    assert_eq!(w.problem().map(|p| p.0), Some("weekdays"));
    w.weekdays[0] = true;
    assert_eq!(w.problem(), None);
    w.every = 0;
    assert_eq!(w.problem().map(|p| p.0), Some("every"));
    let mut a = draft(Preset::AfterDone);
    a.count = 0;
    assert_eq!(a.problem().map(|p| p.0), Some("p_interval_count"));
    a.set_preset(Preset::Once);
    assert_eq!(a.problem(), None, "only the chosen preset's inputs count");
}

#[wasm_bindgen_test]
fn plain_words_for_each_preset() {
    let mut w = draft(Preset::Weekly);
    w.weekdays = [true, false, false, true, false, false, false];
    w.every = 2;
    assert_eq!(words(&w), "Every 2 weeks on Monday and Thursday at 18:00");
    w.every = 1;
    w.weekdays = [true, false, true, false, true, false, false];
    assert_eq!(
        words(&w),
        "Every week on Monday, Wednesday and Friday at 18:00"
    );

    let mut d = draft(Preset::Daily);
    d.time = "07:30".into();
    assert_eq!(words(&d), "Every day at 07:30");
    d.every = 2;
    assert_eq!(words(&d), "Every 2 days at 07:30");

    let mut n = draft(Preset::MonthlyWeekday);
    n.nth = -1;
    n.weekday = 4;
    n.time = "10:00".into();
    assert_eq!(words(&n), "On the last Friday of every month at 10:00");
    n.nth = 2;
    n.weekday = 1;
    n.every = 3;
    assert_eq!(
        words(&n),
        "On the second Tuesday of every 3 months at 10:00"
    );

    let mut m = draft(Preset::MonthlyDay);
    m.month_day = 15;
    assert_eq!(words(&m), "On day 15 of every month at 18:00");
    m.month_day = -1;
    assert_eq!(words(&m), "On the last day of every month at 18:00");

    let mut y = draft(Preset::Yearly);
    y.start_date = "2026-12-01".into();
    y.time = "10:00".into();
    assert_eq!(words(&y), "Every year on 1 December at 10:00");

    let mut a = draft(Preset::AfterDone);
    a.count = 3;
    assert_eq!(words(&a), "Every 3 days after it is done");
    a.count = 1;
    a.unit = Unit::Weeks;
    a.first_due = "2026-11-30T18:00".into();
    assert_eq!(
        words(&a),
        "Every week after it is done, first due on 30 November 2026 at 18:00"
    );

    let mut g = draft(Preset::Adaptive);
    g.count = 2;
    g.unit = Unit::Weeks;
    assert_eq!(
        words(&g),
        "Learns from when it is done (first guess: every 2 weeks)"
    );

    let mut c = draft(Preset::AfterChore);
    c.after_task_id = Some(8);
    c.after_hours = 2;
    assert_eq!(
        describe(&c.fields(), Some("Vacuum the flat")),
        "2 hours after “Vacuum the flat” is done"
    );
    c.after_hours = 0;
    assert_eq!(words(&c), "Right after another chore is done");

    let mut o = draft(Preset::Once);
    assert_eq!(words(&o), "Once, with no due date");
    o.due = "2026-11-30T18:00".into();
    assert_eq!(words(&o), "Once, due on 30 November 2026 at 18:00");
}

#[wasm_bindgen_test]
fn plain_words_for_free_rules() {
    let at = |rule: &str, start: &str| describe_rule(rule, Some(start));
    assert_eq!(
        at("FREQ=MONTHLY;BYDAY=1SA", "2026-09-27T11:00:00"),
        "On the first Saturday of every month at 11:00"
    );
    assert_eq!(
        at("rrule:freq=daily;count=10", "2026-11-26T08:00"),
        "Every day at 08:00, 10 times",
        "any case, with the prefix"
    );
    assert_eq!(
        at("FREQ=WEEKLY;UNTIL=20270105", "2026-11-26T18:00"),
        "Every week on Thursday at 18:00, until 5 January 2027",
        "the start's weekday"
    );
    assert_eq!(
        at("FREQ=MONTHLY;BYMONTHDAY=1,15", "2026-11-26T09:00"),
        "On days 1 and 15 of every month at 09:00"
    );
    assert_eq!(
        at("FREQ=MONTHLY", "2026-11-26T09:00"),
        "On day 26 of every month at 09:00"
    );
    assert_eq!(
        at("FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO", "2026-11-26T10:00"),
        "Every year on the last Monday of May at 10:00"
    );
    assert_eq!(
        at("FREQ=YEARLY;INTERVAL=2", "2026-11-26T10:00"),
        "Every 2 years on 26 November at 10:00"
    );
    assert_eq!(
        at("FREQ=DAILY;BYMONTH=6,7,8", "2026-11-26T06:00"),
        "Every day in June, July and August at 06:00"
    );
    assert_eq!(
        at(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "2026-11-26T17:00"
        ),
        "Repeats by the rule FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 at 17:00",
        "what the words do not say is shown as the rule"
    );
    assert_eq!(
        at("FREQ=HOURLY", "2026-11-26T17:00"),
        "Repeats by the rule FREQ=HOURLY at 17:00"
    );
    assert_eq!(ordinal(-2), "second to last");
    assert_eq!(ordinal(22), "22nd");
    assert_eq!(ordinal(13), "13th");
}
