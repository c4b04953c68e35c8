-- HS256 JWTs signed in SQL (pgjwt is not packaged for Debian 12). PostgREST
-- verifies them with the same secret (its jwt-secret setting) and switches to
-- the "role" claim. Nothing here is granted to a request role: only the
-- definer functions (login, the publisher token) sign.

CREATE OR REPLACE FUNCTION app_functions.base64url(p_data bytea)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = ''
AS $$
  SELECT translate(encode(p_data, 'base64'), E'+/=\n', '-_')
$$;

CREATE OR REPLACE FUNCTION app_functions.sign_jwt(p_claims jsonb)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = ''
AS $$
DECLARE
  v_secret text;
  v_signing_input text;
BEGIN
  SELECT s.value INTO v_secret FROM app_secrets.settings s WHERE s.name = 'jwt_secret';
  IF v_secret IS NULL OR octet_length(v_secret) < 32 THEN
    RAISE EXCEPTION 'jwt_secret is not configured (at least 32 bytes); re-apply the API layer with JWT_SECRET set';
  END IF;
  v_signing_input := app_functions.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8'))
                     || '.' || app_functions.base64url(convert_to(p_claims::text, 'UTF8'));
  RETURN v_signing_input || '.'
         || app_functions.base64url(public.hmac(convert_to(v_signing_input, 'UTF8'), convert_to(v_secret, 'UTF8'), 'sha256'));
END
$$;

-- A token for the publishing role (used by deploy and `make run`, which hold
-- the app_owner connection; never reachable over HTTP).
CREATE OR REPLACE FUNCTION app_functions.publisher_token(p_valid_for interval DEFAULT interval '1 hour')
RETURNS text
LANGUAGE sql STABLE
SET search_path = ''
AS $$
  SELECT app_functions.sign_jwt(jsonb_build_object(
    'role', 'api_publisher',
    'iat', extract(epoch FROM now())::bigint,
    'exp', extract(epoch FROM now() + p_valid_for)::bigint))
$$;

INSERT INTO app_secrets.settings (name, value)
VALUES ('jwt_secret', :'jwt_secret')
ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
