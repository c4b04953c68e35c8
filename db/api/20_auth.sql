-- Signing in and out. The functions that read or write password_hash,
-- sessions or sign-in attempts run as their owner (SECURITY DEFINER): no
-- request role can read those tables at all.

CREATE OR REPLACE FUNCTION app_functions.user_json(p_user_id bigint)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT json_build_object('user_id', u.user_id, 'username', u.username,
                           'is_admin', u.is_admin, 'created_at', u.created_at,
                           'removed_at', u.removed_at)
  FROM app_data.users u WHERE u.user_id = p_user_id
$$;
GRANT EXECUTE ON FUNCTION app_functions.user_json(bigint) TO api_authenticated;

-- At least 8 characters, at most bcrypt's 72 bytes (it silently ignores
-- the rest, so longer ones are refused rather than truncated), not one of
-- the 1,000 most common passwords. p_field: the parameter that carried it
-- (p_password, p_new_password), named in a refusal's "details".
CREATE OR REPLACE FUNCTION app_functions.valid_password(p_password text, p_field text)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF p_password IS NULL OR btrim(p_password) = '' THEN
    PERFORM app_functions.api_error(400, 'Password is required', p_details => p_field);
  END IF;
  IF char_length(p_password) < 8 THEN
    PERFORM app_functions.api_error(400, 'Password must be at least 8 characters', p_details => p_field);
  END IF;
  IF octet_length(p_password) > 72 THEN
    PERFORM app_functions.api_error(400, 'Password must be at most 72 bytes',
                                    'Letters outside English take 2-4 bytes each', p_field);
  END IF;
  IF p_password ~ '[\x01-\x1f\x7f]' THEN
    PERFORM app_functions.api_error(400, 'Password must not contain control characters', p_details => p_field);
  END IF;
  IF EXISTS (SELECT 1 FROM app_data.common_passwords c WHERE c.password = lower(p_password))
     OR p_password ~ '^(.)\1*$' THEN
    PERFORM app_functions.api_error(400, 'Password is too common',
                                    'Choose one that is not on lists of frequently used passwords', p_field);
  END IF;
  RETURN p_password;
END
$$;

