-- Bootstrap: the only step that runs as a superuser. Safe to re-run.
--
-- Why a superuser only here: roles, the database and extensions need it.
-- Everything after this (migrations, the API layer) runs as app_owner, which
-- is not a superuser, so no object can ever again be owned by the wrong role.
--
-- psql variables (all required):
--   app_owner_password, api_user_password, db_name
\set ON_ERROR_STOP on

SELECT set_config('bootstrap.app_owner_password', :'app_owner_password', false);

DO $bootstrap$
DECLARE
  v_owner_pw text := current_setting('bootstrap.app_owner_password');
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_owner') THEN
    CREATE ROLE app_owner LOGIN;
  END IF;
  -- Re-asserted on every run so a hand-edited role is put back as designed.
  EXECUTE format('ALTER ROLE app_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS PASSWORD %L', v_owner_pw);

  -- PostgREST's authenticator: it logs in, owns nothing and can only become
  -- one of the request roles below (NOINHERIT: it has none of their rights).
  -- A new one cannot log in until the end of this file (see there).
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_user') THEN
    CREATE ROLE api_user NOLOGIN NOINHERIT;
  END IF;

  -- Request roles, chosen by the JWT's "role" claim (or anon without a JWT).
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_anon') THEN
    CREATE ROLE api_anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_authenticated') THEN
    CREATE ROLE api_authenticated NOLOGIN;
  END IF;
  -- Publishes frontend builds; never a household member.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'api_publisher') THEN
    CREATE ROLE api_publisher NOLOGIN;
  END IF;
END
$bootstrap$;

SELECT set_config('bootstrap.app_owner_password', '', false);

GRANT api_anon, api_authenticated, api_publisher TO api_user;

SELECT format('CREATE DATABASE %I OWNER app_owner ENCODING ''UTF8'' TEMPLATE template0', :'db_name')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db_name')
\gexec

SELECT format('ALTER DATABASE %I OWNER TO app_owner', :'db_name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db_name') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO app_owner', :'db_name') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO api_user', :'db_name') \gexec

\connect :db_name

-- pgcrypto: bcrypt for passwords, HMAC for JWTs.
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

-- Nobody but app_owner creates objects; nobody reaches "public" except for
-- the pgcrypto functions the app's definer functions call.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO app_owner;

CREATE SCHEMA IF NOT EXISTS app_data AUTHORIZATION app_owner;
CREATE SCHEMA IF NOT EXISTS app_functions AUTHORIZATION app_owner;
CREATE SCHEMA IF NOT EXISTS app_frontend AUTHORIZATION app_owner;
CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION app_owner;
ALTER SCHEMA app_data OWNER TO app_owner;
ALTER SCHEMA app_functions OWNER TO app_owner;
ALTER SCHEMA app_frontend OWNER TO app_owner;
ALTER SCHEMA api OWNER TO app_owner;

-- Last: api_user may log in only once everything it needs exists. A
-- PostgREST already waiting for a new server then sees "password
-- authentication failed" (it exits and is restarted) instead of "database
-- does not exist" or "permission denied for database" halfway through,
-- which PostgREST 12.0.2 answers with a reconnect backoff that delayed its
-- readiness past deploy.sh's wait.
SELECT set_config('bootstrap.api_user_password', :'api_user_password', false);
DO $api_user$
BEGIN
  EXECUTE format('ALTER ROLE api_user LOGIN NOINHERIT NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS PASSWORD %L',
                 current_setting('bootstrap.api_user_password'));
END
$api_user$;
SELECT set_config('bootstrap.api_user_password', '', false);
