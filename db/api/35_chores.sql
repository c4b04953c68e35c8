-- Chores: a task with a schedule and a way of choosing who does it, and the
-- household settings due dates depend on. The guide's create_task stays the
-- one-off shortcut; create_chore/update_chore take the whole definition.
-- SECURITY INVOKER: the RLS policies on tasks and task_pool decide.

CREATE OR REPLACE FUNCTION api.household()
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_user();
  RETURN json_build_object('time_zone', app_functions.household_time_zone());
END
$$;

-- Changing the zone moves no stored instant; due dates computed from now
-- on follow the new wall clock. The household row is closed to request
-- roles, so this definer does the one update, and checks for itself who may.
CREATE OR REPLACE FUNCTION app_functions.set_household_time_zone(p_time_zone text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_admin('change household settings');
  UPDATE app_data.household h SET time_zone = p_time_zone;
END
$$;

CREATE OR REPLACE FUNCTION api.update_household(p_time_zone text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint;
BEGIN
  v_admin_id := app_functions.require_admin_post('change household settings');
  IF p_time_zone IS NULL THEN
    PERFORM app_functions.api_error(400, 'Time zone is required', 'An IANA name such as Europe/Berlin', 'p_time_zone');
  END IF;
  PERFORM app_functions.set_household_time_zone(app_functions.valid_time_zone(p_time_zone));
  RETURN api.household();
END
$$;

-- One place that checks a chore definition, for create and update. The
-- table's CHECK constraints hold the same rules for any other path; these
-- turn them into field errors: "details" is the parameter's name
-- (SECURITY-API.md, "Field errors"), never the input.
CREATE OR REPLACE FUNCTION app_functions.chore_definition(
  p_task_id bigint, p_schedule_kind text, p_rrule text, p_start text, p_interval_count integer,
  p_interval_unit text, p_after_task_id bigint, p_after_hours integer, p_assignee_mode text,
  p_user_id bigint, p_pool bigint[], p_rotation_strategy text)
RETURNS app_data.tasks
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v app_data.tasks;
  v_zone text := app_functions.household_time_zone();
  v_has_instance boolean;
  v_error text;
BEGIN
  v.schedule_kind := coalesce(p_schedule_kind, 'once');
  IF v.schedule_kind NOT IN ('once', 'calendar', 'interval', 'adaptive', 'after_task') THEN
    PERFORM app_functions.api_error(400, 'Unknown schedule kind', 'One of: once, calendar, interval, adaptive, after_task',
                                    'p_schedule_kind');
  END IF;
  IF p_start IS NOT NULL THEN
    -- Hours 00-23 only: PostgreSQL would read 24:00 as the next midnight.
    IF p_start !~ '^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$' THEN
      PERFORM app_functions.api_error(400, 'Start must be a local date and time', 'Format YYYY-MM-DDTHH:MM', 'p_start');
    END IF;
    BEGIN
      v.schedule_start := p_start::timestamp;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
      PERFORM app_functions.api_error(400, 'Start must be a local date and time', 'Format YYYY-MM-DDTHH:MM', 'p_start');
    END;
  END IF;
  CASE v.schedule_kind
    WHEN 'calendar' THEN
      IF p_rrule IS NULL OR v.schedule_start IS NULL THEN
        PERFORM app_functions.api_error(400, 'A calendar schedule needs a rule and a start', 'Give p_rrule and p_start',
                                        CASE WHEN p_rrule IS NULL THEN 'p_rrule' ELSE 'p_start' END);
      END IF;
      -- Parsing refuses a bad rule with a 400 (its message and hint kept,
      -- the parameter named), and a rule that never occurs would leave the
      -- chore silently dead.
      BEGIN
        v_has_instance := EXISTS (SELECT 1 FROM app_functions.rrule_instances(p_rrule, v.schedule_start, v_zone,
                                                                              '-infinity', 1));
      EXCEPTION WHEN SQLSTATE 'PGRST' THEN
        GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT;
        PERFORM app_functions.api_error(400, v_error::json ->> 'message', v_error::json ->> 'hint', 'p_rrule');
      END;
      IF NOT v_has_instance THEN
        PERFORM app_functions.api_error(400, 'This schedule rule has no occurrences', NULL, 'p_rrule');
      END IF;
      v.rrule := regexp_replace(upper(btrim(p_rrule)), '^RRULE:', '');
    WHEN 'interval', 'adaptive' THEN
      IF p_interval_count IS NULL OR p_interval_unit IS NULL THEN
        PERFORM app_functions.api_error(400, 'This schedule needs an interval', 'Give p_interval_count and p_interval_unit',
                                        CASE WHEN p_interval_count IS NULL THEN 'p_interval_count' ELSE 'p_interval_unit' END);
      END IF;
      IF p_interval_count NOT BETWEEN 1 AND 1000 THEN
        PERFORM app_functions.api_error(400, 'Interval count must be between 1 and 1000', NULL, 'p_interval_count');
      END IF;
      IF p_interval_unit NOT IN ('hours', 'days', 'weeks', 'months') THEN
        PERFORM app_functions.api_error(400, 'Unknown interval unit', 'One of: hours, days, weeks, months', 'p_interval_unit');
      END IF;
      v.interval_count := p_interval_count;
      v.interval_unit := p_interval_unit;
    WHEN 'after_task' THEN
      v.after_task_id := app_functions.existing_task_id(app_functions.required_id(p_after_task_id, 'After task id'));
      IF v.after_task_id = p_task_id THEN
        PERFORM app_functions.api_error(400, 'A chore cannot follow itself', NULL, 'p_after_task_id');
      END IF;
      -- A chain that loops back would never start.
      IF p_task_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE chain(task_id) AS (
          SELECT v.after_task_id
          UNION
          SELECT t.after_task_id FROM app_data.tasks t JOIN chain c ON t.task_id = c.task_id
          WHERE t.after_task_id IS NOT NULL)
        SELECT 1 FROM chain WHERE task_id = p_task_id) THEN
        PERFORM app_functions.api_error(400, 'These chores would follow each other in a circle', NULL, 'p_after_task_id');
      END IF;
      IF p_after_hours IS NULL OR p_after_hours NOT BETWEEN 0 AND 8760 THEN
        PERFORM app_functions.api_error(400, 'Hours after the other chore must be between 0 and 8760', NULL, 'p_after_hours');
      END IF;
      v.after_hours := p_after_hours;
    ELSE
      NULL;
  END CASE;

  v.assignee_mode := coalesce(p_assignee_mode, 'fixed');
  IF v.assignee_mode NOT IN ('fixed', 'rotation', 'anyone', 'everyone') THEN
    PERFORM app_functions.api_error(400, 'Unknown way of choosing who does it', 'One of: fixed, rotation, anyone, everyone',
                                    'p_assignee_mode');
  END IF;
  IF v.assignee_mode = 'fixed' THEN
    IF p_user_id IS NOT NULL THEN
      v.fixed_user_id := app_functions.active_member_id(p_user_id);
    END IF;
  ELSE
    IF coalesce(cardinality(p_pool), 0) = 0 THEN
      PERFORM app_functions.api_error(400, 'This chore needs members to choose from', 'Give p_pool, a list of user ids',
                                      'p_pool');
    END IF;
    IF array_ndims(p_pool) <> 1 OR cardinality(p_pool) > 100
       OR cardinality(p_pool) <> (SELECT count(DISTINCT m) FROM unnest(p_pool) m)
       OR EXISTS (SELECT 1 FROM unnest(p_pool) m WHERE m IS NULL OR m <= 0) THEN
      PERFORM app_functions.api_error(400, 'The pool must list each member once (at most 100)', 'Positive user ids',
                                      'p_pool');
    END IF;
    PERFORM app_functions.active_member_id(m) FROM unnest(p_pool) m;
  END IF;
  IF v.assignee_mode = 'rotation' THEN
    v.rotation_strategy := coalesce(p_rotation_strategy, 'round_robin');
    IF v.rotation_strategy NOT IN ('round_robin', 'least_completed', 'least_assigned', 'random', 'random_except_last', 'keep_last') THEN
      PERFORM app_functions.api_error(400, 'Unknown rotation strategy',
        'One of: round_robin, least_completed, least_assigned, random, random_except_last, keep_last',
        'p_rotation_strategy');
    END IF;
  END IF;
  RETURN v;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.active_member_id(p_user_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_found(EXISTS (SELECT 1 FROM app_data.users u
                                              WHERE u.user_id = app_functions.required_id(p_user_id, 'User id')
                                                AND u.removed_at IS NULL),
                                      'This user does not exist', 'User id', p_user_id);
  RETURN p_user_id;
END
$$;

-- Someone the household has or had: a removed member keeps their history
-- and points, so reading those asks only that they existed.
CREATE OR REPLACE FUNCTION app_functions.known_user_id(p_user_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_found(EXISTS (SELECT 1 FROM app_data.users u
                                              WHERE u.user_id = app_functions.required_id(p_user_id, 'User id')),
                                      'This user does not exist', 'User id', p_user_id);
  RETURN p_user_id;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.save_chore(p_task_id bigint, p_definition app_data.tasks, p_pool bigint[],
                                                    p_requires_approval boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
BEGIN
  UPDATE app_data.tasks t SET
    schedule_kind = p_definition.schedule_kind, rrule = p_definition.rrule,
    schedule_start = p_definition.schedule_start, interval_count = p_definition.interval_count,
    interval_unit = p_definition.interval_unit, after_task_id = p_definition.after_task_id,
    after_hours = p_definition.after_hours, assignee_mode = p_definition.assignee_mode,
    fixed_user_id = p_definition.fixed_user_id, rotation_strategy = p_definition.rotation_strategy,
    requires_approval = coalesce(p_requires_approval, t.requires_approval)
  WHERE t.task_id = p_task_id;
  DELETE FROM app_data.task_pool p WHERE p.task_id = p_task_id;
  INSERT INTO app_data.task_pool (task_id, user_id, position)
  SELECT p_task_id, m.user_id, m.position - 1
  FROM unnest(p_pool) WITH ORDINALITY AS m(user_id, position)
  WHERE p_definition.assignee_mode <> 'fixed';
END
$$;

CREATE OR REPLACE FUNCTION api.create_chore(
  p_task_name text DEFAULT NULL, p_description text DEFAULT NULL,
  p_schedule_kind text DEFAULT 'once', p_rrule text DEFAULT NULL, p_start text DEFAULT NULL,
  p_due_at timestamptz DEFAULT NULL,
  p_interval_count integer DEFAULT NULL, p_interval_unit text DEFAULT NULL,
  p_after_task_id bigint DEFAULT NULL, p_after_hours integer DEFAULT NULL,
  p_assignee_mode text DEFAULT 'fixed', p_user_id bigint DEFAULT NULL, p_pool bigint[] DEFAULT NULL,
  p_rotation_strategy text DEFAULT NULL, p_requires_approval boolean DEFAULT true)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint;
  v_task_name text;
  v_definition app_data.tasks;
  v_task_id bigint;
BEGIN
  v_admin_id := app_functions.require_admin_post('create chores');
  v_task_name := app_functions.required_text(p_task_name, 'Task name', 100);
  v_definition := app_functions.chore_definition(NULL, p_schedule_kind, p_rrule, p_start, p_interval_count,
    p_interval_unit, p_after_task_id, p_after_hours, p_assignee_mode, p_user_id, p_pool, p_rotation_strategy);
  PERFORM app_functions.ensure_task_name_free(v_task_name, NULL);
  INSERT INTO app_data.tasks (task_name, description, created_by)
  VALUES (v_task_name, app_functions.optional_description(p_description), v_admin_id)
  RETURNING task_id INTO v_task_id;
  PERFORM app_functions.save_chore(v_task_id, v_definition, p_pool, p_requires_approval);
  PERFORM app_functions.schedule_first_occurrences(v_task_id, p_due_at);
  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.task_json(v_task_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'A task with this name already exists', 'Choose another name');
END
$$;

-- Replaces the whole definition (the editor sends all of it). Open
-- occurrences nobody has acted on are planned again under the new rules;
-- anything already done stays history.
CREATE OR REPLACE FUNCTION api.update_chore(
  p_task_id bigint DEFAULT NULL, p_task_name text DEFAULT NULL, p_description text DEFAULT NULL,
  p_schedule_kind text DEFAULT 'once', p_rrule text DEFAULT NULL, p_start text DEFAULT NULL,
  p_due_at timestamptz DEFAULT NULL,
  p_interval_count integer DEFAULT NULL, p_interval_unit text DEFAULT NULL,
  p_after_task_id bigint DEFAULT NULL, p_after_hours integer DEFAULT NULL,
  p_assignee_mode text DEFAULT 'fixed', p_user_id bigint DEFAULT NULL, p_pool bigint[] DEFAULT NULL,
  p_rotation_strategy text DEFAULT NULL, p_requires_approval boolean DEFAULT true)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint;
  v_task_id bigint;
  v_task_name text;
  v_definition app_data.tasks;
BEGIN
  v_admin_id := app_functions.require_admin_post('edit chores');
  v_task_id := app_functions.existing_task_id(p_task_id);
  v_task_name := app_functions.required_text(p_task_name, 'Task name', 100);
  v_definition := app_functions.chore_definition(v_task_id, p_schedule_kind, p_rrule, p_start, p_interval_count,
    p_interval_unit, p_after_task_id, p_after_hours, p_assignee_mode, p_user_id, p_pool, p_rotation_strategy);
  IF EXISTS (SELECT 1 FROM app_data.tasks t WHERE t.task_id = v_task_id AND t.archived_at IS NOT NULL) THEN
    PERFORM app_functions.api_error(409, 'This task is archived and cannot be changed');
  END IF;
  PERFORM app_functions.ensure_task_name_free(v_task_name, v_task_id);
  UPDATE app_data.tasks t
  SET task_name = v_task_name, description = app_functions.optional_description(p_description)
  WHERE t.task_id = v_task_id;
  PERFORM app_functions.save_chore(v_task_id, v_definition, p_pool, p_requires_approval);
  DELETE FROM app_data.task_assignments a
  WHERE a.task_id = v_task_id AND a.status = 'todo' AND a.acted_by IS NULL;
  PERFORM app_functions.schedule_first_occurrences(v_task_id, p_due_at);
  RETURN app_functions.task_json(v_task_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'A task with this name already exists', 'Choose another name');
END
$$;

GRANT EXECUTE ON FUNCTION
  app_functions.chore_definition(bigint, text, text, text, integer, text, bigint, integer, text, bigint, bigint[], text),
  app_functions.active_member_id(bigint), app_functions.known_user_id(bigint),
  app_functions.save_chore(bigint, app_data.tasks, bigint[], boolean),
  app_functions.set_household_time_zone(text)
  TO api_authenticated;
GRANT EXECUTE ON FUNCTION api.household(), api.update_household(text),
  api.create_chore(text, text, text, text, text, timestamptz, integer, text, bigint, integer, text, bigint, bigint[], text, boolean),
  api.update_chore(bigint, text, text, text, text, text, timestamptz, integer, text, bigint, integer, text, bigint, bigint[], text, boolean)
  TO api_authenticated;
