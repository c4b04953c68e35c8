-- Grants as designed (DESIGN.md, "The ownership model"):
--  * no function/procedure in the app schemas executable by PUBLIC (a NULL
--    ACL means the default, which includes PUBLIC EXECUTE);
--  * nothing in app_data/app_frontend/app_secrets reachable by api_anon: no
--    schema usage, no table, column or sequence privilege (directly or
--    through PUBLIC); the same for tables in app_functions (api_anon uses
--    that schema for the media type domains); app_secrets.settings holds
--    the JWT secret;
--  * the tables only SECURITY DEFINER functions may touch (sessions, sign-in
--    attempts, invites, household settings, common passwords, calendar feed
--    keys, the read model's state) readable or writable by no request role
--    at all, signed in or not.
-- Output: check, status, object, detail. One OK row per rule when clean.
\ir schemas_and_roles_list.sql

WITH problems AS (
  SELECT 'grants:public-execute' AS rule,
         CASE p.prokind WHEN 'p' THEN 'procedure ' ELSE 'function ' END || p.oid::regprocedure::text AS object,
         'EXECUTE granted to PUBLIC (everyone, including api_anon)' AS detail
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname IN (SELECT name FROM app_schemas)
    AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
  UNION ALL
  SELECT 'grants:anon-schema', 'schema ' || quote_ident(n.nspname),
         'api_anon has USAGE on this private schema'
  FROM pg_namespace n
  WHERE n.nspname IN (SELECT name FROM app_schemas WHERE name NOT IN ('api', 'app_functions')) AND has_schema_privilege('api_anon', n.oid, 'USAGE')
  UNION ALL
  SELECT 'grants:anon-table',
         CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view ' ELSE 'table ' END
           || format('%I.%I', n.nspname, c.relname),
         'api_anon has privileges on it'
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN (SELECT name FROM app_schemas WHERE name <> 'api') AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND (has_table_privilege('api_anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
         OR has_any_column_privilege('api_anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
  UNION ALL
  SELECT 'grants:anon-table', format('sequence %I.%I', n.nspname, c.relname), 'api_anon has privileges on it'
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN (SELECT name FROM app_schemas WHERE name <> 'api') AND c.relkind = 'S'
    -- CASE: the planner may evaluate this before the relkind test.
    AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege('api_anon', c.oid, 'USAGE, SELECT, UPDATE') ELSE false END
  UNION ALL
  SELECT 'grants:private-table', format('table %s', t.name),
         format('%s has privileges on it (only the API''s SECURITY DEFINER functions may touch it)', r.role)
  FROM (VALUES ('app_data.sessions'), ('app_data.login_attempts'), ('app_data.invites'),
               ('app_data.household'), ('app_data.common_passwords'),
               -- calendar feed keys' hashes; which renderer wrote the cards
               ('app_data.calendar_feeds'), ('app_data.read_model')) t(name)
  CROSS JOIN (SELECT role FROM request_roles UNION ALL VALUES ('api_user')) r(role)
  WHERE to_regclass(t.name) IS NOT NULL
    AND (has_table_privilege(r.role, to_regclass(t.name), 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
         OR has_any_column_privilege(r.role, to_regclass(t.name), 'SELECT, INSERT, UPDATE, REFERENCES'))
), rules(rule, ok_detail) AS (
  VALUES ('grants:public-execute', 'no function in the app schemas is executable by PUBLIC'),
         ('grants:anon-schema', 'api_anon cannot use app_data or app_frontend'),
         ('grants:anon-table', 'api_anon has no privilege on any table, view or sequence in app_data/app_frontend/app_functions/app_secrets'),
         ('grants:private-table', 'no request role can read or write sessions, login_attempts, invites, household, common_passwords, calendar_feeds or read_model')
)
SELECT p.rule, 'NEEDS_ATTENTION', p.object, p.detail FROM problems p
UNION ALL
SELECT r.rule, 'OK', '-', r.ok_detail FROM rules r
WHERE NOT EXISTS (SELECT 1 FROM problems p WHERE p.rule = r.rule)
ORDER BY 1, 3;
