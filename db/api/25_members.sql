-- Who belongs to the household: joining by invite (or while an admin keeps
-- registration open), admins resetting passwords and removing members.
-- There is no first-come admin: the first one is created by whoever
-- installs (the local seed, or deploy.sh through create_first_admin).
-- SECURITY DEFINER: these read or write password_hash, sessions and invite
-- hashes, which no request role can touch; each checks its caller first.

CREATE OR REPLACE FUNCTION app_functions.valid_username(p_username text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = ''
AS $$
DECLARE
  v_username text := app_functions.required_text(p_username, 'Username', 32);
BEGIN
  IF v_username !~ '^[A-Za-z0-9_.-]{3,32}$' THEN
    PERFORM app_functions.api_error(400, 'Username must be 3-32 characters: letters, digits, ".", "_" or "-"',
                                    p_details => 'p_username');
  END IF;
  RETURN v_username;
END
$$;

-- Invite codes are shown as XXXX-XXXX-XXXX; any case, with or without the
-- dashes or spaces, is the same code.
CREATE OR REPLACE FUNCTION app_functions.invite_code_sha256(p_code text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$ SELECT encode(sha256(convert_to(upper(regexp_replace(p_code, '[^A-Za-z0-9]', '', 'g')), 'UTF8')), 'hex') $$;

CREATE OR REPLACE FUNCTION app_functions.new_invite_code()
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  -- 32 symbols without 0/O and 1/I: 60 random bits, easy to read aloud.
  c_alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  v_bytes bytea := public.gen_random_bytes(12);
  v_code text := '';
BEGIN
  FOR i IN 0..11 LOOP
    v_code := v_code || substr(c_alphabet, get_byte(v_bytes, i) % 32 + 1, 1)
              || CASE WHEN i IN (3, 7) THEN '-' ELSE '' END;
  END LOOP;
  RETURN v_code;
END
$$;

CREATE OR REPLACE FUNCTION app_functions.invite_json(p_invite app_data.invites)
RETURNS json
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT json_build_object('invite_id', p_invite.invite_id, 'created_by', p_invite.created_by,
                           'created_at', p_invite.created_at, 'expires_at', p_invite.expires_at,
                           'max_uses', p_invite.max_uses, 'uses', p_invite.uses,
                           'revoked_at', p_invite.revoked_at,
                           'is_active', p_invite.revoked_at IS NULL AND p_invite.expires_at > now()
                                        AND p_invite.uses < p_invite.max_uses)
$$;

-- The guide's two parameters, plus the invite.
DROP FUNCTION IF EXISTS api.register_user(text, text);
CREATE OR REPLACE FUNCTION api.register_user(p_username text DEFAULT NULL, p_password text DEFAULT NULL,
                                             p_invite_code text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_username text;
  v_password text;
  v_invite app_data.invites%ROWTYPE;
  v_user_id bigint;
BEGIN
  PERFORM app_functions.require_post();
  v_username := app_functions.valid_username(p_username);
  v_password := app_functions.valid_password(p_password);

  -- The invite is checked before the name, so nobody without one learns
  -- which names exist.
  IF nullif(btrim(p_invite_code), '') IS NOT NULL THEN
    SELECT * INTO v_invite FROM app_data.invites i
    WHERE i.code_sha256 = app_functions.invite_code_sha256(p_invite_code)
      AND i.revoked_at IS NULL AND i.expires_at > now() AND i.uses < i.max_uses
    FOR UPDATE;
    IF v_invite.invite_id IS NULL THEN
      PERFORM app_functions.api_error(403, 'This invite code is not valid',
                                      'It may have expired, been used up or revoked: ask an admin for a new one',
                                      'p_invite_code');
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM app_data.household h WHERE h.registration_open_until > now()) THEN
    PERFORM app_functions.api_error(403, 'Registration needs an invite code', 'Ask a household admin for one',
                                    'p_invite_code');
  END IF;

  IF EXISTS (SELECT 1 FROM app_data.users u WHERE lower(u.username) = lower(v_username)) THEN
    PERFORM app_functions.api_error(409, 'Username is already taken', 'Choose another username', 'p_username');
  END IF;
  INSERT INTO app_data.users (username, password_hash, is_admin, invite_id)
  VALUES (v_username, app_functions.hash_password(v_password), false, v_invite.invite_id)
  RETURNING user_id INTO v_user_id;
  UPDATE app_data.invites i SET uses = i.uses + 1 WHERE i.invite_id = v_invite.invite_id;

  PERFORM set_config('response.status', '201', true);
  RETURN app_functions.user_json(v_user_id);
EXCEPTION
  WHEN unique_violation THEN
    PERFORM app_functions.api_error(409, 'Username is already taken', 'Choose another username', 'p_username');
END
$$;

-- For whoever installs (deploy.sh with FIRST_ADMIN_USERNAME/PASSWORD):
-- the first admin of a household without an active one, else NULL.
-- Granted to nobody: only app_owner's connection calls it.
CREATE OR REPLACE FUNCTION app_functions.create_first_admin(p_username text, p_password text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = ''
AS $$
DECLARE
  v_username text := app_functions.valid_username(p_username);
  v_password text := app_functions.valid_password(p_password);
  v_user_id bigint;
BEGIN
  LOCK TABLE app_data.users IN SHARE ROW EXCLUSIVE MODE;
  IF EXISTS (SELECT 1 FROM app_data.users u WHERE u.is_admin AND u.removed_at IS NULL) THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM app_data.users u WHERE lower(u.username) = lower(v_username)) THEN
    PERFORM app_functions.api_error(409, 'Username is already taken', 'Choose another name for the first admin',
                                    'p_username');
  END IF;
  INSERT INTO app_data.users (username, password_hash, is_admin)
  VALUES (v_username, app_functions.hash_password(v_password), true)
  RETURNING user_id INTO v_user_id;
  RETURN v_user_id;
END
$$;

-- An active member other than the caller, or a 4xx.
CREATE OR REPLACE FUNCTION app_functions.existing_member(p_user_id bigint)
RETURNS app_data.users
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_user app_data.users%ROWTYPE;
BEGIN
  SELECT * INTO v_user FROM app_data.users u
  WHERE u.user_id = app_functions.required_id(p_user_id, 'User id') AND u.removed_at IS NULL
  FOR UPDATE;
  PERFORM app_functions.require_found(v_user.user_id IS NOT NULL, 'This user does not exist', 'User id', p_user_id);
  RETURN v_user;
END
$$;

CREATE OR REPLACE FUNCTION api.reset_member_password(p_user_id bigint DEFAULT NULL, p_new_password text DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint;
  v_user app_data.users;
  v_password text;
BEGIN
  -- A password never travels in a URL.
  v_admin_id := app_functions.require_admin_post('reset passwords');
  v_user := app_functions.existing_member(p_user_id);
  v_password := app_functions.valid_password(p_new_password, 'p_new_password');
  UPDATE app_data.users u SET password_hash = app_functions.hash_password(v_password)
  WHERE u.user_id = v_user.user_id;
  PERFORM app_functions.revoke_sessions(v_user.user_id);
  DELETE FROM app_data.login_attempts a WHERE a.username_key = app_functions.login_key(v_user.username);
  RETURN app_functions.user_json(v_user.user_id);
END
$$;

CREATE OR REPLACE FUNCTION api.remove_member(p_user_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('remove members');
  v_user app_data.users := app_functions.existing_member(p_user_id);
BEGIN
  IF v_user.user_id = v_admin_id THEN
    PERFORM app_functions.api_error(409, 'You cannot remove yourself', 'Another admin can remove you');
  END IF;
  UPDATE app_data.users u SET removed_at = now() WHERE u.user_id = v_user.user_id;
  PERFORM app_functions.revoke_sessions(v_user.user_id);
  RETURN app_functions.user_json(v_user.user_id);
END
$$;

CREATE OR REPLACE FUNCTION api.create_invite(p_expires_in_hours integer DEFAULT 72, p_max_uses integer DEFAULT 1)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('create invites');
  v_code text := app_functions.new_invite_code();
  v_invite app_data.invites%ROWTYPE;
BEGIN
  IF p_expires_in_hours IS NULL OR p_expires_in_hours NOT BETWEEN 1 AND 720 THEN
    PERFORM app_functions.api_error(400, 'p_expires_in_hours must be between 1 and 720',
                                    p_details => 'p_expires_in_hours');
  END IF;
  IF p_max_uses IS NULL OR p_max_uses NOT BETWEEN 1 AND 100 THEN
    PERFORM app_functions.api_error(400, 'p_max_uses must be between 1 and 100', p_details => 'p_max_uses');
  END IF;
  INSERT INTO app_data.invites (code_sha256, created_by, expires_at, max_uses)
  VALUES (app_functions.invite_code_sha256(v_code), v_admin_id,
          now() + make_interval(hours => p_expires_in_hours), p_max_uses)
  RETURNING * INTO v_invite;
  PERFORM set_config('response.status', '201', true);
  RETURN (app_functions.invite_json(v_invite)::jsonb || jsonb_build_object('code', v_code))::json;
END
$$;

CREATE OR REPLACE FUNCTION api.invites()
RETURNS SETOF json
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_admin('see invites');
  RETURN QUERY SELECT app_functions.invite_json(i) FROM app_data.invites i ORDER BY i.invite_id DESC;
END
$$;

CREATE OR REPLACE FUNCTION api.revoke_invite(p_invite_id bigint DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('revoke invites');
  v_invite app_data.invites%ROWTYPE;
BEGIN
  UPDATE app_data.invites i SET revoked_at = coalesce(i.revoked_at, now())
  WHERE i.invite_id = app_functions.required_id(p_invite_id, 'Invite id')
  RETURNING * INTO v_invite;
  PERFORM app_functions.require_found(v_invite.invite_id IS NOT NULL, 'This invite does not exist', 'Invite id',
                                      p_invite_id);
  RETURN app_functions.invite_json(v_invite);
END
$$;

CREATE OR REPLACE FUNCTION api.registration_settings()
RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  PERFORM app_functions.require_admin('see registration settings');
  RETURN (SELECT json_build_object('registration_open_until',
                                   CASE WHEN h.registration_open_until > now() THEN h.registration_open_until END)
          FROM app_data.household h);
END
$$;

-- For a party or a new flat-share: anyone may register for a while.
CREATE OR REPLACE FUNCTION api.open_registration(p_minutes integer DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_admin_id bigint := app_functions.require_admin('open registration');
  v_until timestamptz;
BEGIN
  IF p_minutes IS NULL OR p_minutes NOT BETWEEN 0 AND 10080 THEN
    PERFORM app_functions.api_error(400, 'p_minutes must be between 0 (close) and 10080 (a week)',
                                    p_details => 'p_minutes');
  END IF;
  UPDATE app_data.household h
  SET registration_open_until = CASE WHEN p_minutes = 0 THEN NULL ELSE now() + make_interval(mins => p_minutes) END
  RETURNING h.registration_open_until INTO v_until;
  RETURN json_build_object('registration_open_until', v_until);
END
$$;

REVOKE ALL ON FUNCTION app_functions.valid_username(text), app_functions.invite_code_sha256(text),
  app_functions.new_invite_code(), app_functions.invite_json(app_data.invites),
  app_functions.create_first_admin(text, text), app_functions.existing_member(bigint),
  api.register_user(text, text, text), api.reset_member_password(bigint, text), api.remove_member(bigint),
  api.create_invite(integer, integer), api.invites(), api.revoke_invite(bigint),
  api.registration_settings(), api.open_registration(integer)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.register_user(text, text, text) TO api_anon, api_authenticated;
GRANT EXECUTE ON FUNCTION api.reset_member_password(bigint, text), api.remove_member(bigint),
  api.create_invite(integer, integer), api.invites(), api.revoke_invite(bigint),
  api.registration_settings(), api.open_registration(integer)
TO api_authenticated;
