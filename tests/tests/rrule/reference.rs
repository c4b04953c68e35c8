//! What the `rrule` crate, an independent RFC 5545 implementation, says a
//! generated rule's instants are, put on the time line by RFC 5545 §3.3.5.
use crate::generate::{Case, Freq, Until};
use chrono::{
    DateTime, Duration, LocalResult, Month, Months, NaiveDateTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz as Zone;
use rrule::{Frequency, NWeekday, RRule};

/// RFC 5545 §3.3.5, implemented here independently of the database: a
/// local time in a gap is read with the offset in force before the gap
/// (it moves forward by the gap's length), an ambiguous one is the earlier
/// instant.
pub fn resolve(zone: Zone, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            let mut probe = local;
            let offset = loop {
                probe -= Duration::minutes(1);
                match zone.from_local_datetime(&probe) {
                    LocalResult::Single(t) => break t.offset().fix(),
                    LocalResult::Ambiguous(_, later) => break later.offset().fix(),
                    LocalResult::None => continue,
                }
            };
            Utc.from_utc_datetime(&(local - Duration::seconds(offset.local_minus_utc().into())))
        }
    }
}

/// The instants the crate gives for a case, as Unix seconds.
///
/// The crate takes DTSTART as an instant in a zone and does not follow RFC
/// 5545 §3.3.5 there: it reads the time of day off the resolved DTSTART (a
/// start at 02:30 on a spring-forward day puts every later instance at
/// 03:30, see `the_crate_alone_misplaces_a_start_in_a_dst_gap`), and reads
/// other missing or doubled local times as local midnight plus the time,
/// which is the RFC's reading only when the transition is after midnight.
/// So the crate runs on a floating wall clock (UTC, which has no
/// transitions) and each wall-clock instance is put on the time line by
/// [`resolve`]. The rest is normalised as the database defines it: a
/// date-only UNTIL includes that whole day, a UTC UNTIL is compared with
/// the resolved instant, and instances lie within 100 years of the later
/// of the start and p_from.
pub fn reference(case: &Case) -> Result<Vec<i64>, String> {
    let zone: Zone = case.zone.parse().map_err(|e| format!("{e}"))?;
    let floating = |local: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&local);
    let rule = &case.rule;
    let mut rrule = RRule::new(match rule.freq {
        Freq::Daily => Frequency::Daily,
        Freq::Weekly => Frequency::Weekly,
        Freq::Monthly => Frequency::Monthly,
        Freq::Yearly => Frequency::Yearly,
    })
    .interval(rule.interval)
    .week_start(rule.wkst.unwrap_or(Weekday::Mon));
    if let Some(count) = rule.count {
        rrule = rrule.count(count);
    }
    match &rule.until {
        Some(Until::Date(day)) => {
            rrule = rrule.until(floating(day.and_hms_opt(23, 59, 59).unwrap()));
        }
        Some(Until::Local(local)) => rrule = rrule.until(floating(*local)),
        _ => {}
    }
    let mut weekdays: Vec<NWeekday> = rule.byday.iter().map(|d| NWeekday::Every(*d)).collect();
    weekdays.extend(rule.bynday.iter().map(|(n, d)| NWeekday::Nth(*n, *d)));
    if !weekdays.is_empty() {
        rrule = rrule.by_weekday(weekdays);
    }
    if !rule.bymonthday.is_empty() {
        rrule = rrule.by_month_day(rule.bymonthday.clone());
    }
    if !rule.bymonth.is_empty() {
        let months: Vec<Month> = rule
            .bymonth
            .iter()
            .map(|m| Month::try_from(*m).unwrap())
            .collect();
        rrule = rrule.by_month(&months);
    }
    if !rule.bysetpos.is_empty() {
        rrule = rrule.by_set_pos(rule.bysetpos.clone());
    }
    let mut set = rrule
        .build(floating(case.start))
        .map_err(|e| format!("the crate refused the rule: {e}"))?;
    let from_local = case
        .from
        .map(|from| zone.from_utc_datetime(&from.naive_utc()).naive_local());
    let anchor = from_local
        .map(|f| f.date().max(case.start.date()))
        .unwrap_or(case.start.date());
    let horizon = anchor.checked_add_months(Months::new(1200)).unwrap();
    set = set.before(floating(horizon.and_hms_opt(23, 59, 59).unwrap()));
    if let Some(local) = from_local {
        set = set.after(floating(local - Duration::days(2)));
    }
    let limit = u16::try_from(case.limit + 10).unwrap();
    let until_utc = match &rule.until {
        Some(Until::Utc(t)) => Some(Utc.from_utc_datetime(t)),
        _ => None,
    };
    Ok(set
        .all(limit)
        .dates
        .iter()
        .map(|d| resolve(zone, d.naive_utc()))
        .take_while(|at| until_utc.is_none_or(|until| *at <= until))
        .filter(|at| case.from.is_none_or(|from| *at >= from))
        .take(case.limit)
        .map(|at| at.timestamp())
        .collect())
}
