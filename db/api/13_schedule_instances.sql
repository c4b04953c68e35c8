-- The instances of a calendar rule (12_schedule_rules.sql parses it) and
-- GET /rpc/preview_schedule. docs/DESIGN.md "Schedule rules" states the
-- semantics.
--
-- A rule repeats a period (a day, a week from WKST, a month, a year) every
-- INTERVAL periods counted from the start's; within each such period the
-- BY parts keep some days, BYSETPOS picks among them. Whole periods are
-- evaluated in one set-based query, and without COUNT the first query
-- starts at the period of the asked-for instant: a daily rule started years
-- ago costs what one started yesterday does.

CREATE OR REPLACE FUNCTION app_functions.rrule_ints(p_list jsonb)
RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT CASE WHEN jsonb_typeof(p_list) = 'array'
              THEN ARRAY(SELECT e::integer FROM jsonb_array_elements_text(p_list) e) END
$$;

-- First day of period p_k, p_first being period 0's first day.
CREATE OR REPLACE FUNCTION app_functions.rrule_period_start(p_freq text, p_first date, p_interval integer, p_k integer)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
BEGIN
  RETURN CASE p_freq
           WHEN 'DAILY' THEN p_first + p_k * p_interval
           WHEN 'WEEKLY' THEN p_first + 7 * p_k * p_interval
           WHEN 'MONTHLY' THEN (p_first + make_interval(months => p_k * p_interval))::date
           ELSE (p_first + make_interval(years => p_k * p_interval))::date
         END;
END
$$;

-- The kept days of periods p_k_from..p_k_to, in order. Weekdays are ISO
-- numbers; p_bynday holds numbered weekdays as n * 10 + weekday (2TU = 22,
-- -1FR = -5), counted within the year when p_nday_in_year, else within the
-- month. BYSETPOS counts within each whole period, days before the start
-- included (the caller drops those afterwards).
CREATE OR REPLACE FUNCTION app_functions.rrule_period_days(
  p_freq text, p_first date, p_interval integer, p_k_from integer, p_k_to integer,
  p_bymonth integer[], p_bymonthday integer[], p_byday integer[], p_bynday integer[],
  p_nday_in_year boolean, p_bysetpos integer[])
