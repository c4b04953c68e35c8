-- Errors every API function raises. PostgREST turns SQLSTATE "PTnnn" into
-- HTTP status nnn with a JSON body {code, message, details, hint}, and the
-- exception rolls the whole request back, so nothing is ever half-written
-- (the guide's "set status, return JSON" committed the half that ran).

CREATE OR REPLACE FUNCTION app_functions.api_error(p_status integer, p_message text, p_hint text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
BEGIN
  IF p_hint IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'PT' || p_status::text, MESSAGE = p_message;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'PT' || p_status::text, MESSAGE = p_message, HINT = p_hint;
END
$$;

-- A required, trimmed text field of bounded length, or a 400 naming it.
CREATE OR REPLACE FUNCTION app_functions.required_text(p_value text, p_field text, p_max_length integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_trimmed text := btrim(p_value, E' \t\r\n');
BEGIN
  IF v_trimmed IS NULL OR v_trimmed = '' THEN
    PERFORM app_functions.api_error(400, format('%s is required', p_field));
  END IF;
  IF char_length(v_trimmed) > p_max_length THEN
    PERFORM app_functions.api_error(400, format('%s must be at most %s characters', p_field, p_max_length));
  END IF;
  IF v_trimmed ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' THEN
    PERFORM app_functions.api_error(400, format('%s must not contain control characters', p_field));
  END IF;
  RETURN v_trimmed;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.required_id(p_value bigint, p_field text)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
  IF p_value IS NULL THEN
    PERFORM app_functions.api_error(400, format('%s is required', p_field));
  END IF;
  IF p_value <= 0 THEN
    PERFORM app_functions.api_error(400, format('%s must be a positive id', p_field));
  END IF;
  RETURN p_value;
END
$$;

-- The signed-in user's id, or a 401.
CREATE OR REPLACE FUNCTION app_functions.require_user()
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.current_user_id();
BEGIN
  IF v_user_id IS NULL THEN
    PERFORM app_functions.api_error(401, 'Sign in first', 'POST /rpc/login returns a token to send as "Authorization: Bearer <token>"');
  END IF;
  RETURN v_user_id;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.require_admin(p_action text)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
BEGIN
  IF NOT app_functions.current_user_is_admin() THEN
    PERFORM app_functions.api_error(403, format('Only household admins can %s', p_action));
  END IF;
  RETURN v_user_id;
END
$$;

GRANT EXECUTE ON FUNCTION
  app_functions.api_error(integer, text, text),
  app_functions.required_text(text, text, integer),
  app_functions.required_id(bigint, text),
  app_functions.require_user(),
  app_functions.require_admin(text)
TO api_authenticated;