-- Registration and the first admin send it as p_password.
CREATE OR REPLACE FUNCTION app_functions.valid_password(p_password text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = ''
AS $$ SELECT app_functions.valid_password(p_password, 'p_password') $$;

CREATE OR REPLACE FUNCTION app_functions.hash_password(p_password text)
RETURNS text
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT public.crypt(p_password, public.gen_salt('bf', 10)) $$;

-- A new session and its token: what login and change_password return.
CREATE OR REPLACE FUNCTION app_functions.start_session(p_user_id bigint)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_session app_data.sessions%ROWTYPE;
  v_username text;
BEGIN
  SELECT u.username INTO v_username FROM app_data.users u WHERE u.user_id = p_user_id;
  INSERT INTO app_data.sessions (user_id, expires_at)
  VALUES (p_user_id, now() + interval '7 days')
  RETURNING * INTO v_session;
  RETURN json_build_object(
    'token', app_functions.sign_jwt(jsonb_build_object(
      'role', 'api_authenticated',
      'user_id', p_user_id,
      'username', v_username,
      'sid', v_session.session_id,
      'iat', extract(epoch FROM v_session.created_at)::bigint,
      'exp', extract(epoch FROM v_session.expires_at)::bigint)),
    'expires_at', v_session.expires_at,
    'user', app_functions.user_json(p_user_id));
END
$$;

CREATE OR REPLACE FUNCTION app_functions.revoke_sessions(p_user_id bigint)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
  UPDATE app_data.sessions s SET revoked_at = now()
  WHERE s.user_id = p_user_id AND s.revoked_at IS NULL
$$;

-- Sign-in throttling, per username whether or not the account exists. The
-- fifth failure within 15 minutes locks that name for 2 s, each further one
-- doubles the wait, capped at 5 minutes: guessing slows to a crawl while a
-- real member locked out by someone else waits minutes at most.
CREATE OR REPLACE FUNCTION app_functions.login_key(p_username text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$ SELECT left(lower(btrim(p_username)), 100) $$;

CREATE OR REPLACE FUNCTION app_functions.refuse_while_locked(p_key text)
RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_locked_until timestamptz;
  v_wait integer;
BEGIN
  SELECT a.locked_until INTO v_locked_until FROM app_data.login_attempts a WHERE a.username_key = p_key;
  IF v_locked_until > clock_timestamp() THEN
    v_wait := greatest(1, ceil(extract(epoch FROM v_locked_until - clock_timestamp()))::integer);
    PERFORM app_functions.api_error(429, 'Too many failed sign-ins for this account',
                                    format('Try again in %s seconds', v_wait),
                                    p_headers => jsonb_build_object('Retry-After', v_wait::text));
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.record_failed_sign_in(p_key text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  INSERT INTO app_data.login_attempts AS a (username_key, failures, first_failure_at, last_failure_at)
  VALUES (p_key, 1, clock_timestamp(), clock_timestamp())
  ON CONFLICT (username_key) DO UPDATE
  SET failures = CASE WHEN a.last_failure_at < clock_timestamp() - interval '15 minutes' THEN 1 ELSE a.failures + 1 END,
      first_failure_at = CASE WHEN a.last_failure_at < clock_timestamp() - interval '15 minutes'
                              THEN clock_timestamp() ELSE a.first_failure_at END,
      last_failure_at = clock_timestamp();
  UPDATE app_data.login_attempts a
  SET locked_until = clock_timestamp() + make_interval(secs => least(300, power(2, least(a.failures - 4, 20))))
  WHERE a.username_key = p_key AND a.failures >= 5;
  -- Names nobody retried for a day are forgotten (bounded table).
  DELETE FROM app_data.login_attempts a WHERE a.last_failure_at < clock_timestamp() - interval '1 day';
END
$$;

-- Hash of a password nobody has: checking against it costs what checking a
-- real account costs, so timing does not tell whether a name exists.
CREATE OR REPLACE FUNCTION app_functions.password_matches(p_user_id bigint, p_password text)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  c_nobody constant text := '$2a$10$Q0tUVHRyYWNrZXJOb2JvZHuN3fbh3Qm6a8yTn6mHFq6zZfXqzqVpS';
  v_hash text;
BEGIN
  -- Longer than any password could be: no bcrypt work for it.
  IF octet_length(p_password) > 1024 THEN
    RETURN false;
  END IF;
  SELECT u.password_hash INTO v_hash FROM app_data.users u
  WHERE u.user_id = p_user_id AND u.removed_at IS NULL;
  RETURN coalesce(public.crypt(p_password, coalesce(v_hash, c_nobody)) = v_hash, false);
END
$$;

-- A refused password is answered, not raised: raising would roll the
-- failure record back, and the record is what throttles the next guess.
-- p_field names the refused parameter in "details" (NULL: the sign-in as a
-- whole, which must not say whether the name or the password was wrong).
CREATE OR REPLACE FUNCTION app_functions.refuse_password(p_key text, p_status integer, p_message text, p_field text)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.record_failed_sign_in(p_key);
  PERFORM set_config('response.status', p_status::text, true);
  RETURN app_functions.error_body(p_status, p_message, p_details => p_field);
END
$$;

CREATE OR REPLACE FUNCTION app_functions.refuse_password(p_key text, p_status integer, p_message text)
RETURNS json
LANGUAGE sql VOLATILE
SET search_path = ''
AS $$ SELECT app_functions.refuse_password(p_key, p_status, p_message, NULL) $$;

CREATE OR REPLACE FUNCTION api.login(p_username text DEFAULT NULL, p_password text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_key text;
  v_user_id bigint;
BEGIN
  PERFORM app_functions.require_post();
  IF p_username IS NULL OR btrim(p_username) = '' THEN
    PERFORM app_functions.api_error(400, 'Username is required', p_details => 'p_username');
  END IF;
  IF p_password IS NULL OR p_password = '' THEN
    PERFORM app_functions.api_error(400, 'Password is required', p_details => 'p_password');
  END IF;
  v_key := app_functions.login_key(p_username);
  PERFORM app_functions.refuse_while_locked(v_key);

  SELECT u.user_id INTO v_user_id FROM app_data.users u
  WHERE lower(u.username) = v_key AND u.removed_at IS NULL;
  IF NOT app_functions.password_matches(v_user_id, p_password) THEN
    RETURN app_functions.refuse_password(v_key, 401, 'Invalid username or password');
  END IF;

  DELETE FROM app_data.login_attempts a WHERE a.username_key = v_key;
  RETURN app_functions.start_session(v_user_id);
END
$$;

CREATE OR REPLACE FUNCTION api.logout()
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_sid text := current_setting('request.jwt.claims', true)::json ->> 'sid';
BEGIN
  UPDATE app_data.sessions s SET revoked_at = now()
  WHERE s.session_id::text = v_sid AND s.user_id = v_user_id AND s.revoked_at IS NULL;
  RETURN json_build_object('signed_out', true);
END
$$;

CREATE OR REPLACE FUNCTION api.change_password(p_current_password text DEFAULT NULL, p_new_password text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_user_id bigint := app_functions.require_user();
  v_key text;
  v_new_password text;
BEGIN
  PERFORM app_functions.require_post();
  SELECT app_functions.login_key(u.username) INTO v_key FROM app_data.users u WHERE u.user_id = v_user_id;
  PERFORM app_functions.refuse_while_locked(v_key);
  IF p_current_password IS NULL OR p_current_password = '' THEN
    PERFORM app_functions.api_error(400, 'Current password is required', p_details => 'p_current_password');
  END IF;
  v_new_password := app_functions.valid_password(p_new_password, 'p_new_password');
  IF NOT app_functions.password_matches(v_user_id, p_current_password) THEN
    -- A stolen token must not become a way to guess the password.
    RETURN app_functions.refuse_password(v_key, 403, 'The current password is wrong', 'p_current_password');
  END IF;
  IF p_new_password = p_current_password THEN
    PERFORM app_functions.api_error(400, 'The new password must differ from the current one',
                                    p_details => 'p_new_password');
  END IF;
  UPDATE app_data.users u SET password_hash = app_functions.hash_password(v_new_password)
  WHERE u.user_id = v_user_id;
  PERFORM app_functions.revoke_sessions(v_user_id);
  RETURN app_functions.start_session(v_user_id);
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

-- PostgREST's db-pre-request: runs before every request, in its transaction.
--  * Bounded work: a statement timeout for whatever the request runs (a
--    backtracking regex filter is cut off instead of holding a pooled
--    connection), longer for the publisher's uploads.
--  * A token is only as good as its session: signed out, password changed,
--    member removed or expired means 401 everywhere.
--  * One member holds at most 6 pooled connections at once (transaction
--    advisory locks, released when the request ends): one member cannot
--    starve the household.
CREATE OR REPLACE FUNCTION app_functions.check_request()
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_user_id bigint;
  v_sid text;
  v_timeout text;
BEGIN
  -- Every request runs this, anonymous ones included: an assignment, not
  -- PERFORM, which would run a whole query through the executor.
  v_timeout := set_config('statement_timeout',
                          CASE WHEN current_user = 'api_publisher' THEN '60s' ELSE '3s' END, true);
  IF v_claims IS NULL OR NOT v_claims ? 'user_id' THEN
    -- Anonymous, or a service token (publisher, deploy's probes) that no
    -- row-level policy lets see household data.
    RETURN;
  END IF;
  v_sid := v_claims ->> 'sid';
  IF v_claims ->> 'user_id' !~ '^[1-9][0-9]{0,17}$'
     OR v_sid IS NULL OR v_sid !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    PERFORM app_functions.api_error(401, 'This token is not valid', 'Sign in again');
  END IF;
  v_user_id := (v_claims ->> 'user_id')::bigint;
  IF NOT EXISTS (SELECT 1 FROM app_data.sessions s JOIN app_data.users u ON u.user_id = s.user_id
                 WHERE s.session_id = v_sid::uuid AND s.user_id = v_user_id
                   AND s.revoked_at IS NULL AND s.expires_at > now() AND u.removed_at IS NULL) THEN
    PERFORM app_functions.api_error(401, 'This session has ended', 'Sign in again',
                                    p_headers => '{"WWW-Authenticate": "Bearer error=\"invalid_token\""}');
  END IF;
  -- An export reads the whole household (100,000 occurrences: 1-2 s, more
  -- on a busy box): a longer bound than 3 s, but one export at a time per
  -- member, so the longer bound is never multiplied by the six slots.
  IF current_setting('request.path', true) IN ('/rpc/export_history', '/rpc/export_points') THEN
    IF NOT pg_try_advisory_xact_lock(20260200, (v_user_id % 2147483647)::integer) THEN
      PERFORM app_functions.api_error(429, 'An export for this account is already running',
                                      'Wait for it to finish', p_headers => '{"Retry-After": "5"}');
    END IF;
    v_timeout := set_config('statement_timeout', '15s', true);
  END IF;
  -- 6: what one browser opens to a host at most, so a single tab never
  -- meets the cap.
  FOR v_slot IN 1..6 LOOP
    IF pg_try_advisory_xact_lock(20260000 + v_slot, (v_user_id % 2147483647)::integer) THEN
      RETURN;
    END IF;
  END LOOP;
  PERFORM app_functions.api_error(429, 'Too many requests at once from this account', 'Wait for the others to finish',
                                  p_headers => '{"Retry-After": "1"}');
END
$$;

REVOKE ALL ON FUNCTION api.login(text, text), api.logout(), api.change_password(text, text), api.me(),
  app_functions.check_request(), app_functions.valid_password(text), app_functions.valid_password(text, text),
  app_functions.start_session(bigint),
  app_functions.revoke_sessions(bigint), app_functions.refuse_while_locked(text),
  app_functions.record_failed_sign_in(text), app_functions.refuse_password(text, integer, text),
  app_functions.refuse_password(text, integer, text, text),
  app_functions.password_matches(bigint, text),
  app_functions.hash_password(text), app_functions.login_key(text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.login(text, text) TO api_anon, api_authenticated;
GRANT EXECUTE ON FUNCTION api.logout(), api.change_password(text, text), api.me() TO api_authenticated;
GRANT EXECUTE ON FUNCTION app_functions.check_request() TO api_anon, api_authenticated, api_publisher;
