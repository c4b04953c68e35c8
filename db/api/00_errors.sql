-- The one place every API error is built.
--
-- Why SQLSTATE 'PGRST' and not 'PTnnn': PostgREST copies a PTnnn error's
-- MESSAGE into the HTTP status line byte for byte, so any request input in a
-- message (a CR/LF in an asset name) let a client inject headers and a body.
-- With 'PGRST' the status line carries the standard reason phrase, the
-- MESSAGE (a JSON object) becomes the body and DETAIL gives status and extra
-- headers (DESIGN.md, fact 10). The exception still rolls the whole request
-- back, so nothing is ever half-written.
--
-- Messages are fixed texts; request input goes only into "details", through
-- quote_input(), which writes every control and invisible format character
-- as visible \uXXXX (or \UXXXXXXXX) text. An error about one argument
-- instead names that parameter in "details" (p_task_name) and nothing else,
-- so a client can show it by its input without reading the message.

-- Replacing functions whose signature changed prints NOTICEs nobody needs.
SET client_min_messages = warning;

DROP FUNCTION IF EXISTS app_functions.api_error(integer, text, text);

-- Control characters, bidi controls, zero-width and other invisible format
-- characters (Unicode Cc and Cf): what must never reach a header, and what
-- names must not contain.
CREATE OR REPLACE FUNCTION app_functions.invisible_character_class()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
  SELECT '[\x01-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e'
         '\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb'
         '\U000110bd\U000110cd\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]'
$$;

CREATE OR REPLACE FUNCTION app_functions.quote_input(p_value text, p_max_length integer DEFAULT 200)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = ''
AS $$
DECLARE
  v_value text := left(p_value, p_max_length);
  v_char text;
BEGIN
  IF v_value IS NULL THEN
    RETURN NULL;
  END IF;
  FOR v_char IN
    SELECT DISTINCT m[1] FROM regexp_matches(v_value, '(' || app_functions.invisible_character_class() || ')', 'g') m
  LOOP
    v_value := replace(v_value, v_char,
                       CASE WHEN ascii(v_char) > 65535 THEN format('\U%s', lpad(to_hex(ascii(v_char)), 8, '0'))
                            ELSE format('\u%s', lpad(to_hex(ascii(v_char)), 4, '0')) END);
  END LOOP;
  RETURN v_value || CASE WHEN char_length(p_value) > p_max_length THEN '...' ELSE '' END;
END
$$;

-- The JSON body of every error: PostgREST's own {code, message, details, hint}.
CREATE OR REPLACE FUNCTION app_functions.error_body(p_status integer, p_message text,
                                                    p_hint text DEFAULT NULL, p_details text DEFAULT NULL)
RETURNS json
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$
  SELECT json_build_object('code', 'PT' || p_status,
                           'message', app_functions.quote_input(p_message, 500),
                           'details', app_functions.quote_input(p_details, 200),
                           'hint', app_functions.quote_input(p_hint, 500))
$$;

