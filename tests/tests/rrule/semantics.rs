//! Hand-checked instants: DST changes (RFC 5545 §3.3.5) and the choices
//! docs/DESIGN.md "Schedule rules" documents, where the differential test
//! cannot ask the crate.
use crate::first;

/// (rule, local start, zone, the instants expected first)
fn check(cases: &[(&str, &str, &str, &[&str])]) {
    for (rule, start, zone, expected) in cases {
        assert_eq!(
            first(rule, start, zone, expected.len().max(1)),
            *expected,
            "{rule} from {start} in {zone}"
        );
    }
}

#[test]
fn a_missing_local_time_moves_forward_by_the_gap() {
    check(&[
        // Berlin springs forward at 02:00 to 03:00.
        (
            "FREQ=DAILY",
            "2026-03-28T02:30",
            "Europe/Berlin",
            &[
                "2026-03-28T02:30:00+01:00",
                "2026-03-29T03:30:00+02:00",
                "2026-03-30T02:30:00+02:00",
            ],
        ),
        // The start itself in the gap: the next day is at 02:30 again.
        (
            "FREQ=DAILY",
            "2026-03-29T02:30",
            "Europe/Berlin",
            &["2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"],
        ),
        (
            "FREQ=DAILY",
            "2026-03-08T02:30",
            "America/New_York",
            &["2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"],
        ),
        // Lord Howe Island springs forward by 30 minutes, 02:00 to 02:30.
        (
            "FREQ=DAILY",
            "2026-10-04T02:15",
            "Australia/Lord_Howe",
            &["2026-10-04T02:45:00+11:00", "2026-10-05T02:15:00+11:00"],
        ),
        // Santiago skips the hour after midnight.
        (
            "FREQ=DAILY",
            "2026-09-05T00:30",
            "America/Santiago",
            &[
                "2026-09-05T00:30:00-04:00",
                "2026-09-06T01:30:00-03:00",
                "2026-09-07T00:30:00-03:00",
            ],
        ),
        // A weekly chore keeps its weekday and time around the change.
        (
            "FREQ=WEEKLY;BYDAY=SU",
            "2026-03-22T02:30",
            "Europe/Berlin",
            &[
                "2026-03-22T02:30:00+01:00",
                "2026-03-29T03:30:00+02:00",
                "2026-04-05T02:30:00+02:00",
            ],
        ),
    ]);
}

#[test]
fn an_ambiguous_local_time_is_the_earlier_instant() {
    check(&[
        // Berlin falls back at 03:00 to 02:00: 02:30 happens twice.
        (
            "FREQ=DAILY",
            "2026-10-24T02:30",
            "Europe/Berlin",
            &[
                "2026-10-24T02:30:00+02:00",
                "2026-10-25T02:30:00+02:00",
                "2026-10-26T02:30:00+01:00",
            ],
        ),
        (
            "FREQ=DAILY",
            "2026-10-25T02:30",
            "Europe/Berlin",
            &["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"],
        ),
        (
            "FREQ=DAILY",
            "2026-11-01T01:30",
            "America/New_York",
            &["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"],
        ),
        // Lord Howe falls back by 30 minutes, 02:00 to 01:30.
        (
            "FREQ=DAILY",
            "2026-04-05T01:45",
            "Australia/Lord_Howe",
            &["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"],
        ),
        (
            "FREQ=DAILY",
            "2026-04-04T23:30",
            "America/Santiago",
            &["2026-04-04T23:30:00-03:00", "2026-04-05T23:30:00-04:00"],
        ),
        // No DST: the offset never changes.
        (
            "FREQ=MONTHLY",
            "2026-03-29T02:30",
            "Asia/Kolkata",
            &["2026-03-29T02:30:00+05:30", "2026-04-29T02:30:00+05:30"],
        ),
    ]);
}

#[test]
fn the_start_counts_only_when_it_matches() {
    check(&[
        // A Wednesday start of a Monday rule: COUNT counts Mondays.
        (
            "FREQ=WEEKLY;BYDAY=MO;COUNT=2",
            "2026-01-07T09:00",
            "UTC",
            &["2026-01-12T09:00:00+00:00", "2026-01-19T09:00:00+00:00"],
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=2",
            "2026-01-15T09:00",
            "UTC",
            &["2026-01-15T09:00:00+00:00", "2026-02-15T09:00:00+00:00"],
        ),
        // What the rule leaves open comes from the start: the 31st, so
        // months without one are skipped, not shortened.
        (
            "FREQ=MONTHLY",
            "2026-01-31T09:00",
            "UTC",
            &[
                "2026-01-31T09:00:00+00:00",
                "2026-03-31T09:00:00+00:00",
                "2026-05-31T09:00:00+00:00",
            ],
        ),
        (
            "FREQ=YEARLY",
            "2024-02-29T09:00",
            "UTC",
            &["2024-02-29T09:00:00+00:00", "2028-02-29T09:00:00+00:00"],
        ),
    ]);
}

