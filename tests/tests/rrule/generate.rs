//! Seeded random schedule rules, as the database gets them and as data
//! for the reference (reference.rs).
use crate::reference::resolve;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Tz as Zone;

/// splitmix64: the same seed gives the same rules on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Inclusive.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
    /// 1..=max distinct items.
    fn some<T: Copy + PartialEq>(&mut self, items: &[T], max: i64) -> Vec<T> {
        let mut chosen = Vec::new();
        for _ in 0..self.range(1, max) {
            let item = self.pick(items);
            if !chosen.contains(&item) {
                chosen.push(item);
            }
        }
        chosen
    }
}

pub const ZONES: [&str; 6] = [
    "Europe/Berlin",
    "America/New_York",
    // A 30-minute DST shift.
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
    // Transitions at midnight: the missing hour is 00:00-00:59.
    "America/Santiago",
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Clone, Debug)]
pub enum Until {
    Date(NaiveDate),
    Local(NaiveDateTime),
    Utc(NaiveDateTime),
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u16,
    pub count: Option<u32>,
    pub until: Option<Until>,
    pub byday: Vec<Weekday>,
    pub bynday: Vec<(i16, Weekday)>,
    pub bymonthday: Vec<i8>,
    pub bymonth: Vec<u8>,
    pub bysetpos: Vec<i32>,
    pub wkst: Option<Weekday>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub rule: Rule,
    /// The rule as the database gets it: parts in random order, sometimes
    /// lower case or with an "RRULE:" prefix.
    pub text: String,
    pub zone: &'static str,
    pub start: NaiveDateTime,
    pub from: Option<DateTime<Utc>>,
    pub limit: usize,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn code(day: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

/// Local times of one year that do not exist or exist twice in `zone`.
fn odd_local_times(zone: Zone, year: i32) -> Vec<NaiveDateTime> {
    let mut odd = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let offset_at_noon = |d: NaiveDate| resolve(zone, d.and_hms_opt(12, 0, 0).unwrap());
    while day.year() == year {
        let next = day + Duration::days(1);
        let changed = offset_at_noon(next) - offset_at_noon(day) != Duration::days(1);
        if changed {
            for d in [day, next] {
                for minute in (0..24 * 60).step_by(15) {
                    let local = d.and_time(NaiveTime::MIN) + Duration::minutes(minute);
                    if !matches!(zone.from_local_datetime(&local), LocalResult::Single(_)) {
                        odd.push(local);
                    }
                }
            }
        }
        day = next;
    }
    odd
}

fn start(rng: &mut Rng, zone: Zone) -> NaiveDateTime {
    let year = rng.range(2000, 2039) as i32;
    let odd = odd_local_times(zone, year);
    if !odd.is_empty() && rng.chance(60) {
        // On a DST change, or some days before it at the same odd time.
        let at = rng.pick(&odd);
        let before = if rng.chance(40) { 0 } else { rng.range(1, 40) };
        return at - Duration::days(before);
    }
    let day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap() + Duration::days(rng.range(0, 364));
    let time = NaiveTime::from_hms_opt(
        rng.range(0, 23) as u32,
        rng.pick(&[0, 0, 15, 30, 45, 59]),
        rng.pick(&[0, 0, 0, 30]),
    )
    .unwrap();
    day.and_time(time)
}

fn rule(rng: &mut Rng) -> Rule {
    let freq = match rng.range(0, 99) {
        0..=24 => Freq::Daily,
        25..=54 => Freq::Weekly,
        55..=79 => Freq::Monthly,
        _ => Freq::Yearly,
    };
    let interval = if rng.chance(65) {
        1
    } else {
        match freq {
            Freq::Daily => rng.range(2, 10),
            Freq::Weekly => rng.range(2, 4),
            Freq::Monthly => rng.range(2, 6),
            Freq::Yearly => rng.range(2, 3),
        }
    } as u16;
    let mut rule = Rule {
        freq,
        interval,
        count: None,
        until: None,
        byday: Vec::new(),
        bynday: Vec::new(),
        bymonthday: Vec::new(),
        bymonth: Vec::new(),
        bysetpos: Vec::new(),
        wkst: rng.chance(30).then(|| rng.pick(&WEEKDAYS)),
    };
    let (byday, bymonthday, bymonth) = match freq {
        Freq::Daily => (20, 15, 15),
        Freq::Weekly => (60, 0, 15),
        Freq::Monthly => (50, 40, 20),
        Freq::Yearly => (35, 30, 50),
    };
    if rng.chance(bymonth) {
        rule.bymonth = rng.some(&[1, 2, 3, 4, 6, 7, 9, 10, 11, 12], 3);
    }
    // Days of the month and weekdays together rarely meet: mostly one or
    // the other, so that most rules have instances to compare.
    let by_weekday = rng.chance(byday);
    if rng.chance(bymonthday) && (!by_weekday || rng.chance(15)) {
        rule.bymonthday = rng.some(&[1, 2, 13, 15, 28, 29, 30, 31, -1, -2, -7, -30, -31], 3);
    }
    if by_weekday {
        // Numbered weekdays (2TU) only where RFC 5545 has them. Plain and
        // numbered are not mixed in one BYDAY: the crate (like
        // python-dateutil) intersects the two, the database unites them
        // (semantics.rs checks that by hand).
        let numbered = matches!(freq, Freq::Monthly | Freq::Yearly) && rng.chance(50);
        if !numbered {
            rule.byday = rng.some(&WEEKDAYS, 4);
        } else {
            // The crate's ranges: -4..=5 within a month, -52..=53 within a year.
            let within_year = freq == Freq::Yearly && rule.bymonth.is_empty();
            let numbers: &[i16] = if within_year {
                &[1, 2, 3, 10, 20, 26, 52, 53, -1, -2, -10, -52]
            } else {
                &[1, 2, 3, 4, 5, -1, -2, -3, -4]
            };
            for _ in 0..rng.range(1, 3) {
                let item = (rng.pick(numbers), rng.pick(&WEEKDAYS));
                if !rule.bynday.contains(&item) {
                    rule.bynday.push(item);
                }
            }
        }
    }
    // BYSETPOS picks among several days of a period; sometimes among what
    // there happens to be (possibly nothing).
    let several = rule.byday.len() >= 2
        || rule.bymonthday.len() >= 2
        || rule.bynday.len() >= 2
        || (matches!(freq, Freq::Monthly | Freq::Yearly) && !rule.byday.is_empty())
        || (freq == Freq::Yearly && !rule.bymonthday.is_empty());
    let chooses = !(rule.byday.is_empty()
        && rule.bynday.is_empty()
        && rule.bymonthday.is_empty()
        && rule.bymonth.is_empty());
    if chooses && rng.chance(if several { 35 } else { 4 }) {
        let positions: &[i32] = match freq {
            Freq::Daily => &[1, -1],
            Freq::Weekly => &[1, 2, -1, -2],
            Freq::Monthly => &[1, 2, 3, -1, -2],
            Freq::Yearly => &[1, 2, 10, -1, -3],
        };
        rule.bysetpos = rng.some(positions, 2);
    }
    rule
}

fn end_of(rng: &mut Rng, rule: &mut Rule, zone: Zone, start: NaiveDateTime) {
    match rng.range(0, 99) {
        0..=29 => rule.count = Some(rng.range(1, 20) as u32),
        30..=54 => {
            let span = match rule.freq {
                Freq::Daily => 60,
                Freq::Weekly => 200,
                Freq::Monthly => 900,
                Freq::Yearly => 3000,
            };
            let day = start.date() + Duration::days(rng.range(0, span));
            // Often exactly at the start's time of day: UNTIL is inclusive.
            let time = if rng.chance(40) {
                start.time()
            } else {
                NaiveTime::from_hms_opt(rng.range(0, 23) as u32, rng.pick(&[0, 30, 59]), 0).unwrap()
            };
            let local = day.and_time(time).max(start);
            rule.until = Some(match rng.range(0, 2) {
                0 => Until::Date(day),
                1 => Until::Local(local),
                _ => {
                    let shift = if rng.chance(50) {
                        0
                    } else {
                        rng.range(-90, 90)
                    };
                    let utc = resolve(zone, local) + Duration::minutes(shift);
                    Until::Utc(utc.max(resolve(zone, start)).naive_utc())
                }
            });
        }
        _ => {}
    }
}

pub fn case(rng: &mut Rng) -> Case {
    let zone_name = rng.pick(&ZONES);
    let zone: Zone = zone_name.parse().unwrap();
    let mut rule = rule(rng);
    let mut start = start(rng, zone);
    if rule.freq == Freq::Weekly && !rule.bysetpos.is_empty() {
        // The crate's first weekly period runs from DTSTART to the week's
        // end, so its BYSETPOS counts from the start's day in that week;
        // RFC 5545 (and the database) count within the whole week. A start
        // on the week's first day makes the two the same; semantics.rs
        // checks a mid-week start by hand.
        let wkst = rule.wkst.unwrap_or(Weekday::Mon);
        while start.weekday() != wkst {
            start -= Duration::days(1);
        }
    }
    end_of(rng, &mut rule, zone, start);
    // A later p_from (the database skips whole periods to it) where the
    // rule goes on that long.
    let open = rule.count.is_none() && rule.until.is_none();
    let from = (open && rng.chance(55)).then(|| {
        let days = rng.range(0, 4000);
        let at = resolve(zone, start + Duration::days(days));
        // Sometimes exactly at an instant the rule may have: p_from is inclusive.
        if rng.chance(50) {
            at
        } else {
            at + Duration::seconds(rng.range(-86_400, 86_400))
        }
    });
    let limit = rng.range(1, 15) as usize;
    let text = text(rng, &rule);
    Case {
        rule,
        text,
        zone: zone_name,
        start,
        from,
        limit,
    }
}

fn list<T: ToString>(items: &[T]) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

fn text(rng: &mut Rng, rule: &Rule) -> String {
    let mut parts = vec![format!(
        "FREQ={}",
        match rule.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
            Freq::Yearly => "YEARLY",
        }
    )];
    if rule.interval != 1 || rng.chance(10) {
        parts.push(format!("INTERVAL={}", rule.interval));
    }
    if let Some(count) = rule.count {
        parts.push(format!("COUNT={count}"));
    }
    match &rule.until {
        Some(Until::Date(d)) => parts.push(format!("UNTIL={}", d.format("%Y%m%d"))),
        Some(Until::Local(t)) => parts.push(format!("UNTIL={}", t.format("%Y%m%dT%H%M%S"))),
        Some(Until::Utc(t)) => parts.push(format!("UNTIL={}", t.format("%Y%m%dT%H%M%SZ"))),
        None => {}
    }
    let mut days: Vec<String> = rule.byday.iter().map(|d| code(*d).to_string()).collect();
    days.extend(rule.bynday.iter().map(|(n, d)| {
        let sign = if *n > 0 && rng.chance(20) { "+" } else { "" };
        format!("{sign}{n}{}", code(*d))
    }));
    if !days.is_empty() {
        parts.push(format!("BYDAY={}", days.join(",")));
    }
    if !rule.bymonthday.is_empty() {
        parts.push(format!("BYMONTHDAY={}", list(&rule.bymonthday)));
    }
    if !rule.bymonth.is_empty() {
        parts.push(format!("BYMONTH={}", list(&rule.bymonth)));
    }
    if !rule.bysetpos.is_empty() {
        parts.push(format!("BYSETPOS={}", list(&rule.bysetpos)));
    }
    if let Some(wkst) = rule.wkst {
        parts.push(format!("WKST={}", code(wkst)));
    }
    // RFC 5545 puts no order on the parts.
    for i in (1..parts.len()).rev() {
        parts.swap(i, rng.range(0, i as i64) as usize);
    }
    let mut text = parts.join(";");
    if rng.chance(10) {
        text = format!("RRULE:{text}");
    }
    if rng.chance(10) {
        text = text.to_lowercase();
    }
    text
}
