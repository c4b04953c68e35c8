//! The database against the `rrule` crate on thousands of seeded rules.
use crate::generate::{self, Case, Rng};
use crate::reference::{self, resolve};
use crate::stack;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz as Zone;
use rrule::{Frequency, RRule};
use std::time::Instant;

const RULES: usize = 3500;
/// Rules per psql call: one statement, well under the 128 KB an argument may have.
const BATCH: usize = 250;

fn sql_text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Each case's instants from the database, as Unix seconds.
fn database(cases: &[Case]) -> Vec<Vec<i64>> {
    let rows: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(n, case)| {
            format!(
                "({n}, {}, {}::timestamp, {}, {}::timestamptz, {})",
                sql_text(&case.text),
                sql_text(&case.start.format("%Y-%m-%d %H:%M:%S").to_string()),
                sql_text(case.zone),
                sql_text(
                    &case
                        .from
                        .map(|f| f.format("%Y-%m-%d %H:%M:%S+00").to_string())
                        .unwrap_or("-infinity".into())
                ),
                case.limit
            )
        })
        .collect();
    let out = stack()
        .psql(&format!(
            "SELECT c.n, coalesce(string_agg(extract(epoch FROM i)::bigint::text, ',' ORDER BY i), '')
             FROM (VALUES {}) c(n, rule, start, zone, from_at, lim)
             LEFT JOIN LATERAL app_functions.rrule_instances(c.rule, c.start, c.zone, c.from_at, c.lim) i ON true
             GROUP BY c.n ORDER BY c.n",
            rows.join(",\n")
        ))
        .unwrap_or_else(|e| panic!("a batch failed: {e:#}"));
    let answers: Vec<Vec<i64>> = out
        .lines()
        .map(|line| {
            let (_, list) = line.split_once('|').expect("n|instants");
            list.split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(answers.len(), cases.len(), "one row per case");
    answers
}

fn shown(zone: &str, instants: &[i64]) -> String {
    let zone: Zone = zone.parse().unwrap();
    instants
        .iter()
        .map(|s| {
            zone.from_utc_datetime(&DateTime::from_timestamp(*s, 0).unwrap().naive_utc())
                .format("%Y-%m-%dT%H:%M%:z")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn thousands_of_random_rules_match_the_rrule_crate() {
    let mut rng = Rng::new(0x5eed_5545);
    let cases: Vec<Case> = (0..RULES).map(|_| generate::case(&mut rng)).collect();
    let started = Instant::now();
    let expected: Vec<Vec<i64>> = cases
        .iter()
        .map(|case| reference::reference(case).unwrap_or_else(|e| panic!("{case:?}: {e}")))
        .collect();
    let reference_time = started.elapsed();
    let started = Instant::now();
    let actual: Vec<Vec<i64>> = cases.chunks(BATCH).flat_map(database).collect();
    let database_time = started.elapsed();

    let mut mismatches = Vec::new();
    for ((case, want), got) in cases.iter().zip(&expected).zip(&actual) {
        if want != got {
            mismatches.push(format!(
                "{} from {} in {}{}, first {}:\n  database {}\n  crate    {}",
                case.text,
                case.start,
                case.zone,
                case.from
                    .map(|f| format!(", at or after {f}"))
                    .unwrap_or_default(),
                case.limit,
                shown(case.zone, got),
                shown(case.zone, want)
            ));
        }
    }
    let instants: usize = expected.iter().map(Vec::len).sum();
    let empty = expected.iter().filter(|e| e.is_empty()).count();
    let on_dst_days = cases
        .iter()
        .filter(|c| {
            let zone: Zone = c.zone.parse().unwrap();
            !matches!(
                zone.from_local_datetime(&c.start),
                chrono::LocalResult::Single(_)
            )
        })
        .count();
    eprintln!(
        "compared {} rules, {instants} instants ({empty} rules with none, {on_dst_days} starting at a \
         missing or doubled local time): {} mismatches; crate {reference_time:?}, database {database_time:?}",
        cases.len(),
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} rules differ:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(instants >= 20_000, "too few instants compared: {instants}");
    assert!(
        on_dst_days >= 300,
        "too few starts on DST changes: {on_dst_days}"
    );
    for zone in generate::ZONES {
        assert!(
            cases.iter().filter(|c| c.zone == zone).count() >= 300,
            "{zone}"
        );
    }
}

/// Why the reference runs on a floating clock: given DTSTART as an instant
/// in a gap, the crate moves every later instance to the shifted time.
#[test]
fn the_crate_alone_misplaces_a_start_in_a_dst_gap() {
    let berlin: Zone = "Europe/Berlin".parse().unwrap();
    let local = NaiveDate::from_ymd_opt(2026, 3, 29)
        .unwrap()
        .and_hms_opt(2, 30, 0)
        .unwrap();
    let start = resolve(berlin, local);
    assert_eq!(start.to_rfc3339(), "2026-03-29T01:30:00+00:00");
    let dates = RRule::new(Frequency::Daily)
        .build(rrule::Tz::Europe__Berlin.from_utc_datetime(&start.naive_utc()))
        .unwrap()
        .all(2)
        .dates;
    let second: NaiveDateTime = dates[1].naive_local();
    assert_eq!(second.to_string(), "2026-03-30 03:30:00");
    // RFC 5545 (and the database): the next day is at 02:30 again.
    let ours = resolve(berlin, local + chrono::Duration::days(1));
    assert_eq!(ours, Utc.with_ymd_and_hms(2026, 3, 30, 0, 30, 0).unwrap());
}
