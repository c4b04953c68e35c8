-- Row-level security is on for every table, and policies are real.
BEGIN;
\ir ../../ops/monitor/schemas_and_roles_list.sql
SELECT plan(4);

SELECT is(
  (SELECT array_agg(format('%s.%s', n.nspname, c.relname))
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity),
  NULL, 'every table in the app schemas has RLS enabled');

SELECT is(
  (SELECT count(*)::int FROM pg_policies
   WHERE schemaname = 'app_data' AND (qual = 'true' OR with_check = 'true')),
  0, 'no policy is USING (true) / WITH CHECK (true)');

SELECT is(
  (SELECT array_agg(format('%s.%s', n.nspname, c.relname))
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'api' AND c.relkind = 'v'
     AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)),
  NULL, 'every api view is security_invoker (RLS applies to the caller)');

-- As a signed-in member with no user id claim, nothing is visible.
SET LOCAL ROLE api_authenticated;
SELECT set_config('request.jwt.claims', '{"role":"api_authenticated"}', true);
SELECT set_config('pgtap.visible', (SELECT count(*) FROM api.task_assignments)::text, true);
RESET ROLE;
SELECT is(current_setting('pgtap.visible'), '0', 'without a user_id claim no assignment is visible');

SELECT * FROM finish();
ROLLBACK;