RETURNS SETOF date
LANGUAGE plpgsql STABLE
SET search_path = ''
-- Planned without the values, generate_series looks like 1000 rows a call
-- and the estimate crosses jit_above_cost: compiling took 380 ms of a
-- 0.3 ms query. (PL/pgSQL rather than SQL keeps the plan between calls.)
SET jit = off
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN QUERY
  WITH spans AS (
    -- Only the months a MONTHLY or YEARLY rule can keep are looked at.
    SELECT p.k, s.first_day, s.days
    FROM generate_series(p_k_from, p_k_to) p(k)
    CROSS JOIN LATERAL (
      SELECT CASE p_freq
               WHEN 'DAILY' THEN p_first + p.k * p_interval
               WHEN 'WEEKLY' THEN p_first + 7 * p.k * p_interval
               WHEN 'MONTHLY' THEN (p_first + make_interval(months => p.k * p_interval))::date
               ELSE (p_first + make_interval(years => p.k * p_interval))::date
             END AS day
    ) ps
    CROSS JOIN LATERAL (
      SELECT ps.day AS first_day, CASE p_freq WHEN 'DAILY' THEN 1 ELSE 7 END AS days
      WHERE p_freq IN ('DAILY', 'WEEKLY')
      UNION ALL
      SELECT ps.day, (ps.day + interval '1 month')::date - ps.day
      WHERE p_freq = 'MONTHLY' AND (p_bymonth IS NULL OR date_part('month', ps.day)::integer = ANY (p_bymonth))
      UNION ALL
      SELECT m.first_day, (m.first_day + interval '1 month')::date - m.first_day
      FROM (SELECT make_date(date_part('year', ps.day)::integer, mm, 1) AS first_day
            FROM unnest(coalesce(p_bymonth, ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])) mm) m
      WHERE p_freq = 'YEARLY'
    ) s
  ),
  facts AS (
    SELECT sp.k, d.day,
           date_part('day', d.day)::integer AS dom, date_part('month', d.day)::integer AS mon,
           date_part('isodow', d.day)::integer AS wd, date_part('doy', d.day)::integer AS doy,
           date_part('year', d.day)::integer AS yr
    FROM spans sp
    CROSS JOIN LATERAL (SELECT sp.first_day + i AS day FROM generate_series(0, sp.days - 1) i) d
  ),
  kept AS (
    SELECT f.k, f.day
    FROM facts f
    CROSS JOIN LATERAL (
      SELECT CASE WHEN f.mon = 2 THEN CASE WHEN leap THEN 29 ELSE 28 END
                  WHEN f.mon IN (4, 6, 9, 11) THEN 30 ELSE 31 END AS dim,
             CASE WHEN leap THEN 366 ELSE 365 END AS ylen
      FROM (SELECT f.yr % 4 = 0 AND (f.yr % 100 <> 0 OR f.yr % 400 = 0) AS leap) l
    ) len
    WHERE (p_bymonth IS NULL OR f.mon = ANY (p_bymonth))
      AND (p_bymonthday IS NULL OR f.dom = ANY (p_bymonthday) OR f.dom - len.dim - 1 = ANY (p_bymonthday))
      AND ((p_byday IS NULL AND p_bynday IS NULL)
           OR f.wd = ANY (p_byday)
           OR (CASE WHEN p_nday_in_year THEN (f.doy - 1) / 7 + 1 ELSE (f.dom - 1) / 7 + 1 END) * 10 + f.wd = ANY (p_bynday)
           OR -(CASE WHEN p_nday_in_year THEN (len.ylen - f.doy) / 7 + 1 ELSE (len.dim - f.dom) / 7 + 1 END) * 10 + f.wd
              = ANY (p_bynday))
  )
  SELECT r.day
  FROM (SELECT kept.day,
               row_number() OVER (PARTITION BY kept.k ORDER BY kept.day) AS pos,
               count(*) OVER (PARTITION BY kept.k) AS n
        FROM kept) r
  WHERE p_bysetpos IS NULL OR r.pos = ANY (p_bysetpos) OR (r.pos - r.n - 1) = ANY (p_bysetpos)
  ORDER BY r.day;
END
$$;

-- The rule's instances from the local start p_start on p_time_zone's wall
-- clock, in order: those at or after p_from, at most p_limit of them. The
-- start is the first instance only when it matches the rule; COUNT counts
-- from it; UNTIL is inclusive. Instances lie within 100 years of the later
-- of the start and p_from (and before the year 10000): a rule with none in
-- that span has none.
CREATE OR REPLACE FUNCTION app_functions.rrule_instances(p_rule text, p_start timestamp, p_time_zone text,
                                                         p_from timestamptz, p_limit integer)
RETURNS SETOF timestamptz
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_rule jsonb := app_functions.rrule_parse(p_rule);
  v_zone text := app_functions.valid_time_zone(p_time_zone);
  v_freq text := v_rule ->> 'freq';
  v_interval integer := (v_rule ->> 'interval')::integer;
  v_count integer := (v_rule ->> 'count')::integer;
  v_until_kind text := v_rule ->> 'until_kind';
  v_until_local timestamp;
  v_until_utc timestamptz;
  v_bymonth integer[] := app_functions.rrule_ints(v_rule -> 'bymonth');
  v_bymonthday integer[] := app_functions.rrule_ints(v_rule -> 'bymonthday');
  v_byday integer[] := app_functions.rrule_ints(v_rule -> 'byday');
  v_bynday integer[];
  v_bysetpos integer[] := app_functions.rrule_ints(v_rule -> 'bysetpos');
  v_from timestamptz := coalesce(p_from, '-infinity');
  v_day0 date := p_start::date;
  v_time time := p_start::time;
  v_first date;
  v_from_day date;
  v_last date;
  v_begin date;
  v_k integer;
  v_window integer;
  v_max_window integer;
  v_day date;
  v_instant timestamptz;
  v_seen integer := 0;
  v_returned integer := 0;
