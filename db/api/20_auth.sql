-- Accounts and sign-in. These two run as their owner (SECURITY DEFINER):
-- they must read or write password_hash, which no request role can touch.

CREATE OR REPLACE FUNCTION app_functions.user_json(p_user_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT json_build_object('user_id', u.user_id, 'username', u.username,
                           'is_admin', u.is_admin, 'created_at', u.created_at)
  FROM app_data.users u WHERE u.user_id = p_user_id
$$;
GRANT EXECUTE ON FUNCTION app_functions.user_json(bigint) TO api_authenticated;

CREATE OR REPLACE FUNCTION app_functions.valid_password(p_password text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
BEGIN
  IF p_password IS NULL OR btrim(p_password) = '' THEN
    PERFORM app_functions.api_error(400, 'Password is required');
  END IF;
  IF char_length(p_password) < 8 THEN
    PERFORM app_functions.api_error(400, 'Password must be at least 8 characters');
  END IF;
  -- bcrypt ignores everything after 72 bytes.
  IF octet_length(p_password) > 72 THEN
    PERFORM app_functions.api_error(400, 'Password must be at most 72 bytes');
  END IF;
  RETURN p_password;
END
$$;

CREATE OR REPLACE FUNCTION api.register_user(p_username text DEFAULT NULL, p_password text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_username text := app_functions.required_text(p_username, 'Username', 32);
  v_password text := app_functions.valid_password(p_password);
  v_user_id bigint;
BEGIN
  IF v_username !~ '^[A-Za-z0-9_.-]{3,32}$' THEN
    PERFORM app_functions.api_error(400, 'Username must be 3-32 characters: letters, digits, ".", "_" or "-"');
  END IF;
  IF EXISTS (SELECT 1 FROM app_data.users u WHERE lower(u.username) = lower(v_username)) THEN
    PERFORM app_functions.api_error(409, 'Username is already taken', 'Choose another username');
  END IF;

  -- The first account of a new household runs it. The lock keeps two
  -- simultaneous first registrations from both becoming admin.
  PERFORM pg_advisory_xact_lock(hashtext('api.register_user'));
  INSERT INTO app_data.users (username, password_hash, is_admin)
  VALUES (v_username, public.crypt(v_password, public.gen_salt('bf', 10)),
          NOT EXISTS (SELECT 1 FROM app_data.users u WHERE u.is_admin))
  RETURNING user_id INTO v_user_id;

  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.user_json(v_user_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'Username is already taken', 'Choose another username');
END
$$;

CREATE OR REPLACE FUNCTION api.login(p_username text DEFAULT NULL, p_password text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_user app_data.users%ROWTYPE;
  v_expires_at timestamptz := now() + interval '7 days';
BEGIN
  IF p_username IS NULL OR btrim(p_username) = '' THEN
    PERFORM app_functions.api_error(400, 'Username is required');
  END IF;
  IF p_password IS NULL OR p_password = '' THEN
    PERFORM app_functions.api_error(400, 'Password is required');
  END IF;
  IF char_length(p_username) > 100 OR octet_length(p_password) > 1024 THEN
    PERFORM app_functions.api_error(401, 'Invalid username or password');
  END IF;

  SELECT * INTO v_user FROM app_data.users u WHERE lower(u.username) = lower(btrim(p_username));
  IF v_user.user_id IS NULL THEN
    -- Hash anyway, so a wrong username costs as long as a wrong password.
    PERFORM public.crypt(p_password, public.gen_salt('bf', 10));
    PERFORM app_functions.api_error(401, 'Invalid username or password');
  END IF;
  IF v_user.password_hash <> public.crypt(p_password, v_user.password_hash) THEN
    PERFORM app_functions.api_error(401, 'Invalid username or password');
  END IF;

  RETURN json_build_object(
    'token', app_functions.sign_jwt(jsonb_build_object(
      'role', 'api_authenticated',
      'user_id', v_user.user_id,
      'username', v_user.username,
      'iat', extract(epoch FROM now())::bigint,
      'exp', extract(epoch FROM v_expires_at)::bigint)),
    'expires_at', v_expires_at,
    'user', app_functions.user_json(v_user.user_id));
END
$$;

CREATE OR REPLACE FUNCTION api.me()
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_user json := app_functions.user_json(app_functions.require_user());
BEGIN
  IF v_user IS NULL THEN
    PERFORM app_functions.api_error(401, 'This account no longer exists', 'Sign in again');
  END IF;
  RETURN v_user;
END
$$;

REVOKE ALL ON FUNCTION api.register_user(text, text), api.login(text, text), api.me() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.register_user(text, text), api.login(text, text) TO api_anon, api_authenticated;
GRANT EXECUTE ON FUNCTION api.me() TO api_authenticated;
