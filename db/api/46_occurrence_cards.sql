-- Each occurrence's card: the JSON object the agenda, the history pages and
-- the JSON export send for it, rendered when the row is written, so a read
-- only concatenates stored text (migration 20261126000010_reading.sql says
-- why: rendering on every read cost ten times the page's key scan).
--
-- Instants are in UTC ("2026-11-26T17:00:00Z"): a card must not depend on
-- the household's zone, which changes without touching any occurrence.
-- Everything else a card shows is re-rendered when it changes: the row
-- itself (trigger below, on every insert and update), the chore's name,
-- schedule kind, assignee mode and approval setting, and member names.

CREATE OR REPLACE FUNCTION app_functions.occurrence_card(p_row app_data.task_assignments)
RETURNS text
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT row_to_json(c)::text
  FROM (SELECT p_row.assignment_id, p_row.task_id, t.task_name, t.schedule_kind, t.assignee_mode,
               t.requires_approval, p_row.user_id,
               (SELECT u.username FROM app_data.users u WHERE u.user_id = p_row.user_id) AS username,
               p_row.status,
               to_char(p_row.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS due_at,
               to_char(p_row.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS closed_at,
               to_char(p_row.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS completed_at,
               (SELECT u.username FROM app_data.users u WHERE u.user_id = p_row.acted_by) AS acted_by,
               p_row.note,
               (SELECT u.username FROM app_data.users u WHERE u.user_id = p_row.reviewed_by) AS reviewed_by,
               to_char(p_row.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS reviewed_at
        FROM app_data.tasks t
        WHERE t.task_id = p_row.task_id) c
$$;

-- SECURITY DEFINER: a card shows names whoever writes the row, and the
-- re-rendering below updates rows no request role may update. The
-- functions are triggers only (no request role can call them).
CREATE OR REPLACE FUNCTION app_functions.render_occurrence_card()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  NEW.card := app_functions.occurrence_card(NEW);
  RETURN NEW;
END
$$;

-- BEFORE triggers fire in name order: "zz" renders the row after every
-- other one has changed it.
CREATE OR REPLACE TRIGGER task_assignments_zz_render_card
  BEFORE INSERT OR UPDATE ON app_data.task_assignments
  FOR EACH ROW EXECUTE FUNCTION app_functions.render_occurrence_card();

-- Setting card touches no status, so none of the chore engine's status
-- triggers fire; the render trigger above writes the new card.
CREATE OR REPLACE FUNCTION app_functions.rerender_task_cards()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  UPDATE app_data.task_assignments a SET card = NULL WHERE a.task_id = NEW.task_id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tasks_rerender_cards
  AFTER UPDATE OF task_name, schedule_kind, assignee_mode, requires_approval ON app_data.tasks
  FOR EACH ROW
  WHEN (OLD.task_name IS DISTINCT FROM NEW.task_name OR OLD.schedule_kind IS DISTINCT FROM NEW.schedule_kind
        OR OLD.assignee_mode IS DISTINCT FROM NEW.assignee_mode
        OR OLD.requires_approval IS DISTINCT FROM NEW.requires_approval)
  EXECUTE FUNCTION app_functions.rerender_task_cards();

CREATE OR REPLACE FUNCTION app_functions.rerender_member_cards()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  UPDATE app_data.task_assignments a SET card = NULL
  WHERE a.user_id = NEW.user_id OR a.acted_by = NEW.user_id OR a.reviewed_by = NEW.user_id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER users_rerender_cards
  AFTER UPDATE OF username ON app_data.users
  FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username)
  EXECUTE FUNCTION app_functions.rerender_member_cards();

REVOKE ALL ON FUNCTION
  app_functions.occurrence_card(app_data.task_assignments),
  app_functions.render_occurrence_card(),
  app_functions.rerender_task_cards(),
  app_functions.rerender_member_cards()
FROM PUBLIC;

-- Every card is rendered by the renderer above: after a migration added
-- the column, and whenever a deploy brings a renderer that writes
-- something else (its definition's hash differs from the one that wrote
-- the cards), every card is written again, in this deploy's transaction.
DO $$
DECLARE
  v_renderer text := encode(sha256(convert_to(
    pg_get_functiondef('app_functions.occurrence_card(app_data.task_assignments)'::regprocedure), 'UTF8')), 'hex');
BEGIN
  IF (SELECT r.card_renderer FROM app_data.read_model r) IS DISTINCT FROM v_renderer THEN
    UPDATE app_data.task_assignments a SET card = NULL;
    UPDATE app_data.read_model r SET card_renderer = v_renderer;
  END IF;
END
$$;
