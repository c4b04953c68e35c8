-- Wall-clock arithmetic in the household's zone. Due dates are local times
-- ("every Monday at 18:00"), stored as instants.

-- RFC 5545 §3.3.5: a local time that does not exist (spring forward) moves
-- forward by the gap, an ambiguous one (fall back) is the earlier instant.
-- PostgreSQL's `timestamp AT TIME ZONE` already does the first but picks the
-- later instant for the second, so the earlier reading is tried explicitly:
-- the offset in force six hours before (longer than any transition) gives
-- the candidate, kept if it really shows the same wall time.
CREATE OR REPLACE FUNCTION app_functions.local_instant(p_local timestamp, p_zone text)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT CASE WHEN earlier < later AND (earlier AT TIME ZONE p_zone) = p_local THEN earlier ELSE later END
  FROM (SELECT p_local AT TIME ZONE p_zone AS later) l,
  LATERAL (SELECT (p_local - (((later - interval '6 hours') AT TIME ZONE p_zone)
                               - ((later - interval '6 hours') AT TIME ZONE 'UTC'))) AT TIME ZONE 'UTC' AS earlier) e
$$;

-- An instant as ISO 8601 with the zone's UTC offset at that instant
-- ("2026-03-29T03:30:00+02:00"): what a person in the household reads.
CREATE OR REPLACE FUNCTION app_functions.local_iso(p_instant timestamptz, p_zone text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT to_char(p_instant AT TIME ZONE p_zone, 'YYYY-MM-DD"T"HH24:MI:SS')
         || CASE WHEN off < interval '0' THEN '-' ELSE '+' END
         || to_char(abs(extract(epoch FROM off))::integer / 3600, 'FM00') || ':'
         || to_char(abs(extract(epoch FROM off))::integer % 3600 / 60, 'FM00')
  FROM (SELECT (p_instant AT TIME ZONE p_zone) - (p_instant AT TIME ZONE 'UTC') AS off) o
$$;

GRANT EXECUTE ON FUNCTION app_functions.local_instant(timestamp, text), app_functions.local_iso(timestamptz, text)
  TO api_authenticated;
