-- The household's whole history as a file: every occurrence, open ones
-- included, as CSV (RFC 4180) or JSON, sent as a download. Members see all
-- of it already (one household, one board), so this runs as the caller
-- like every read: the read policies decide.
--
-- The body goes out raw through the "*/*" media-type handler, with the
-- real Content-Type set here (docs/DESIGN.md, facts 3-4: PostgREST 12.0.2
-- sends a specific domain such as "text/csv" JSON-quoted to Accept: */*).
-- One statement builds each format: 100,000 rows take well under the 3 s
-- statement timeout (make bench prints the figure).

-- One CSV cell (RFC 4180): quoted when it holds a quote, comma or line
-- break; and a cell a spreadsheet would run as a formula (= + - @, or a
-- leading tab or CR, OWASP's list) starts with a ' so it stays text.
-- Deliberately without SET search_path: a SQL function with a SET clause is
-- never inlined, and this runs for 400,000 cells of an export; every name
-- is qualified, and its callers pin search_path themselves.
CREATE OR REPLACE FUNCTION app_functions.csv_cell(p_value text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
           WHEN p_value IS NULL OR p_value OPERATOR(pg_catalog.=) '' THEN ''
           -- The first character by strpos, not a regex: a third of a cell's cost.
           WHEN pg_catalog.strpos(E'=+-@\t\r', pg_catalog.left(p_value, 1)) OPERATOR(pg_catalog.>) 0
             THEN '"''' OPERATOR(pg_catalog.||) pg_catalog.replace(p_value, '"', '""') OPERATOR(pg_catalog.||) '"'
           WHEN p_value OPERATOR(pg_catalog.~) '[",\r\n]'
             THEN '"' OPERATOR(pg_catalog.||) pg_catalog.replace(p_value, '"', '""') OPERATOR(pg_catalog.||) '"'
           ELSE p_value
         END
$$;

-- The formats both exports write.
CREATE OR REPLACE FUNCTION app_functions.check_export_format(p_format text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
  IF p_format IS NULL OR p_format NOT IN ('csv', 'json') THEN
    PERFORM app_functions.api_error(400, 'Unknown export format', 'csv or json', 'p_format');
  END IF;
END
$$;

-- Sends p_body as a download named p_name, today's date on the
-- household's clock and the format (cleaning-history-2026-07-01.csv). What
-- a member downloads is their household's: no shared cache keeps it.
CREATE OR REPLACE FUNCTION app_functions.send_download(p_body bytea, p_name text, p_format text)
RETURNS bytea
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_catalog.set_config('response.headers', json_build_array(
    json_build_object('Content-Type', CASE p_format WHEN 'csv' THEN 'text/csv; charset=utf-8; header=present'
                                                    ELSE 'application/json; charset=utf-8' END),
    json_build_object('Content-Disposition',
                      format('attachment; filename="%s-%s.%s"', p_name,
                             to_char(now() AT TIME ZONE app_functions.household_time_zone(), 'YYYY-MM-DD'), p_format)),
    json_build_object('Content-Length', octet_length(p_body)::text),
    json_build_object('Cache-Control', 'private, no-store'),
    json_build_object('X-Content-Type-Options', 'nosniff'))::text, true);
  RETURN p_body;
END
$$;

-- p_part picks the file: the occurrences (default) or the points ledger
-- (57_points_export.sql), so the household's data leaves through one door.
-- The one-argument version is gone (a second overload would make
-- PostgREST's choice ambiguous).
DROP FUNCTION IF EXISTS api.export_history(text);

CREATE OR REPLACE FUNCTION api.export_history(p_format text DEFAULT 'csv', p_part text DEFAULT 'occurrences')
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_caller_zone text := current_setting('TimeZone');
  v_body bytea;
BEGIN
  PERFORM app_functions.require_user();
  PERFORM app_functions.check_export_format(p_format);
  IF p_part IS NULL OR p_part NOT IN ('occurrences', 'points') THEN
    PERFORM app_functions.api_error(400, 'Unknown export part', 'occurrences or points', 'p_part');
  END IF;
  IF p_part = 'points' THEN
    RETURN app_functions.send_points_ledger(p_format);
  END IF;
  -- The file's date and the CSV's times on the household's wall clock,
  -- with their offset (what a spreadsheet shows). The transaction's
  -- TimeZone lets to_char write them without a conversion call per value
  -- (~5 us each, 300,000 of them); the caller's is restored below.
  PERFORM pg_catalog.set_config('TimeZone', app_functions.household_time_zone(), true);

  -- Each format is one statement over the rows in assignment order (the
  -- primary key's), aggregated as they come: an ORDER BY inside the
  -- aggregate would sort all of them again, on disk at this size.
  IF p_format = 'csv' THEN
    SELECT convert_to(
             'assignment_id,task_id,chore,member,status,due_at,closed_at,acted_by,note,reviewer,reviewed_at' || E'\r\n'
             || coalesce(string_agg(r.line, ''), ''), 'UTF8')
    INTO v_body
    FROM (SELECT ta.assignment_id || ',' || ta.task_id || ','
                 || app_functions.csv_cell(t.task_name) || ','
                 || app_functions.csv_cell(u.username) || ','
                 || ta.status || ','
                 || coalesce(to_char(ta.due_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'), '') || ','
                 || coalesce(to_char(ta.closed_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'), '') || ','
                 || app_functions.csv_cell(actor.username) || ','
                 || app_functions.csv_cell(ta.note) || ','
                 || app_functions.csv_cell(reviewer.username) || ','
                 || coalesce(to_char(ta.reviewed_at, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'), '') || E'\r\n' AS line
          FROM app_data.task_assignments ta
          JOIN app_data.tasks t ON t.task_id = ta.task_id
          LEFT JOIN app_data.users u ON u.user_id = ta.user_id
          LEFT JOIN app_data.users actor ON actor.user_id = ta.acted_by
          LEFT JOIN app_data.users reviewer ON reviewer.user_id = ta.reviewed_by
          ORDER BY ta.assignment_id) r;
  ELSE
    -- The occurrences' cards (46_occurrence_cards.sql), one per line.
    SELECT convert_to('[' || coalesce(string_agg(c.card, E',\n'), '') || E']\n', 'UTF8')
    INTO v_body
    FROM (SELECT ta.card FROM app_data.task_assignments ta ORDER BY ta.assignment_id) c;
  END IF;

  PERFORM pg_catalog.set_config('TimeZone', v_caller_zone, true);
  RETURN app_functions.send_download(v_body, 'cleaning-history', p_format);
END
$$;

REVOKE ALL ON FUNCTION app_functions.csv_cell(text), app_functions.check_export_format(text),
  app_functions.send_download(bytea, text, text), api.export_history(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.csv_cell(text), app_functions.check_export_format(text),
  app_functions.send_download(bytea, text, text), api.export_history(text, text) TO api_authenticated;
