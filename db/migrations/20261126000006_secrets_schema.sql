-- migrate:up
-- The JWT signing key lived in app_functions ("functions" holding a
-- secret). It gets a schema named for what it holds; no request role has
-- USAGE on it, so nothing but app_owner's definer functions can reach it.
CREATE SCHEMA app_secrets AUTHORIZATION app_owner;
REVOKE ALL ON SCHEMA app_secrets FROM PUBLIC;
ALTER TABLE app_functions.settings SET SCHEMA app_secrets;
REVOKE ALL ON app_secrets.settings FROM PUBLIC, api_anon, api_authenticated, api_publisher;

-- migrate:down
ALTER TABLE app_secrets.settings SET SCHEMA app_functions;
DROP SCHEMA app_secrets;
