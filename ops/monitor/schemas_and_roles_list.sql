-- The app's schemas and the roles PostgREST runs requests as: the one list
-- the monitor's checks (ownership.sql, rls.sql, grants.sql, fix.sql) and
-- the pgTAP suite (db/tests/01_ownership.sql, 03_rls.sql, 04_privileges.sql,
-- 07_hardening.sql) read. Each includes this file with \ir.
--
-- A new schema goes here: app_owner must own it and everything in it, and
-- the grant checks then look into it too.
CREATE TEMP VIEW app_schemas (name) AS
  VALUES ('api'), ('app_data'), ('app_frontend'), ('app_functions'), ('app_secrets');

CREATE TEMP VIEW request_roles (role) AS
  VALUES ('api_anon'), ('api_authenticated'), ('api_publisher');