BEGIN
  IF p_start IS NULL THEN
    PERFORM app_functions.api_error(400, 'A schedule needs a start', 'A local date and time, YYYY-MM-DDTHH:MM', 'p_start');
  END IF;
  IF p_start < '1900-01-01' OR p_start >= '2201-01-01' THEN
    PERFORM app_functions.api_error(400, 'A schedule must start between the years 1900 and 2200',
                                    p_details => 'p_start');
  END IF;
  IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 1000 THEN
    PERFORM app_functions.api_error(400, 'Ask for 1 to 1000 instances', p_details => 'p_limit');
  END IF;
  IF v_from = 'infinity' THEN
    RETURN;
  END IF;
  v_bynday := ARRAY(SELECT (p ->> 0)::integer * 10 + (p ->> 1)::integer
                    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_rule -> 'bynday') = 'array'
                                                   THEN v_rule -> 'bynday' ELSE '[]' END) p);
  IF v_bynday = '{}' THEN
    v_bynday := NULL;
  END IF;
  -- RFC 5545: what the rule leaves open comes from the start.
  IF v_bymonthday IS NULL AND v_byday IS NULL AND v_bynday IS NULL THEN
    CASE v_freq
      WHEN 'YEARLY' THEN
        v_bymonth := coalesce(v_bymonth, ARRAY[date_part('month', v_day0)::integer]);
        v_bymonthday := ARRAY[date_part('day', v_day0)::integer];
      WHEN 'MONTHLY' THEN
        v_bymonthday := ARRAY[date_part('day', v_day0)::integer];
      WHEN 'WEEKLY' THEN
        v_byday := ARRAY[date_part('isodow', v_day0)::integer];
      ELSE NULL;
    END CASE;
  END IF;
  v_first := CASE v_freq
               WHEN 'DAILY' THEN v_day0
               WHEN 'WEEKLY' THEN v_day0 - (date_part('isodow', v_day0)::integer - (v_rule ->> 'wkst')::integer + 7) % 7
               WHEN 'MONTHLY' THEN date_trunc('month', v_day0)::date
               ELSE date_trunc('year', v_day0)::date
             END;

  -- A day two days before p_from's local date is before p_from whatever
  -- DST does, so those days are only counted, never converted.
  v_from_day := (v_from AT TIME ZONE v_zone)::date - 2;
  v_last := least((greatest(v_day0, v_from_day + 2) + interval '100 years')::date, date '9999-12-31');
  CASE v_until_kind
    WHEN 'date' THEN
      v_last := least(v_last, (v_rule ->> 'until')::date);
    WHEN 'local' THEN
      v_until_local := (v_rule ->> 'until')::timestamp;
      v_last := least(v_last, v_until_local::date);
    WHEN 'utc' THEN
      v_until_utc := ((v_rule ->> 'until') || '+00')::timestamptz;
      v_last := least(v_last, (v_until_utc AT TIME ZONE v_zone)::date + 1);
    ELSE NULL;
  END CASE;

  -- With COUNT every instance from the start counts; without it the
  -- periods before p_from's are skipped arithmetically.
  v_begin := CASE WHEN v_count IS NULL THEN greatest(v_day0, v_from_day) ELSE v_day0 END;
  v_k := CASE v_freq
           WHEN 'DAILY' THEN (v_begin - v_first) / v_interval
           WHEN 'WEEKLY' THEN (v_begin - v_first) / 7 / v_interval
           WHEN 'MONTHLY' THEN ((date_part('year', v_begin)::integer - date_part('year', v_first)::integer) * 12
                                + date_part('month', v_begin)::integer - date_part('month', v_first)::integer) / v_interval
           ELSE (date_part('year', v_begin)::integer - date_part('year', v_first)::integer) / v_interval
         END;
  -- Windows of whole periods, small first (the next instance is usually in
  -- the first), doubling up to a few thousand days per query.
  v_max_window := CASE v_freq WHEN 'DAILY' THEN 4096 WHEN 'WEEKLY' THEN 512 WHEN 'MONTHLY' THEN 128 ELSE 16 END;
  v_window := least(v_max_window, CASE v_freq WHEN 'DAILY' THEN greatest(8, 2 * p_limit)
                                              WHEN 'YEARLY' THEN greatest(1, p_limit / 4)
                                              ELSE greatest(2, p_limit) END);
  LOOP
    EXIT WHEN app_functions.rrule_period_start(v_freq, v_first, v_interval, v_k) > v_last;
    FOR v_day IN
      SELECT d FROM app_functions.rrule_period_days(v_freq, v_first, v_interval, v_k, v_k + v_window - 1,
                                                    v_bymonth, v_bymonthday, v_byday, v_bynday,
                                                    v_freq = 'YEARLY' AND v_rule -> 'bymonth' = 'null', v_bysetpos) d
    LOOP
      CONTINUE WHEN v_day < v_day0;
      IF v_day > v_last
         OR (v_until_kind = 'local' AND v_day + v_time > v_until_local) THEN
        RETURN;
      END IF;
      v_seen := v_seen + 1;
      IF v_seen > v_count THEN
        RETURN;
      END IF;
      IF v_day >= v_from_day OR v_until_kind = 'utc' THEN
        v_instant := app_functions.local_instant(v_day + v_time, v_zone);
        IF v_instant > v_until_utc THEN
          RETURN;
        END IF;
        IF v_instant >= v_from THEN
          RETURN NEXT v_instant;
          v_returned := v_returned + 1;
          IF v_returned >= p_limit THEN
            RETURN;
          END IF;
        END IF;
      END IF;
    END LOOP;
    v_k := v_k + v_window;
    v_window := least(v_window * 2, v_max_window);
  END LOOP;
