-- The points ledger as a file, beside the history's (48_export.sql, whose
-- CSV is one row per occurrence): every entry, oldest first, as CSV
-- (RFC 4180, cells through app_functions.csv_cell) or JSON. Runs as the
-- caller: RLS gives a member their own entries and an admin everyone's.
-- Two doors, one body: `export_history?p_part=points` (the household's
-- data out in one place) and the older `export_points`.
CREATE OR REPLACE FUNCTION app_functions.points_ledger_file(p_format text)
RETURNS bytea
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_caller_zone text := current_setting('TimeZone');
  v_body bytea;
BEGIN
  -- Times on the household's wall clock, with their offset (as the
  -- history's export writes them); the caller's zone is restored below.
  PERFORM pg_catalog.set_config('TimeZone', app_functions.household_time_zone(), true);
  IF p_format = 'csv' THEN
    SELECT convert_to(
             'entry_id,user_id,member,amount,kind,reason,assignment_id,task_id,chore,redemption_id,reward,created_by,created_at'
             || E'\r\n' || coalesce(string_agg(
               l.entry_id || ',' || l.user_id || ',' || app_functions.csv_cell(u.username) || ','
               || l.amount || ',' || l.kind || ',' || app_functions.csv_cell(l.reason) || ','
               || coalesce(l.assignment_id::text, '') || ',' || coalesce(l.task_id::text, '') || ','
               || app_functions.csv_cell(t.task_name) || ',' || coalesce(l.redemption_id::text, '') || ','
               || app_functions.csv_cell(w.name) || ',' || app_functions.csv_cell(c.username) || ','
               || to_char(l.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM') || E'\r\n',
               '' ORDER BY l.entry_id), ''), 'UTF8')
    INTO v_body
    FROM app_data.points_ledger l
    JOIN app_data.users u ON u.user_id = l.user_id
    LEFT JOIN app_data.tasks t ON t.task_id = l.task_id
    LEFT JOIN app_data.redemptions r ON r.redemption_id = l.redemption_id
    LEFT JOIN app_data.rewards w ON w.reward_id = r.reward_id
    LEFT JOIN app_data.users c ON c.user_id = l.created_by;
  ELSE
    SELECT convert_to(coalesce(json_agg(json_build_object(
             'entry_id', l.entry_id, 'user_id', l.user_id, 'member', u.username, 'amount', l.amount,
             'kind', l.kind, 'reason', l.reason, 'assignment_id', l.assignment_id, 'task_id', l.task_id,
             'chore', t.task_name, 'redemption_id', l.redemption_id, 'reward', w.name,
             'created_by', c.username, 'created_at', to_char(l.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'))
             ORDER BY l.entry_id)::text, '[]') || E'\n', 'UTF8')
    INTO v_body
    FROM app_data.points_ledger l
    JOIN app_data.users u ON u.user_id = l.user_id
    LEFT JOIN app_data.tasks t ON t.task_id = l.task_id
    LEFT JOIN app_data.redemptions r ON r.redemption_id = l.redemption_id
    LEFT JOIN app_data.rewards w ON w.reward_id = r.reward_id
    LEFT JOIN app_data.users c ON c.user_id = l.created_by;
  END IF;
  PERFORM pg_catalog.set_config('TimeZone', v_caller_zone, true);
  RETURN v_body;
END
$$;

-- The download, for either door.
CREATE OR REPLACE FUNCTION app_functions.send_points_ledger(p_format text)
RETURNS bytea
LANGUAGE sql STABLE
SET search_path = ''
AS $$ SELECT app_functions.send_download(app_functions.points_ledger_file(p_format), 'cleaning-points', p_format) $$;

CREATE OR REPLACE FUNCTION api.export_points(p_format text DEFAULT 'csv')
RETURNS app_functions."*/*"
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_user();
  PERFORM app_functions.check_export_format(p_format);
  RETURN app_functions.send_points_ledger(p_format);
END
$$;

REVOKE ALL ON FUNCTION app_functions.points_ledger_file(text), app_functions.send_points_ledger(text),
  api.export_points(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.points_ledger_file(text), app_functions.send_points_ledger(text),
  api.export_points(text) TO api_authenticated;
