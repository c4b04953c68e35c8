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
  IF v_assignment.assignment_id IS NULL THEN
    PERFORM app_functions.api_error(404, 'This assignment does not exist',
                                    p_details => format('assignment id %s', p_assignment_id));
  END IF;
  RETURN v_assignment;
END
$$;

GRANT EXECUTE ON FUNCTION app_functions.assignment_json(bigint), app_functions.existing_assignment(bigint)
  TO api_authenticated;

CREATE OR REPLACE FUNCTION api.assign_task(p_task_id bigint DEFAULT NULL, p_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('assign tasks');
  v_task_id bigint := app_functions.existing_task_id(p_task_id);
  v_user_id bigint := app_functions.required_id(p_user_id, 'User id');
  v_assignment_id bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app_data.users u WHERE u.user_id = v_user_id AND u.removed_at IS NULL) THEN
    PERFORM app_functions.api_error(404, 'This user does not exist',
                                    p_details => format('user id %s', v_user_id));
  END IF;
  IF EXISTS (SELECT 1 FROM app_data.tasks t WHERE t.task_id = v_task_id AND t.archived_at IS NOT NULL) THEN
    PERFORM app_functions.api_error(409, 'This task is archived and cannot be assigned');
  END IF;
  IF EXISTS (SELECT 1 FROM app_data.task_assignments a
             WHERE a.task_id = v_task_id AND a.user_id = v_user_id AND a.completed_at IS NULL) THEN
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

CREATE OR REPLACE FUNCTION api.complete_assignment(p_assignment_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_assignment app_data.task_assignments := app_functions.existing_assignment(p_assignment_id);
BEGIN
  IF v_assignment.user_id <> v_user_id THEN
    PERFORM app_functions.api_error(403, 'Only the assigned member can complete this assignment');
  END IF;
  IF v_assignment.completed_at IS NOT NULL THEN
    PERFORM app_functions.api_error(409, 'This assignment is already completed');
  END IF;
  -- Only if still open: of two simultaneous calls, one changes the row and
  -- the other changes nothing and says so.
  UPDATE app_data.task_assignments a SET completed_at = greatest(now(), a.assigned_at)
  WHERE a.assignment_id = v_assignment.assignment_id AND a.completed_at IS NULL;
  IF NOT FOUND THEN
    PERFORM app_functions.api_error(409, 'This assignment is already completed');
  END IF;
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
  IF v_assignment.completed_at IS NULL THEN
    PERFORM app_functions.api_error(409, 'This assignment is not completed yet');
  END IF;
  IF v_assignment.is_approved IS NOT NULL THEN
    PERFORM app_functions.api_error(409, 'This assignment has already been reviewed');
  END IF;
  UPDATE app_data.task_assignments a
  SET is_approved = p_approve, reviewed_by = v_admin_id, reviewed_at = now()
  WHERE a.assignment_id = v_assignment.assignment_id
    AND a.completed_at IS NOT NULL AND a.is_approved IS NULL;
  IF NOT FOUND THEN
    PERFORM app_functions.api_error(409, 'This assignment has already been reviewed');
  END IF;
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

REVOKE ALL ON FUNCTION api.assign_task(bigint, bigint), api.complete_assignment(bigint),
  api.approve_assignment(bigint), api.reject_assignment(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.assign_task(bigint, bigint), api.complete_assignment(bigint),
  api.approve_assignment(bigint), api.reject_assignment(bigint) TO api_authenticated;