END
$$;

-- 'YYYY-MM-DDTHH:MM' (seconds optional) as a local date-time, or a 400.
CREATE OR REPLACE FUNCTION app_functions.local_start(p_start text)
RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_match text[] := regexp_match(p_start, '^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(:([0-9]{2}))?$');
BEGIN
  IF v_match IS NOT NULL AND v_match[4]::integer < 24 THEN
    BEGIN
      RETURN make_timestamp(v_match[1]::integer, v_match[2]::integer, v_match[3]::integer,
                            v_match[4]::integer, v_match[5]::integer, coalesce(v_match[7], '0')::integer);
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
      NULL;
    END;
  END IF;
  PERFORM app_functions.api_error(400, 'Start must be a local date and time', 'Format YYYY-MM-DDTHH:MM',
                                  p_details => 'p_start');
  RETURN NULL;
END
$$;

-- The next p_count instants of a rule, as ISO 8601 with the zone's offset
-- at each ("2026-03-29T03:30:00+02:00"), the start first when it matches.
-- A read: GET works, nothing is written.
CREATE OR REPLACE FUNCTION api.preview_schedule(p_rule text DEFAULT NULL, p_start text DEFAULT NULL,
                                                p_count integer DEFAULT 5, p_time_zone text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_rule jsonb := app_functions.rrule_parse(p_rule);
  v_start timestamp := app_functions.local_start(p_start);
  v_zone text;
BEGIN
  IF p_count IS NULL OR p_count NOT BETWEEN 1 AND 100 THEN
    PERFORM app_functions.api_error(400, 'Count must be between 1 and 100', p_details => 'p_count');
  END IF;
  v_zone := CASE WHEN p_time_zone IS NULL THEN app_functions.household_time_zone()
                 ELSE app_functions.valid_time_zone(p_time_zone) END;
  RETURN coalesce((SELECT json_agg(app_functions.local_iso(i, v_zone))
                   FROM app_functions.rrule_instances(p_rule, v_start, v_zone, '-infinity', p_count) i),
                  '[]'::json);
END
$$;

REVOKE ALL ON FUNCTION app_functions.rrule_ints(jsonb),
  app_functions.rrule_period_start(text, date, integer, integer),
  app_functions.rrule_period_days(text, date, integer, integer, integer, integer[], integer[], integer[], integer[],
                                  boolean, integer[]),
  app_functions.rrule_instances(text, timestamp, text, timestamptz, integer),
  app_functions.local_start(text),
  api.preview_schedule(text, text, integer, text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.rrule_ints(jsonb),
  app_functions.rrule_period_start(text, date, integer, integer),
  app_functions.rrule_period_days(text, date, integer, integer, integer, integer[], integer[], integer[], integer[],
                                  boolean, integer[]),
  app_functions.rrule_instances(text, timestamp, text, timestamptz, integer),
  app_functions.local_start(text),
  api.preview_schedule(text, text, integer, text)
TO api_authenticated;