CREATE OR REPLACE FUNCTION app_functions.api_error(p_status integer, p_message text, p_hint text DEFAULT NULL,
                                                   p_details text DEFAULT NULL, p_headers jsonb DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
BEGIN
  RAISE SQLSTATE 'PGRST' USING
    MESSAGE = app_functions.error_body(p_status, p_message, p_hint, p_details)::text,
    DETAIL = json_build_object('status', p_status, 'headers', coalesce(p_headers, '{}'::jsonb))::text;
END
$$;

-- login and register_user take passwords: a GET would put them in URLs and
-- logs. (PostgREST answers GET for any function; only a write inside a GET
-- fails, and only after the function has already said something.)
CREATE OR REPLACE FUNCTION app_functions.require_post()
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  IF current_setting('request.method', true) IS DISTINCT FROM 'POST' THEN
    PERFORM app_functions.api_error(405, 'This function only accepts POST', 'Send the arguments as a JSON body',
                                    p_headers => '{"Allow": "POST"}');
  END IF;
END
$$;

-- A required, trimmed, single-line name of bounded length, NFC-normalised
-- so two names that look the same are the same, or a 400 about the field.
-- p_field is the caller's own label for its parameter, never request
-- input: the label with "p_" and underscores is the parameter's name
-- ('Task name' for p_task_name). The message says the label; "details" is
-- the parameter's name, what clients map to their input (SECURITY-API.md,
-- "Field errors").
CREATE OR REPLACE FUNCTION app_functions.required_text(p_value text, p_field text, p_max_length integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_trimmed text := normalize(btrim(p_value, E' \t\r\n'), NFC);
  v_parameter text := 'p_' || lower(replace(p_field, ' ', '_'));
BEGIN
  IF v_trimmed IS NULL OR v_trimmed = '' THEN
    PERFORM app_functions.api_error(400, format('%s is required', p_field), p_details => v_parameter);
  END IF;
  IF char_length(v_trimmed) > p_max_length THEN
    PERFORM app_functions.api_error(400, format('%s must be at most %s characters', p_field, p_max_length),
                                    p_details => v_parameter);
  END IF;
  IF v_trimmed ~ app_functions.invisible_character_class() THEN
    PERFORM app_functions.api_error(400, format('%s must not contain control or invisible characters', p_field),
                                    'Line breaks, tabs, bidi controls and zero-width characters are not allowed',
                                    v_parameter);
  END IF;
  RETURN v_trimmed;
END
$$;

-- A positive id, or a 400 about the field (p_field as for required_text:
-- 'Task id' for p_task_id).
CREATE OR REPLACE FUNCTION app_functions.required_id(p_value bigint, p_field text)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_parameter text := 'p_' || lower(replace(p_field, ' ', '_'));
BEGIN
  IF p_value IS NULL THEN
    PERFORM app_functions.api_error(400, format('%s is required', p_field), p_details => v_parameter);
  END IF;
  IF p_value <= 0 THEN
    PERFORM app_functions.api_error(400, format('%s must be a positive id', p_field), p_details => v_parameter);
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

-- An admin's write: POST only (405), then the admin check (401, 403);
-- returns the admin's id.
CREATE OR REPLACE FUNCTION app_functions.require_admin_post(p_action text)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_post();
  RETURN app_functions.require_admin(p_action);
END
$$;

-- A 404 unless the row asked for was found. p_field names the id as for
-- required_id ('Reward id'); "details" says which one ('reward id 7').
CREATE OR REPLACE FUNCTION app_functions.require_found(p_found boolean, p_message text, p_field text, p_id bigint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  IF p_found IS NOT TRUE THEN
    PERFORM app_functions.api_error(404, p_message, p_details => format('%s %s', lower(p_field), p_id));
  END IF;
END
$$;

-- Every state change names the state it expects (UPDATE ... WHERE status =
-- 'pending'): when the row has moved on meanwhile, nothing changed
-- (p_changed is the UPDATE's FOUND) and the answer is a 409.
CREATE OR REPLACE FUNCTION app_functions.require_changed(p_changed boolean, p_message text, p_hint text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
BEGIN
  IF p_changed IS NOT TRUE THEN
    PERFORM app_functions.api_error(409, p_message, p_hint);
  END IF;
END
$$;

-- Only signed-in requests write as admins, look rows up or change them.
REVOKE ALL ON FUNCTION app_functions.require_admin_post(text), app_functions.require_found(boolean, text, text, bigint),
  app_functions.require_changed(boolean, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_functions.require_admin_post(text), app_functions.require_found(boolean, text, text, bigint),
  app_functions.require_changed(boolean, text, text) TO api_authenticated;

REVOKE ALL ON FUNCTION
  app_functions.invisible_character_class(),
  app_functions.quote_input(text, integer),
  app_functions.error_body(integer, text, text, text),
  app_functions.api_error(integer, text, text, text, jsonb),
  app_functions.require_post(),
  app_functions.required_text(text, text, integer),
  app_functions.required_id(bigint, text),
  app_functions.require_user(),
  app_functions.require_admin(text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  app_functions.invisible_character_class(),
  app_functions.quote_input(text, integer),
  app_functions.error_body(integer, text, text, text),
  app_functions.api_error(integer, text, text, text, jsonb),
  app_functions.require_post(),
  app_functions.required_text(text, text, integer),
  app_functions.required_id(bigint, text),
  app_functions.require_user(),
  app_functions.require_admin(text)
TO api_anon, api_authenticated, api_publisher;
