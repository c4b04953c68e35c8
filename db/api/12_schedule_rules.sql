-- Calendar schedules: RFC 5545 recurrence rules (RRULE), evaluated on the
-- household's wall clock. docs/DESIGN.md "Schedule rules" states the
-- semantics; tests/tests/rrule.rs checks them against the `rrule` crate.
--
-- Only whole days repeat: every instance is at the start's local time of
-- day, so FREQ is DAILY, WEEKLY, MONTHLY or YEARLY and BYHOUR, BYMINUTE,
-- BYSECOND are refused (as are BYWEEKNO and BYYEARDAY, which no chore
-- needs). That makes a rule a set of local dates; each date becomes one
-- instant through app_functions.local_instant (RFC 5545 §3.3.5).

-- An IANA zone as PostgreSQL knows it, spelled as its tz database does
-- ("europe/berlin" gives "Europe/Berlin"), or a 400. Only Area/Location
-- names and UTC: abbreviations (CEST), POSIX strings (EST5EDT, UTC+3) and
-- the old country aliases (US/Eastern, GB) are refused, since a household
-- clock should follow its place's rules. Like every field error it names
-- the parameter (p_time_zone, as update_household and preview_schedule
-- call theirs) in details, not the input. pg_timezone_names would answer the
-- same question but reads every zone file (150 ms or more); loading the one
-- zone, as SET TimeZone does, takes microseconds. The function's own SET
-- clause puts the session's TimeZone back when it returns.
CREATE OR REPLACE FUNCTION app_functions.valid_time_zone(p_zone text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = ''
SET TimeZone = 'UTC'
AS $$
DECLARE
  v_zone text;
BEGIN
  IF p_zone IS NULL
     OR char_length(p_zone) > 64
     OR p_zone !~* '^(UTC|(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)(/[A-Za-z0-9_+-]{1,30}){1,2})$' THEN
    PERFORM app_functions.api_error(400, 'Unknown time zone', 'An IANA name such as Europe/Berlin, or UTC',
                                    p_details => 'p_time_zone');
  END IF;
  BEGIN
    v_zone := set_config('TimeZone', p_zone, true);
  EXCEPTION WHEN invalid_parameter_value THEN
    PERFORM app_functions.api_error(400, 'Unknown time zone', 'An IANA name such as Europe/Berlin, or UTC',
                                    p_details => 'p_time_zone');
  END;
  RETURN v_zone;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.rrule_invalid(p_details text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.api_error(400, 'This schedule rule is not valid',
    'An RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO,TH: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, '
    'BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT or UNTIL, WKST', p_details);
END
$$;

-- A whole number within bounds from a rule value, or a 400 naming the part.
CREATE OR REPLACE FUNCTION app_functions.rrule_number(p_part text, p_value text, p_min integer, p_max integer,
                                                      p_signed boolean)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_pattern text := CASE WHEN p_signed THEN '^[+-]?[0-9]{1,4}$' ELSE '^[0-9]{1,4}$' END;
  v_number integer;
BEGIN
  IF p_value ~ v_pattern THEN
    v_number := p_value::integer;
  END IF;
  IF v_number IS NULL OR v_number NOT BETWEEN p_min AND p_max OR v_number = 0 THEN
    PERFORM app_functions.rrule_invalid(format('%s: "%s" is not %s', p_part, app_functions.quote_input(p_value, 40),
      CASE WHEN p_min < 0 THEN format('a whole number from %s to -1 or 1 to %s', p_min, p_max)
           ELSE format('a whole number from %s to %s', p_min, p_max) END));
  END IF;
  RETURN v_number;
END
$$;

-- ISO weekday number (1 = Monday ... 7 = Sunday) of a two-letter RFC 5545
-- weekday, NULL for anything else.
CREATE OR REPLACE FUNCTION app_functions.rrule_weekday(p_code text)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT array_position(ARRAY['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], p_code)
$$;

-- A rule as jsonb: {freq, interval, count, until, until_kind, byday,
-- bynday, bymonthday, bymonth, bysetpos, wkst}. Weekdays are ISO numbers;
-- bynday holds numbered weekdays as [n, weekday] pairs; absent parts are
-- null; lists are sorted and without repeats. until is text: 'YYYY-MM-DD'
-- (until_kind 'date'), 'YYYY-MM-DD HH:MI:SS' ('local') or the same in UTC
-- ('utc'). Every refusal is a 400 with one fixed message; the details name
-- the part. Names and values are case-insensitive, as RFC 5545 has them.
CREATE OR REPLACE FUNCTION app_functions.rrule_parse(p_rule text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_rule text := btrim(p_rule, E' \t\r\n');
  v_part text;
  v_name text;
  v_value text;
  v_item text;
  v_match text[];
  v_seen text[] := '{}';
  v_freq text;
  v_interval integer := 1;
  v_count integer;
  v_until text;
  v_until_kind text;
  v_wkst integer := 1;
  v_byday integer[];
  v_bynday integer[];
  v_bymonthday integer[];
  v_bymonth integer[];
  v_bysetpos integer[];
  v_number integer;
BEGIN
  IF v_rule IS NULL OR v_rule = '' THEN
    PERFORM app_functions.api_error(400, 'A schedule rule is required', 'An RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO',
                                    'p_rule');
  END IF;
  IF char_length(v_rule) > 500 THEN
    PERFORM app_functions.rrule_invalid(format('the rule is %s characters long, at most 500 are allowed',
                                               char_length(v_rule)));
  END IF;
  IF upper(left(v_rule, 6)) = 'RRULE:' THEN
    v_rule := substr(v_rule, 7);
  END IF;
  FOREACH v_part IN ARRAY string_to_array(v_rule, ';') LOOP
    IF v_part !~ '^[A-Za-z-]+=' THEN
      PERFORM app_functions.rrule_invalid(format('"%s" is not a NAME=VALUE part', app_functions.quote_input(v_part, 40)));
    END IF;
    v_name := upper(split_part(v_part, '=', 1));
    v_value := upper(substr(v_part, strpos(v_part, '=') + 1));
    IF v_name IN ('BYHOUR', 'BYMINUTE', 'BYSECOND', 'BYWEEKNO', 'BYYEARDAY') THEN
      PERFORM app_functions.api_error(400, 'This schedule rule uses a part that is not supported',
        'Supported: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT, UNTIL, WKST',
        format('%s is not supported', v_name));
    END IF;
    IF v_name NOT IN ('FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS') THEN
      PERFORM app_functions.rrule_invalid(format('"%s" is not a rule part', app_functions.quote_input(v_name, 40)));
    END IF;
    IF v_name = ANY (v_seen) THEN
      PERFORM app_functions.rrule_invalid(format('%s is given more than once', v_name));
    END IF;
    v_seen := v_seen || v_name;
    IF v_value = '' THEN
      PERFORM app_functions.rrule_invalid(format('%s has no value', v_name));
    END IF;
    CASE v_name
      WHEN 'FREQ' THEN
        IF v_value IN ('SECONDLY', 'MINUTELY', 'HOURLY') THEN
          PERFORM app_functions.api_error(400, 'This schedule rule uses a part that is not supported',
            'Supported: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT, UNTIL, WKST',
            format('FREQ=%s is not supported', v_value));
        END IF;
        IF v_value NOT IN ('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY') THEN
          PERFORM app_functions.rrule_invalid(format('FREQ: "%s" is not DAILY, WEEKLY, MONTHLY or YEARLY',
                                                     app_functions.quote_input(v_value, 40)));
        END IF;
        v_freq := v_value;
      WHEN 'INTERVAL' THEN
        v_interval := app_functions.rrule_number('INTERVAL', v_value, 1, 1000, false);
      WHEN 'COUNT' THEN
        v_count := app_functions.rrule_number('COUNT', v_value, 1, 1000, false);
      WHEN 'UNTIL' THEN
        v_match := regexp_match(v_value, '^([0-9]{4})([0-9]{2})([0-9]{2})(T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?$');
        BEGIN
          IF v_match IS NULL OR v_match[1]::integer < 1 OR v_match[5]::integer > 23 THEN
            RAISE invalid_datetime_format;
          END IF;
          v_until := make_date(v_match[1]::integer, v_match[2]::integer, v_match[3]::integer)::text;
          IF v_match[4] IS NULL THEN
            v_until_kind := 'date';
          ELSE
            v_until := make_timestamp(v_match[1]::integer, v_match[2]::integer, v_match[3]::integer,
                                      v_match[5]::integer, v_match[6]::integer, v_match[7]::integer)::text;
            v_until_kind := CASE WHEN v_match[8] = 'Z' THEN 'utc' ELSE 'local' END;
          END IF;
        EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
          PERFORM app_functions.rrule_invalid(format(
            'UNTIL: "%s" is not a date (YYYYMMDD) or a date and time (YYYYMMDDTHHMMSS, with Z for UTC)',
            app_functions.quote_input(v_value, 40)));
        END;
      WHEN 'WKST' THEN
        v_wkst := app_functions.rrule_weekday(v_value);
        IF v_wkst IS NULL THEN
          PERFORM app_functions.rrule_invalid(format('WKST: "%s" is not a weekday (MO, TU, WE, TH, FR, SA, SU)',
                                                     app_functions.quote_input(v_value, 40)));
        END IF;
      WHEN 'BYDAY' THEN
        v_byday := '{}';
        v_bynday := '{}';
        FOREACH v_item IN ARRAY string_to_array(v_value, ',') LOOP
          v_match := regexp_match(v_item, '^([+-]?[0-9]{1,2})?([A-Z]{2})$');
          IF v_match IS NULL OR app_functions.rrule_weekday(v_match[2]) IS NULL THEN
            PERFORM app_functions.rrule_invalid(format('BYDAY: "%s" is not a weekday (MO, TU, WE, TH, FR, SA, SU, '
                                                       'optionally numbered as in 2TU or -1FR)',
                                                       app_functions.quote_input(v_item, 40)));
          END IF;
          IF v_match[1] IS NULL THEN
            v_byday := v_byday || app_functions.rrule_weekday(v_match[2]);
          ELSE
            v_number := v_match[1]::integer;
            IF v_number = 0 OR abs(v_number) > 53 THEN
              PERFORM app_functions.rrule_invalid(format('BYDAY: "%s" is numbered outside 1 to 53 and -53 to -1',
                                                         app_functions.quote_input(v_item, 40)));
            END IF;
            v_bynday := v_bynday || ARRAY[ARRAY[v_number, app_functions.rrule_weekday(v_match[2])]];
          END IF;
        END LOOP;
      WHEN 'BYMONTHDAY' THEN
        v_bymonthday := (SELECT array_agg(app_functions.rrule_number('BYMONTHDAY', i, -31, 31, true))
                         FROM unnest(string_to_array(v_value, ',')) i);
      WHEN 'BYMONTH' THEN
        v_bymonth := (SELECT array_agg(app_functions.rrule_number('BYMONTH', i, 1, 12, false))
                      FROM unnest(string_to_array(v_value, ',')) i);
      WHEN 'BYSETPOS' THEN
        v_bysetpos := (SELECT array_agg(app_functions.rrule_number('BYSETPOS', i, -366, 366, true))
                       FROM unnest(string_to_array(v_value, ',')) i);
    END CASE;
  END LOOP;

  IF v_freq IS NULL THEN
    PERFORM app_functions.rrule_invalid('FREQ is required');
  END IF;
  IF v_count IS NOT NULL AND v_until IS NOT NULL THEN
    PERFORM app_functions.rrule_invalid('COUNT and UNTIL: give one or the other, not both');
  END IF;
  IF v_bymonthday IS NOT NULL AND v_freq = 'WEEKLY' THEN
    PERFORM app_functions.rrule_invalid('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  END IF;
  IF cardinality(v_bynday) > 0 THEN
    IF v_freq IN ('DAILY', 'WEEKLY') THEN
      PERFORM app_functions.rrule_invalid(format('BYDAY: a numbered weekday (%s) needs FREQ=MONTHLY or FREQ=YEARLY, not %s',
                                                 app_functions.quote_input(v_value, 40), v_freq));
    END IF;
    -- A month has at most five of each weekday; so has a year's month when
    -- BYMONTH makes the numbers count within months.
    IF (v_freq = 'MONTHLY' OR v_bymonth IS NOT NULL)
       AND EXISTS (SELECT 1 FROM generate_subscripts(v_bynday, 1) i WHERE abs(v_bynday[i][1]) > 5) THEN
      PERFORM app_functions.rrule_invalid(format('BYDAY: within a month a weekday is numbered 1 to 5 or -5 to -1 (%s)',
                                                 app_functions.quote_input(v_value, 40)));
    END IF;
  END IF;
  IF v_bysetpos IS NOT NULL AND v_byday IS NULL AND v_bymonthday IS NULL AND v_bymonth IS NULL THEN
    PERFORM app_functions.rrule_invalid('BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to choose from');
  END IF;

  RETURN jsonb_build_object(
    'freq', v_freq, 'interval', v_interval, 'count', v_count, 'until', v_until, 'until_kind', v_until_kind,
    'wkst', v_wkst,
    'byday', (SELECT jsonb_agg(DISTINCT d ORDER BY d) FROM unnest(v_byday) d),
    'bynday', (SELECT jsonb_agg(DISTINCT jsonb_build_array(v_bynday[i][1], v_bynday[i][2]))
               FROM generate_subscripts(v_bynday, 1) i),
    'bymonthday', (SELECT jsonb_agg(DISTINCT d ORDER BY d) FROM unnest(v_bymonthday) d),
    'bymonth', (SELECT jsonb_agg(DISTINCT d ORDER BY d) FROM unnest(v_bymonth) d),
    'bysetpos', (SELECT jsonb_agg(DISTINCT d ORDER BY d) FROM unnest(v_bysetpos) d));
END
$$;

REVOKE ALL ON FUNCTION app_functions.valid_time_zone(text), app_functions.rrule_invalid(text),
  app_functions.rrule_number(text, text, integer, integer, boolean), app_functions.rrule_weekday(text),
  app_functions.rrule_parse(text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.valid_time_zone(text), app_functions.rrule_invalid(text),
  app_functions.rrule_number(text, text, integer, integer, boolean), app_functions.rrule_weekday(text),
  app_functions.rrule_parse(text)
TO api_authenticated;
