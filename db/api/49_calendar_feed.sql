-- A member's calendar feed: RFC 5545 text a phone calendar subscribes to,
-- so it shows (and reminds of) the member's chores. A phone cannot sign
-- in, so the feed is reached with a secret key instead of a session: the
-- member makes one (regenerate_calendar_key, shown once), the database
-- keeps only its SHA-256 (app_data.calendar_feeds, closed to every request
-- role), and making a new one revokes the old. docs/DESIGN.md, "Reading the
-- chore history", has the rest.

-- TEXT values (RFC 5545 §3.3.11): backslash, semicolon and comma escaped,
-- every line break written as \n.
CREATE OR REPLACE FUNCTION app_functions.ical_text(p_value text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT regexp_replace(replace(replace(replace(p_value, '\', '\\'), ';', '\;'), ',', '\,'), '\r\n|\r|\n', '\\n', 'g')
$$;

-- One content line, folded (§3.1): at most 75 octets per line, a longer
-- one continued on lines that start with a space, never inside a UTF-8
-- character; every line ends with CRLF.
CREATE OR REPLACE FUNCTION app_functions.ical_line(p_line text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
DECLARE
  v_out text := '';
  v_current text := '';
  v_octets integer := 0;
  v_limit integer := 75;
  v_char text;
BEGIN
  IF octet_length(p_line) <= 75 THEN
    RETURN p_line || E'\r\n';
  END IF;
  FOREACH v_char IN ARRAY regexp_split_to_array(p_line, '') LOOP
    IF v_octets + octet_length(v_char) > v_limit THEN
      v_out := v_out || v_current || E'\r\n ';
      v_current := '';
      v_octets := 0;
      v_limit := 74;  -- the leading space counts
    END IF;
    v_current := v_current || v_char;
    v_octets := v_octets + octet_length(v_char);
  END LOOP;
  RETURN v_out || v_current || E'\r\n';
END
$$;

CREATE OR REPLACE FUNCTION app_functions.ical_utc(p_instant timestamptz)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$ SELECT to_char(p_instant AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"') $$;

CREATE OR REPLACE FUNCTION app_functions.ical_local(p_local timestamp)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$ SELECT to_char(p_local, 'YYYYMMDD"T"HH24MISS') $$;

-- A UTC offset as ±HHMM (±HHMMSS when it has seconds).
CREATE OR REPLACE FUNCTION app_functions.ical_offset(p_offset interval)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT CASE WHEN s < 0 THEN '-' ELSE '+' END || to_char(abs(s) / 3600, 'FM00') || to_char(abs(s) % 3600 / 60, 'FM00')
         || CASE WHEN abs(s) % 60 <> 0 THEN to_char(abs(s) % 60, 'FM00') ELSE '' END
  FROM (SELECT extract(epoch FROM p_offset)::integer AS s) o
$$;

-- The zone's offset at an instant.
CREATE OR REPLACE FUNCTION app_functions.zone_offset(p_zone text, p_instant timestamptz)
RETURNS interval
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = ''
AS $$ SELECT (p_instant AT TIME ZONE p_zone) - (p_instant AT TIME ZONE 'UTC') $$;

-- A VTIMEZONE for the household's zone (§3.6.5), so the recurring events'
-- local times mean the same on every client. PostgreSQL exposes no zone
-- rules, only offsets, so each change of offset between p_from and p_to
-- (found day by day, then to the second) becomes one observance with no
-- RRULE: exact within the window, which starts before the earliest
-- event's start and runs ten years ahead; the feed is fetched again long
-- before that ends. Clients that know the IANA name may use their own rules.
CREATE OR REPLACE FUNCTION app_functions.ical_vtimezone(p_zone text, p_from timestamptz, p_to timestamptz)
RETURNS text[]
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_lines text[];
  v_previous interval := app_functions.zone_offset(p_zone, p_from);
  v_day timestamptz;
  v_offset interval;
  v_low bigint;
  v_high bigint;
  v_middle bigint;
  v_change timestamptz;
BEGIN
  v_lines := ARRAY['BEGIN:VTIMEZONE', 'TZID:' || p_zone,
                   'BEGIN:STANDARD', 'DTSTART:' || app_functions.ical_local(p_from AT TIME ZONE p_zone),
                   'TZOFFSETFROM:' || app_functions.ical_offset(v_previous),
                   'TZOFFSETTO:' || app_functions.ical_offset(v_previous), 'END:STANDARD'];
  FOR v_day, v_offset IN
    SELECT d, app_functions.zone_offset(p_zone, d) FROM generate_series(p_from, p_to, interval '1 day') d
  LOOP
    CONTINUE WHEN v_offset = v_previous;
    v_low := extract(epoch FROM v_day - interval '1 day')::bigint;
    v_high := extract(epoch FROM v_day)::bigint;
    WHILE v_high - v_low > 1 LOOP
      v_middle := (v_low + v_high) / 2;
      IF app_functions.zone_offset(p_zone, to_timestamp(v_middle)) = v_previous THEN
        v_low := v_middle;
      ELSE
        v_high := v_middle;
      END IF;
    END LOOP;
    v_change := to_timestamp(v_high);
    -- The onset is written in the local time that was in force before it.
    v_lines := v_lines || ARRAY[
      'BEGIN:' || CASE WHEN v_offset > v_previous THEN 'DAYLIGHT' ELSE 'STANDARD' END,
      'DTSTART:' || app_functions.ical_local((v_change AT TIME ZONE 'UTC') + v_previous),
      'TZOFFSETFROM:' || app_functions.ical_offset(v_previous),
      'TZOFFSETTO:' || app_functions.ical_offset(v_offset),
      'END:' || CASE WHEN v_offset > v_previous THEN 'DAYLIGHT' ELSE 'STANDARD' END];
    v_previous := v_offset;
  END LOOP;
  RETURN v_lines || 'END:VTIMEZONE'::text;
END
$$;

-- The chore's RRULE for a DTSTART with TZID: RFC 5545 wants UNTIL in UTC
-- then. The rule engine (12_schedule_rules.sql) reads a date UNTIL as "up
-- to and including that local day" and a local date-time UNTIL on the wall
-- clock; both become the UTC instant they end at.
CREATE OR REPLACE FUNCTION app_functions.ical_rrule(p_rule text, p_zone text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_until text[] := regexp_match(p_rule, '(^|;)UNTIL=([0-9]{8})(T[0-9]{6})?(Z?)(;|$)');
  v_local timestamp;
BEGIN
  IF v_until IS NULL OR v_until[4] = 'Z' THEN
    RETURN p_rule;
  END IF;
  v_local := CASE WHEN v_until[3] IS NULL THEN to_timestamp(v_until[2] || 'T235959', 'YYYYMMDD"T"HH24MISS')::timestamp
                  ELSE to_timestamp(v_until[2] || v_until[3], 'YYYYMMDD"T"HH24MISS')::timestamp END;
  RETURN regexp_replace(p_rule, '(^|;)UNTIL=[0-9T]+(;|$)',
                        '\1UNTIL=' || app_functions.ical_utc(app_functions.local_instant(v_local, p_zone)) || '\2');
END
$$;

-- Shown once: a new key for the signed-in member, whose SHA-256 replaces
-- the old one. SECURITY DEFINER because no request role may read or write
-- calendar_feeds (a key hash readable by members could be matched against
-- leaked URLs); it touches only the caller's own row, named by the session,
-- never by an argument.
CREATE OR REPLACE FUNCTION app_functions.new_calendar_key()
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_key text := rtrim(translate(encode(public.gen_random_bytes(32), 'base64'), '+/', '-_'), '=');
BEGIN
  INSERT INTO app_data.calendar_feeds AS f (user_id, key_sha256)
  VALUES (v_user_id, pg_catalog.sha256(convert_to(v_key, 'UTF8')))
  ON CONFLICT (user_id) DO UPDATE SET key_sha256 = EXCLUDED.key_sha256, created_at = now();
  RETURN v_key;
END
$$;

CREATE OR REPLACE FUNCTION api.regenerate_calendar_key()
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_key text;
BEGIN
  PERFORM app_functions.require_post();
  PERFORM app_functions.require_user();
  v_key := app_functions.new_calendar_key();
  RETURN json_build_object('key', v_key, 'feed_path', '/rpc/calendar_feed?p_key=' || v_key);
END
$$;

-- The feed: the member's chores on a calendar schedule of their own as one
-- recurring event each (the chore's RRULE from its local start, so the
-- phone shows every future one; an occurrence currently someone else's,
-- a swapped turn, is left out with EXDATE), and every other open
-- occurrence with a due time that is theirs or that they may claim (from
-- rotations, anyone- and everyone-chores, intervals: the next one exists
-- only once this one is done) as a single event in UTC. Undated one-offs
-- have no place on a calendar.
--
-- SECURITY DEFINER: the caller is nobody (api_anon) and the key is the
-- credential. Its hash is looked up in the unique index, so the answer's
-- time does not depend on how close a guess is; every wrong, malformed,
-- revoked key, or one of a removed member, gets the same 404.
CREATE OR REPLACE FUNCTION api.calendar_feed(p_key text DEFAULT NULL)
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint;
  v_username text;
  v_zone text;
  v_stamp text := app_functions.ical_utc(now());
  v_first timestamptz;
  v_lines text[];
  v_body bytea;
BEGIN
  IF p_key ~ '^[A-Za-z0-9_-]{43}$' THEN
    SELECT f.user_id, u.username INTO v_user_id, v_username
    FROM app_data.calendar_feeds f
    JOIN app_data.users u ON u.user_id = f.user_id
    WHERE f.key_sha256 = pg_catalog.sha256(convert_to(p_key, 'UTF8')) AND u.removed_at IS NULL;
  END IF;
  IF v_user_id IS NULL THEN
    PERFORM app_functions.api_error(404, 'No calendar feed has this key',
                                    'The member makes a new feed address in the app; the old one stops working');
  END IF;
  v_zone := app_functions.household_time_zone();

  v_lines := ARRAY['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Cleaning Task Tracker//Chores//EN',
                   'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
                   'X-WR-CALNAME:' || app_functions.ical_text('Chores: ' || v_username), 'X-WR-TIMEZONE:' || v_zone];

  SELECT min(app_functions.local_instant(t.schedule_start, v_zone)) INTO v_first
  FROM app_data.tasks t
  WHERE t.schedule_kind = 'calendar' AND t.fixed_user_id = v_user_id AND t.archived_at IS NULL;
  IF v_first IS NOT NULL THEN
    v_lines := v_lines || app_functions.ical_vtimezone(v_zone, v_first - interval '1 day', now() + interval '10 years');
    v_lines := v_lines || ARRAY(
      SELECT l.line
      FROM (SELECT * FROM app_data.tasks t
            WHERE t.schedule_kind = 'calendar' AND t.fixed_user_id = v_user_id AND t.archived_at IS NULL
            ORDER BY t.task_id LIMIT 500) t
      CROSS JOIN LATERAL unnest(ARRAY[
        'BEGIN:VEVENT',
        format('UID:chore-%s-member-%s@cleaning-task-tracker', t.task_id, v_user_id),
        'DTSTAMP:' || v_stamp,
        format('DTSTART;TZID=%s:%s', v_zone, app_functions.ical_local(t.schedule_start)),
        'RRULE:' || app_functions.ical_rrule(t.rrule, v_zone),
        (SELECT format('EXDATE;TZID=%s:', v_zone)
                || string_agg(app_functions.ical_local(o.due_at AT TIME ZONE v_zone), ',' ORDER BY o.due_at)
         FROM app_data.task_assignments o
         WHERE o.task_id = t.task_id AND o.status = 'todo' AND o.due_at IS NOT NULL
           AND o.user_id IS DISTINCT FROM v_user_id),
        'SUMMARY:' || app_functions.ical_text(t.task_name),
        CASE WHEN t.description <> '' THEN 'DESCRIPTION:' || app_functions.ical_text(t.description) END,
        'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:' || app_functions.ical_text(t.task_name),
        'TRIGGER:PT0S', 'END:VALARM',
        'END:VEVENT']) WITH ORDINALITY AS l(line, n)
      WHERE l.line IS NOT NULL
      ORDER BY t.task_id, l.n);
  END IF;

  v_lines := v_lines || ARRAY(
    SELECT l.line
    FROM (SELECT ta.assignment_id, ta.due_at, ta.user_id, t.task_name, t.description
          FROM app_data.task_assignments ta
          JOIN app_data.tasks t ON t.task_id = ta.task_id
          WHERE ta.status = 'todo' AND ta.due_at IS NOT NULL AND t.archived_at IS NULL
            AND (ta.user_id = v_user_id
                 OR (ta.user_id IS NULL AND EXISTS (SELECT 1 FROM app_data.task_pool p
                                                    WHERE p.task_id = ta.task_id AND p.user_id = v_user_id)))
            AND (t.schedule_kind <> 'calendar' OR t.fixed_user_id IS DISTINCT FROM v_user_id)
          ORDER BY ta.due_at, ta.assignment_id
          LIMIT 500) o
    CROSS JOIN LATERAL unnest(ARRAY[
      'BEGIN:VEVENT',
      format('UID:occurrence-%s@cleaning-task-tracker', o.assignment_id),
      'DTSTAMP:' || v_stamp,
      'DTSTART:' || app_functions.ical_utc(o.due_at),
      'SUMMARY:' || app_functions.ical_text(o.task_name || CASE WHEN o.user_id IS NULL THEN ' (anyone)' ELSE '' END),
      CASE WHEN o.description <> '' THEN 'DESCRIPTION:' || app_functions.ical_text(o.description) END,
      'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:' || app_functions.ical_text(o.task_name),
      'TRIGGER:PT0S', 'END:VALARM',
      'END:VEVENT']) WITH ORDINALITY AS l(line, n)
    WHERE l.line IS NOT NULL
    ORDER BY o.due_at, o.assignment_id, l.n);

  SELECT convert_to(string_agg(app_functions.ical_line(l.line), '' ORDER BY l.n), 'UTF8') INTO v_body
  FROM unnest(v_lines || 'END:VCALENDAR'::text) WITH ORDINALITY AS l(line, n);
  PERFORM pg_catalog.set_config('response.headers', json_build_array(
    json_build_object('Content-Type', 'text/calendar; charset=utf-8'),
    json_build_object('Content-Disposition', 'inline; filename="chores.ics"'),
    json_build_object('Content-Length', octet_length(v_body)::text),
    -- The key is in the URL: keep it out of every cache and Referer.
    json_build_object('Cache-Control', 'private, no-store'),
    json_build_object('Referrer-Policy', 'no-referrer'),
    json_build_object('X-Content-Type-Options', 'nosniff'))::text, true);
  RETURN v_body;
END
$$;

REVOKE ALL ON FUNCTION
  app_functions.ical_text(text),
  app_functions.ical_line(text),
  app_functions.ical_utc(timestamptz),
  app_functions.ical_local(timestamp),
  app_functions.ical_offset(interval),
  app_functions.zone_offset(text, timestamptz),
  app_functions.ical_vtimezone(text, timestamptz, timestamptz),
  app_functions.ical_rrule(text, text),
  app_functions.new_calendar_key(),
  api.regenerate_calendar_key(),
  api.calendar_feed(text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.new_calendar_key(), api.regenerate_calendar_key() TO api_authenticated;
-- Reached without a session (a phone's calendar) or from the signed-in app.
GRANT EXECUTE ON FUNCTION api.calendar_feed(text) TO api_anon, api_authenticated;
