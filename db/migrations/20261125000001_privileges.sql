-- migrate:up
-- Why default privileges: objects created by later migrations must get the
-- designed grants without anyone remembering a GRANT (the guide's
-- "GRANT ... ON ALL TABLES" only covers tables that exist at that moment).

-- PostgreSQL grants EXECUTE on every new function to PUBLIC; revoking from
-- api_anon alone would change nothing. Each API function is granted
-- explicitly in db/api/.
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Household data is read through security_invoker views in "api", so the
-- signed-in role needs SELECT on the tables; row-level security decides
-- which rows. Writes go through the API's functions, which run as the
-- caller (SECURITY INVOKER): column grants and RLS policies on each table
-- decide them. Only what touches secrets (passwords, sessions, invites,
-- the signing key) runs as its owner.
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app_data
  GRANT SELECT ON TABLES TO api_authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA api
  GRANT SELECT ON TABLES TO api_authenticated;

GRANT USAGE ON SCHEMA api TO api_anon, api_authenticated, api_publisher;
GRANT USAGE ON SCHEMA app_data TO api_authenticated;

-- dbmate's bookkeeping table lives in app_data; like every table there it
-- has RLS on (no policies: only its owner, app_owner, sees it).
ALTER TABLE app_data.schema_migrations ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON app_data.schema_migrations FROM api_authenticated;

-- migrate:down
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA api
  REVOKE SELECT ON TABLES FROM api_authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app_data
  REVOKE SELECT ON TABLES FROM api_authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
REVOKE USAGE ON SCHEMA api FROM api_anon, api_authenticated, api_publisher;
REVOKE USAGE ON SCHEMA app_data FROM api_authenticated;