#[test]
fn until_is_inclusive_in_all_three_forms() {
    let berlin = |rule: &str, count: usize| -> Vec<String> {
        first(rule, "2026-01-01T18:00", "Europe/Berlin", 10)
            .into_iter()
            .inspect(|i| assert!(i.ends_with("T18:00:00+01:00"), "{i}"))
            .take(count + 1)
            .collect()
    };
    // A date: every instance on that local day.
    assert_eq!(berlin("FREQ=DAILY;UNTIL=20260103", 3).len(), 3);
    // A local date and time, on the household's clock.
    assert_eq!(berlin("FREQ=DAILY;UNTIL=20260103T180000", 3).len(), 3);
    assert_eq!(berlin("FREQ=DAILY;UNTIL=20260103T175959", 2).len(), 2);
    // UTC (18:00 in Berlin in winter is 17:00Z).
    assert_eq!(berlin("FREQ=DAILY;UNTIL=20260103T170000Z", 3).len(), 3);
    assert_eq!(berlin("FREQ=DAILY;UNTIL=20260103T165959Z", 2).len(), 2);
    // Before the start: nothing.
    assert!(berlin("FREQ=DAILY;UNTIL=20251231", 0).is_empty());
}

#[test]
fn numbered_weekdays_and_set_positions() {
    check(&[
        // The last workday of each month.
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "2026-01-01T18:00",
            "UTC",
            &[
                "2026-01-30T18:00:00+00:00",
                "2026-02-27T18:00:00+00:00",
                "2026-03-31T18:00:00+00:00",
            ],
        ),
        // Friday the 13th.
        (
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
            "2026-01-01T09:00",
            "UTC",
            &[
                "2026-02-13T09:00:00+00:00",
                "2026-03-13T09:00:00+00:00",
                "2026-11-13T09:00:00+00:00",
            ],
        ),
        // Counted within the year without BYMONTH, within the month with it.
        (
            "FREQ=YEARLY;BYDAY=20MO",
            "2026-01-01T09:00",
            "UTC",
            &["2026-05-18T09:00:00+00:00", "2027-05-17T09:00:00+00:00"],
        ),
        (
            "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "2026-01-01T09:00",
            "UTC",
            &["2026-03-29T09:00:00+00:00", "2027-03-28T09:00:00+00:00"],
        ),
        // The fifth-last Monday: only months with five Mondays have one.
        (
            "FREQ=MONTHLY;BYDAY=-5MO",
            "2026-01-01T09:00",
            "UTC",
            &[
                "2026-03-02T09:00:00+00:00",
                "2026-06-01T09:00:00+00:00",
                "2026-08-03T09:00:00+00:00",
            ],
        ),
        // Plain and numbered weekdays together: every Monday and the first
        // Friday (the union; python-dateutil and the crate intersect them).
        (
            "FREQ=MONTHLY;BYDAY=MO,1FR",
            "2026-01-01T09:00",
            "UTC",
            &[
                "2026-01-02T09:00:00+00:00",
                "2026-01-05T09:00:00+00:00",
                "2026-01-12T09:00:00+00:00",
                "2026-01-19T09:00:00+00:00",
                "2026-01-26T09:00:00+00:00",
                "2026-02-02T09:00:00+00:00",
                "2026-02-06T09:00:00+00:00",
            ],
        ),
        // BYSETPOS counts within the whole week, days before the start
        // included (the crate counts from the start's day): the first of
        // Monday, Wednesday and Friday is Monday, already past on the 7th.
        (
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=1",
            "2026-01-07T09:00",
            "UTC",
            &["2026-01-12T09:00:00+00:00", "2026-01-19T09:00:00+00:00"],
        ),
        // WKST decides which weeks an INTERVAL=2 rule keeps (RFC 5545's own
        // example: MO gives 5, 7, 19, 21; SU gives 5, 17, 19, 31).
        (
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
            "1997-08-05T09:00",
            "America/New_York",
            &[
                "1997-08-05T09:00:00-04:00",
                "1997-08-10T09:00:00-04:00",
                "1997-08-19T09:00:00-04:00",
                "1997-08-24T09:00:00-04:00",
            ],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
            "1997-08-05T09:00",
            "America/New_York",
            &[
                "1997-08-05T09:00:00-04:00",
                "1997-08-17T09:00:00-04:00",
                "1997-08-19T09:00:00-04:00",
                "1997-08-31T09:00:00-04:00",
            ],
        ),
    ]);
}

#[test]
fn rules_without_instances_and_the_horizon() {
    // February never has a 30th.
    assert!(first(
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
        "2026-01-01T09:00",
        "UTC",
        5
    )
    .is_empty());
    // Every seventh day from a Monday is never a Tuesday.
    assert!(first(
        "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
        "2026-01-05T09:00",
        "UTC",
        5
    )
    .is_empty());
    // Instances lie within 100 years of the start.
    assert_eq!(
        first("FREQ=YEARLY;INTERVAL=60", "2026-01-01T09:00", "UTC", 5),
        ["2026-01-01T09:00:00+00:00", "2086-01-01T09:00:00+00:00"]
    );
}
