-- Every object in the app schemas belongs to app_owner: the guide's core
-- problem (objects owned by a superuser) must not come back.
BEGIN;
\ir ../../ops/monitor/schemas_and_roles_list.sql
SELECT plan(6);

SELECT is(
  (SELECT array_agg(nspname::text ORDER BY nspname) FROM pg_namespace
   WHERE nspname IN (SELECT name FROM app_schemas)
     AND pg_get_userbyid(nspowner) = 'app_owner'),
  (SELECT array_agg(name::text ORDER BY name) FROM app_schemas),
  'every app schema exists and is owned by app_owner');

SELECT is(
  (SELECT array_agg(format('%s.%s (%s)', n.nspname, c.relname, pg_get_userbyid(c.relowner)))
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND pg_get_userbyid(c.relowner) <> 'app_owner'),
  NULL,
  'every table, view, sequence and index in the app schemas is owned by app_owner');

SELECT is(
  (SELECT array_agg(format('%s.%s (%s)', n.nspname, p.proname, pg_get_userbyid(p.proowner)))
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND pg_get_userbyid(p.proowner) <> 'app_owner'),
  NULL,
  'every function in the app schemas is owned by app_owner');

SELECT is(
  (SELECT array_agg(format('%s.%s (%s)', n.nspname, t.typname, pg_get_userbyid(t.typowner)))
   FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND pg_get_userbyid(t.typowner) <> 'app_owner'),
  NULL,
  'every type and domain in the app schemas is owned by app_owner');

SELECT is(
  (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)),
  (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas)
     AND pg_get_userbyid(c.relowner) = 'app_owner'),
  'relation counts agree (the check above looked at real objects)');

SELECT is(pg_get_userbyid(datdba)::text, 'app_owner', 'the database is owned by app_owner')
FROM pg_database WHERE datname = current_database();

SELECT * FROM finish();
ROLLBACK;
