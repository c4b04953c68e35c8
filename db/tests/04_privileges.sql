-- Grants as designed: every grant of the one list the monitor checks too
-- (ops/monitor/required_grants_list.sql) is there and none beyond it on
-- `api`; nothing privileged for PUBLIC or api_anon, asset writes only for the
-- publisher, password_hash unreachable.
BEGIN;
\ir ../../ops/monitor/schemas_and_roles_list.sql
\ir ../../ops/monitor/required_grants_list.sql
SELECT plan(14 + (SELECT count(*)::int FROM required_grants));

-- Each grant of the list, one test per row.
SELECT ok(coalesce(CASE r.kind
                     WHEN 'schema' THEN has_schema_privilege(r.role, r.name, r.privilege)
                     WHEN 'function' THEN has_function_privilege(r.role, to_regprocedure(r.name), r.privilege)
                     ELSE has_table_privilege(r.role, to_regclass(r.name), r.privilege)
                   END, false),
          format('required grant: %s has %s on %s %s', r.role, r.privilege, r.kind, r.name))
FROM required_grants r
ORDER BY r.kind, r.name, r.role;

-- Nothing on `api` beyond the list: a GRANT in db/api without its row in
-- the list (or a grant left over) fails here.
SELECT is(
  (SELECT array_agg(format('%s EXECUTE %s', r.role, p.oid::regprocedure) ORDER BY 1)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   CROSS JOIN request_roles r
   WHERE n.nspname = 'api' AND has_function_privilege(r.role, p.oid, 'EXECUTE')
     AND NOT EXISTS (SELECT 1 FROM required_grants g
                     WHERE g.kind = 'function' AND g.role = r.role AND g.privilege = 'EXECUTE'
                       AND to_regprocedure(g.name) = p.oid)),
  NULL, 'the request roles execute no api function the required grants list lacks');

SELECT is(
  (SELECT array_agg(format('%s %s %I.%I', r.role, priv, n.nspname, c.relname) ORDER BY 1)
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN request_roles r
   CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) priv
   WHERE n.nspname = 'api' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
     AND has_table_privilege(r.role, c.oid, priv)
     AND NOT EXISTS (SELECT 1 FROM required_grants g
                     WHERE g.kind = 'view' AND g.role = r.role AND g.privilege = priv
                       AND to_regclass(g.name) = c.oid)),
  NULL, 'the request roles hold no privilege on an api view the required grants list lacks');

SELECT is(
  (SELECT array_agg(format('%s.%s', n.nspname, p.proname))
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND has_function_privilege('public', p.oid, 'EXECUTE')),
  NULL, 'PUBLIC can execute no function in the app schemas');

SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'api' AND has_function_privilege('api_anon', p.oid, 'EXECUTE')),
  ARRAY['calendar_feed', 'login', 'ping', 'register_user', 'serve_asset', 'serve_css', 'serve_html', 'serve_js',
        'serve_wasm'],
  'api_anon can execute exactly sign-in, registration, the health ping, the serve functions and the calendar feed (its key is the credential)');

-- Internal functions an anonymous request runs: PostgREST's pre-request
-- check and the error helpers every function raises through. Nothing that
-- signs tokens, hashes or checks passwords, or reads sessions or settings.
SELECT is(
  (SELECT array_agg(format('%s.%s', n.nspname, p.proname) ORDER BY 1)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas WHERE name <> 'api')
     AND has_function_privilege('api_anon', p.oid, 'EXECUTE')
     AND NOT (n.nspname = 'app_functions'
              AND p.proname IN ('check_request', 'api_error', 'error_body', 'quote_input',
                                'invisible_character_class', 'require_post', 'required_text',
                                'required_id', 'require_user', 'require_admin'))),
  NULL, 'api_anon can execute no internal function but the pre-request check and the error helpers');

SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'api' AND has_function_privilege('api_publisher', p.oid, 'EXECUTE')
     AND p.proname NOT LIKE 'serve\_%'),
  ARRAY['frontend_asset_manifest', 'frontend_releases', 'ping', 'prune_frontend_assets', 'rollback_frontend', 'update_frontend_asset'],
  'api_publisher can execute the publishing functions and nothing of the household');

SELECT ok(NOT has_function_privilege('api_authenticated', 'api.update_frontend_asset(text,text,text,text,text,text,text[])', 'EXECUTE'),
  'household members cannot publish assets');
SELECT ok(NOT has_function_privilege('api_anon', 'api.update_frontend_asset(text,text,text,text,text,text,text[])', 'EXECUTE'),
  'anonymous visitors cannot publish assets');
SELECT ok(NOT has_function_privilege('api_authenticated', 'app_functions.sign_jwt(jsonb)', 'EXECUTE'),
  'nobody but app_owner signs tokens');

SELECT is(
  (SELECT array_agg(format('%s.%s', n.nspname, c.relname))
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND c.relkind IN ('r', 'v', 'm', 'p', 'S')
     AND (has_table_privilege('api_anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
          OR has_table_privilege('public', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE'))),
  NULL, 'api_anon and PUBLIC have no privilege on any table, view or sequence');

SELECT ok(NOT has_schema_privilege('api_anon', 'app_data', 'USAGE')
          AND NOT has_schema_privilege('api_anon', 'app_frontend', 'USAGE'),
  'api_anon cannot even look into app_data or app_frontend');

SELECT ok(NOT has_column_privilege('api_authenticated', 'app_data.users', 'password_hash', 'SELECT'),
  'a signed-in member cannot read password_hash');

SELECT is(
  (SELECT array_agg(format('%s.%s', c.table_schema, c.table_name))
   FROM information_schema.columns c
   WHERE c.table_schema = 'api' AND c.column_name = 'password_hash'),
  NULL, 'no api view has a password_hash column');

SELECT ok(NOT has_table_privilege('api_authenticated', 'api.tasks', 'INSERT, UPDATE, DELETE'),
  'api views are read-only for members (writes go through functions)');

SELECT * FROM finish();
ROLLBACK;
