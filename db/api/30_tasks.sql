-- The task catalog. These run as the caller (SECURITY INVOKER): the admin
-- checks here give clear messages, and the RLS policies on app_data.tasks
-- enforce the same rule underneath.

CREATE OR REPLACE FUNCTION app_functions.task_json(p_task_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT row_to_json(t) FROM api.tasks t WHERE t.task_id = p_task_id
$$;
GRANT EXECUTE ON FUNCTION app_functions.task_json(bigint) TO api_authenticated;

CREATE OR REPLACE FUNCTION app_functions.ensure_task_name_free(p_task_name text, p_except_task_id bigint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM app_data.tasks t
             WHERE lower(t.task_name) = lower(p_task_name)
               AND t.task_id IS DISTINCT FROM p_except_task_id) THEN
    PERFORM app_functions.api_error(409, 'A task with this name already exists', 'Choose another name',
                                    'p_task_name');
  END IF;
END
$$;
GRANT EXECUTE ON FUNCTION app_functions.ensure_task_name_free(text, bigint) TO api_authenticated;

-- Free text that may span lines (descriptions, notes): optional, bounded,
-- NFC. Line breaks are the one thing it may have that a name may not: CRLF
-- becomes LF, and tabs are kept. p_field is the caller's label for its
-- parameter, as for required_text ('Description' for p_description).
CREATE OR REPLACE FUNCTION app_functions.optional_multiline_text(p_value text, p_field text, p_max_length integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_text text := normalize(btrim(replace(coalesce(p_value, ''), E'\r\n', E'\n'), E' \t\r\n'), NFC);
  v_parameter text := 'p_' || lower(replace(p_field, ' ', '_'));
BEGIN
  IF char_length(v_text) > p_max_length THEN
    PERFORM app_functions.api_error(400, format('%s must be at most %s characters', p_field, p_max_length),
                                    p_details => v_parameter);
  END IF;
  IF regexp_replace(v_text, E'[\n\t]', '', 'g') ~ app_functions.invisible_character_class() THEN
    PERFORM app_functions.api_error(400, format('%s must not contain control or invisible characters', p_field),
                                    'Line breaks and tabs are fine; bidi controls and zero-width characters are not',
                                    v_parameter);
  END IF;
  RETURN v_text;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.optional_description(p_description text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$ SELECT app_functions.optional_multiline_text(p_description, 'Description', 1000) $$;
GRANT EXECUTE ON FUNCTION app_functions.optional_multiline_text(text, text, integer),
  app_functions.optional_description(text) TO api_authenticated;

CREATE OR REPLACE FUNCTION app_functions.existing_task_id(p_task_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_task_id bigint := app_functions.required_id(p_task_id, 'Task id');
BEGIN
  PERFORM app_functions.require_found(EXISTS (SELECT 1 FROM app_data.tasks t WHERE t.task_id = v_task_id),
                                      'This task does not exist', 'Task id', v_task_id);
  RETURN v_task_id;
END
$$;
GRANT EXECUTE ON FUNCTION app_functions.existing_task_id(bigint) TO api_authenticated;

CREATE OR REPLACE FUNCTION api.create_task(p_task_name text DEFAULT NULL, p_description text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('create tasks');
  v_task_name text := app_functions.required_text(p_task_name, 'Task name', 100);
  v_description text := app_functions.optional_description(p_description);
  v_task_id bigint;
BEGIN
  PERFORM app_functions.ensure_task_name_free(v_task_name, NULL);
  INSERT INTO app_data.tasks (task_name, description, created_by)
  VALUES (v_task_name, v_description, v_admin_id)
  RETURNING task_id INTO v_task_id;
  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.task_json(v_task_id);
END
$$;

-- NULL leaves a field as it is.
CREATE OR REPLACE FUNCTION api.update_task(p_task_id bigint DEFAULT NULL, p_task_name text DEFAULT NULL, p_description text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('edit tasks');
  v_task_id bigint := app_functions.existing_task_id(p_task_id);
  v_task_name text;
BEGIN
  IF p_task_name IS NULL AND p_description IS NULL THEN
    PERFORM app_functions.api_error(400, 'Nothing to change: give p_task_name and/or p_description');
  END IF;
  IF p_task_name IS NOT NULL THEN
    v_task_name := app_functions.required_text(p_task_name, 'Task name', 100);
    PERFORM app_functions.ensure_task_name_free(v_task_name, v_task_id);
  END IF;
  UPDATE app_data.tasks t
  SET task_name = coalesce(v_task_name, t.task_name),
      description = CASE WHEN p_description IS NULL THEN t.description
                         ELSE app_functions.optional_description(p_description) END
  WHERE t.task_id = v_task_id;
  RETURN app_functions.task_json(v_task_id);
END
$$;

-- Archives rather than deletes: completed history keeps its task.
CREATE OR REPLACE FUNCTION api.delete_task(p_task_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('delete tasks');
  v_task_id bigint := app_functions.existing_task_id(p_task_id);
BEGIN
  UPDATE app_data.tasks t SET archived_at = coalesce(t.archived_at, now())
  WHERE t.task_id = v_task_id;
  RETURN app_functions.task_json(v_task_id);
END
$$;

REVOKE ALL ON FUNCTION api.create_task(text, text), api.update_task(bigint, text, text), api.delete_task(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.create_task(text, text), api.update_task(bigint, text, text), api.delete_task(bigint)
  TO api_authenticated;
