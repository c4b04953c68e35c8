//! Below HTTP: time zone validation and how fast the next instance of an
//! old rule is found.
use crate::stack;

/// valid_time_zone (also behind update_household) spells a zone as the tz
/// database does and leaves the session's TimeZone alone.
#[test]
fn time_zones_are_checked_quickly_and_spelled_canonically() {
    let stack = stack();
    assert_eq!(
        stack
            .query_value(
                "SET TimeZone = 'Asia/Tokyo';
                 SELECT string_agg(app_functions.valid_time_zone(z), ' ' ORDER BY n) || ' ' || current_setting('TimeZone')
                 FROM unnest(ARRAY['europe/berlin', 'UTC', 'utc', 'America/Argentina/Buenos_Aires',
                                   'Etc/GMT+3', 'AUSTRALIA/LORD_HOWE']) WITH ORDINALITY AS t(z, n)"
            )
            .unwrap(),
        "Europe/Berlin UTC UTC America/Argentina/Buenos_Aires Etc/GMT+3 Australia/Lord_Howe Asia/Tokyo"
    );
    // pg_timezone_names reads every zone file; this loads one.
    let per_call_ms: f64 = stack
        .query_value(
            "CREATE FUNCTION pg_temp.bench() RETURNS float8 LANGUAGE plpgsql AS $$
             DECLARE t0 timestamptz := clock_timestamp(); z text;
             BEGIN
               FOR i IN 1..500 LOOP z := app_functions.valid_time_zone('Europe/Berlin'); END LOOP;
               RETURN extract(epoch FROM clock_timestamp() - t0) * 1000 / 500;
             END $$;
             SELECT pg_temp.bench()",
        )
        .unwrap()
        .parse()
        .unwrap();
    eprintln!("valid_time_zone: {per_call_ms:.4} ms a call");
    assert!(per_call_ms < 1.0, "{per_call_ms} ms a call");
}

/// The next instance of a rule started years ago costs what one started
/// yesterday does: whole periods are skipped, not enumerated.
#[test]
fn the_next_instance_of_an_old_rule_is_found_fast() {
    let stack = stack();
    let mut report = Vec::new();
    for rule in [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1",
    ] {
        // A fresh connection: the first call also plans the functions.
        let out = stack
            .query_value(&format!(
                "CREATE FUNCTION pg_temp.bench() RETURNS text LANGUAGE plpgsql AS $$
                 DECLARE
                   v_start timestamp := date_trunc('day', localtimestamp - interval '5 years') + interval '9 hours';
                   t0 timestamptz := clock_timestamp();
                   v_first interval;
                   v_next timestamptz;
                 BEGIN
                   SELECT i INTO v_next FROM app_functions.rrule_instances('{rule}', v_start, 'Europe/Berlin', now(), 1) i;
                   v_first := clock_timestamp() - t0;
                   t0 := clock_timestamp();
                   FOR k IN 1..200 LOOP
                     SELECT i INTO v_next
                     FROM app_functions.rrule_instances('{rule}', v_start, 'Europe/Berlin', now() + k * interval '1 hour', 1) i;
                   END LOOP;
                   RETURN format('%s|%s|%s', extract(epoch FROM v_first) * 1000,
                                 extract(epoch FROM clock_timestamp() - t0) * 1000 / 200,
                                 v_next >= now() + 200 * interval '1 hour'
                                 AND (v_next AT TIME ZONE 'Europe/Berlin')::time = v_start::time);
                 END $$;
                 SELECT pg_temp.bench()"
            ))
            .unwrap();
        let [first_ms, each_ms, same] = out.split('|').collect::<Vec<_>>()[..] else {
            panic!("{out}");
        };
        let (first_ms, each_ms): (f64, f64) = (first_ms.parse().unwrap(), each_ms.parse().unwrap());
        report.push(format!(
            "{rule}: first call {first_ms:.2} ms, then {each_ms:.3} ms"
        ));
        assert_eq!(same, "t", "{rule}: not the next instance");
        assert!(each_ms < 5.0, "{rule}: {each_ms} ms a call");
        assert!(first_ms < 100.0, "{rule}: {first_ms} ms for the first call");
    }
    eprintln!(
        "next instance after now, rules started 5 years ago:\n  {}",
        report.join("\n  ")
    );
}
