-- Who does what: admins assign and review, members complete their own.
-- SECURITY INVOKER, so the RLS policies on task_assignments are the final
-- word; the checks here only turn a refusal into a clear message.

CREATE OR REPLACE FUNCTION app_functions.assignment_json(p_assignment_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT row_to_json(a) FROM api.task_assignments a WHERE a.assignment_id = p_assignment_id
$$;

CREATE OR REPLACE FUNCTION app_functions.existing_assignment(p_assignment_id bigint)
RETURNS app_data.task_assignments
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_assignment app_data.task_assignments%ROWTYPE;
BEGIN
  SELECT * INTO v_assignment FROM app_data.task_assignments a
  WHERE a.assignment_id = app_functions.required_id(p_assignment_id, 'Assignment id');
  PERFORM app_functions.require_found(v_assignment.assignment_id IS NOT NULL, 'This assignment does not exist',
                                      'Assignment id', p_assignment_id);
  RETURN v_assignment;
END
$$;

GRANT EXECUTE ON FUNCTION app_functions.assignment_json(bigint), app_functions.existing_assignment(bigint)
  TO api_authenticated;

-- A note on a completion or skip: optional, bounded, line breaks allowed.
CREATE OR REPLACE FUNCTION app_functions.optional_note(p_note text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$ SELECT app_functions.optional_multiline_text(p_note, 'Note', 500) $$;

-- Who may complete or skip an occurrence: its member, a pool member for an
-- unclaimed one, or an admin on the member's behalf. The RLS policies say
-- the same; this gives the refusal its words.
CREATE OR REPLACE FUNCTION app_functions.require_acting_on(p_assignment app_data.task_assignments, p_user_id bigint,
                                                           p_action text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  IF p_assignment.user_id IS DISTINCT FROM p_user_id
     AND NOT app_functions.current_user_is_admin()
     AND NOT (p_assignment.user_id IS NULL AND app_functions.in_task_pool(p_assignment.task_id, p_user_id)) THEN
    PERFORM app_functions.api_error(403, format('Only the assigned member can %s this assignment', p_action));
  END IF;
  IF p_assignment.status <> 'todo' THEN
    PERFORM app_functions.api_error(409, CASE WHEN p_assignment.completed_at IS NOT NULL
                                              THEN 'This assignment is already completed'
                                              ELSE 'This occurrence is no longer open' END);
  END IF;
END
$$;

GRANT EXECUTE ON FUNCTION app_functions.optional_note(text),
  app_functions.require_acting_on(app_data.task_assignments, bigint, text) TO api_authenticated;

CREATE OR REPLACE FUNCTION api.assign_task(p_task_id bigint DEFAULT NULL, p_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('assign tasks');
  v_task_id bigint := app_functions.existing_task_id(p_task_id);
  v_user_id bigint := app_functions.active_member_id(p_user_id);
  v_assignment_id bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM app_data.tasks t WHERE t.task_id = v_task_id AND t.archived_at IS NOT NULL) THEN
    PERFORM app_functions.api_error(409, 'This task is archived and cannot be assigned');
  END IF;
  IF EXISTS (SELECT 1 FROM app_data.task_assignments a
             WHERE a.task_id = v_task_id AND a.user_id = v_user_id AND a.status = 'todo' AND a.due_at IS NULL) THEN
    PERFORM app_functions.api_error(409, 'This member already has this task open');
  END IF;
  INSERT INTO app_data.task_assignments (task_id, user_id, assigned_by)
  VALUES (v_task_id, v_user_id, v_admin_id)
  RETURNING assignment_id INTO v_assignment_id;
  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.assignment_json(v_assignment_id);
EXCEPTION
  -- Two admins assigning the same task to the same member at once.
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'This member already has this task open');
END
$$;

-- complete_assignment gained an optional note and "done earlier" time; the
-- guide's one-argument call still works through the defaults.
DROP FUNCTION IF EXISTS api.complete_assignment(bigint);

-- The assignee completes (an unclaimed occurrence of an anyone-chore is
-- claimed by completing it), or an admin completes on the member's behalf.
-- Chores that need approval wait for it; others are done.
CREATE OR REPLACE FUNCTION api.complete_assignment(p_assignment_id bigint DEFAULT NULL, p_note text DEFAULT NULL,
                                                   p_completed_at timestamptz DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
  v_note text := app_functions.optional_note(p_note);
  v_completed_at timestamptz := coalesce(p_completed_at, now());
BEGIN
  PERFORM app_functions.require_post();
  PERFORM app_functions.require_acting_on(v_assignment, v_user_id, 'complete');
  IF v_completed_at > now() + interval '1 minute' THEN
    PERFORM app_functions.api_error(400, 'A completion cannot be in the future', NULL, 'p_completed_at');
  END IF;
  IF v_completed_at < v_assignment.assigned_at THEN
    PERFORM app_functions.api_error(400, 'A completion cannot be earlier than the occurrence',
                                    format('The occurrence was created at %s', v_assignment.assigned_at), 'p_completed_at');
  END IF;
  -- Only if still open: of two simultaneous calls, one changes the row and
  -- the other changes nothing and says so.
  UPDATE app_data.task_assignments a
  SET status = CASE WHEN t.requires_approval THEN 'waiting' ELSE 'done' END,
      user_id = coalesce(a.user_id, v_user_id),
      completed_at = least(v_completed_at, now()), closed_at = least(v_completed_at, now()),
      acted_by = v_user_id, acted_at = now(), note = v_note
  FROM app_data.tasks t
  WHERE t.task_id = a.task_id AND a.assignment_id = v_assignment.assignment_id AND a.status = 'todo';
  PERFORM app_functions.require_changed(FOUND, 'This assignment is already completed');
  RETURN app_functions.assignment_json(v_assignment.assignment_id);
END
$$;

CREATE OR REPLACE FUNCTION api.skip_assignment(p_assignment_id bigint DEFAULT NULL, p_note text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
  v_note text := app_functions.optional_note(p_note);
BEGIN
  PERFORM app_functions.require_post();
  PERFORM app_functions.require_acting_on(v_assignment, v_user_id, 'skip');
  IF v_assignment.user_id IS NULL AND NOT app_functions.current_user_is_admin() THEN
    PERFORM app_functions.api_error(409, 'Nobody has claimed this occurrence', 'Claim it first, or let an admin skip it');
  END IF;
  UPDATE app_data.task_assignments a
  SET status = 'skipped', closed_at = now(), acted_by = v_user_id, acted_at = now(), note = v_note
  WHERE a.assignment_id = v_assignment.assignment_id AND a.status = 'todo';
  PERFORM app_functions.require_changed(FOUND, 'This occurrence is no longer open');
  RETURN app_functions.assignment_json(v_assignment.assignment_id);
END
$$;

-- Takes back the last step of an occurrence: a completion or skip (one's
-- own within ten minutes, an admin's at any time) returns it to open; a
-- review (admins) returns it to waiting. What the step created goes too
-- (retract_after_undo), unless someone acted on it already (409).
CREATE OR REPLACE FUNCTION api.undo_assignment(p_assignment_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
  v_is_admin boolean := app_functions.current_user_is_admin();
BEGIN
  PERFORM app_functions.require_post();
  IF v_assignment.status IN ('todo', 'missed') THEN
    PERFORM app_functions.api_error(409, 'There is nothing to undo on this occurrence');
  END IF;
  IF v_assignment.status IN ('approved', 'rejected') THEN
    IF NOT v_is_admin THEN
      PERFORM app_functions.api_error(403, 'Only household admins can undo a review');
    END IF;
    UPDATE app_data.task_assignments a
    SET status = 'waiting', is_approved = NULL, reviewed_by = NULL, reviewed_at = NULL
    WHERE a.assignment_id = v_assignment.assignment_id AND a.status = v_assignment.status;
  ELSE
    IF NOT v_is_admin AND (v_assignment.acted_by IS DISTINCT FROM v_user_id
                           OR v_assignment.acted_at <= now() - interval '10 minutes') THEN
      PERFORM app_functions.api_error(403, 'Only your own action of the last 10 minutes can be undone',
                                      'A household admin can undo it');
    END IF;
    UPDATE app_data.task_assignments a
    SET status = 'todo', completed_at = NULL, closed_at = NULL, acted_by = NULL, acted_at = NULL, note = ''
    WHERE a.assignment_id = v_assignment.assignment_id AND a.status = v_assignment.status;
  END IF;
  PERFORM app_functions.require_changed(FOUND, 'This occurrence has changed meanwhile', 'Reload and try again');
  RETURN app_functions.assignment_json(v_assignment.assignment_id);
END
$$;

CREATE OR REPLACE FUNCTION app_functions.review_assignment(p_assignment_id bigint, p_approve boolean)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin(CASE WHEN p_approve THEN 'approve' ELSE 'reject' END || ' completed tasks');
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
BEGIN
  IF v_assignment.user_id = v_admin_id THEN
    PERFORM app_functions.api_error(403, 'You cannot review your own work', 'Another household admin has to review it');
  END IF;
  IF v_assignment.status IN ('todo', 'skipped', 'missed') THEN
    PERFORM app_functions.api_error(409, 'This assignment is not completed yet');
  END IF;
  IF v_assignment.status <> 'waiting' THEN
    PERFORM app_functions.api_error(409, 'This assignment has already been reviewed');
  END IF;
  UPDATE app_data.task_assignments a
  SET status = CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END,
      is_approved = p_approve, reviewed_by = v_admin_id, reviewed_at = now()
  WHERE a.assignment_id = v_assignment.assignment_id AND a.status = 'waiting';
  PERFORM app_functions.require_changed(FOUND, 'This assignment has already been reviewed');
  RETURN app_functions.assignment_json(v_assignment.assignment_id);
END
$$;
GRANT EXECUTE ON FUNCTION app_functions.review_assignment(bigint, boolean) TO api_authenticated;

CREATE OR REPLACE FUNCTION api.approve_assignment(p_assignment_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.review_assignment(p_assignment_id, true) $$;

CREATE OR REPLACE FUNCTION api.reject_assignment(p_assignment_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.review_assignment(p_assignment_id, false) $$;

GRANT EXECUTE ON FUNCTION api.assign_task(bigint, bigint), api.complete_assignment(bigint, text, timestamptz),
  api.skip_assignment(bigint, text), api.undo_assignment(bigint),
  api.approve_assignment(bigint), api.reject_assignment(bigint) TO api_authenticated;
