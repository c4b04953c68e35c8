-- Migration 001 (the guide's name): move the data of a database in the
-- guide's development layout (tables users, tasks, task_assignments,
-- frontend_assets and functions in "public", owned by the superuser
-- cleaning_user) into the production layout, in ONE transaction.
--
-- Run by ops/dev_to_prod/convert.sh, which first bootstraps roles and
-- schemas and runs the dbmate migrations as app_owner (so app_owner owns every
-- new table), then runs this file as the superuser (the only role that can
-- read the old tables), then re-applies the API layer. Do not run it alone.
--
-- Guarantees: every row is copied or nothing is (a failed check rolls the
-- whole transaction back and leaves the old tables untouched); ids are kept,
-- so assignments keep pointing at the same users and tasks; bcrypt hashes are
-- copied as they are (everyone keeps their password); text assets become
-- bytea (UTF-8). Row counts and checksums are compared before COMMIT.
--
-- psql variable: admins (comma-separated usernames to make household admins;
-- empty = the user with the lowest user_id, as for a new household).
\set ON_ERROR_STOP on
\if :{?admins}
\else
  \set admins ''
\endif
SET client_min_messages = notice;
BEGIN;

\o /dev/null
SELECT set_config('convert.admins', :'admins', true);
\o

DO $check$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'tasks', 'task_assignments', 'frontend_assets'] LOOP
    IF to_regclass('public.' || t) IS NULL THEN
      RAISE EXCEPTION 'public.% does not exist: this database is not in the development layout (already converted?)', t;
    END IF;
  END LOOP;
  IF EXISTS (SELECT 1 FROM app_data.users) OR EXISTS (SELECT 1 FROM app_data.tasks)
     OR EXISTS (SELECT 1 FROM app_data.task_assignments) THEN
    RAISE EXCEPTION 'app_data already holds household data: refusing to mix two households';
  END IF;
END
$check$;

-- Keep the old tables still while copying.
LOCK TABLE public.users, public.tasks, public.task_assignments, public.frontend_assets IN SHARE MODE;

INSERT INTO app_data.users (user_id, username, password_hash, is_admin, created_at)
OVERRIDING SYSTEM VALUE
SELECT u.user_id, u.username, u.password_hash,
       CASE WHEN current_setting('convert.admins') = ''
            THEN u.user_id = (SELECT min(user_id) FROM public.users)
            ELSE u.username = ANY (string_to_array(current_setting('convert.admins'), ',')) END,
       coalesce(u.created_at, now())
FROM public.users u;

INSERT INTO app_data.tasks (task_id, task_name, description)
OVERRIDING SYSTEM VALUE
SELECT t.task_id, t.task_name, coalesce(t.description, '')
FROM public.tasks t;

-- A review needs a reviewer time: the completion time stands in for it.
-- The status (stored since the chore engine) follows from the two columns
-- the guide had, as migration 0008 derived it for existing rows.
INSERT INTO app_data.task_assignments (assignment_id, task_id, user_id, assigned_at, completed_at,
                                       is_approved, reviewed_at, status, closed_at, acted_by, acted_at)
OVERRIDING SYSTEM VALUE
SELECT a.assignment_id, a.task_id, a.user_id, coalesce(a.assigned_at, now()), a.completed_at,
       a.is_approved, CASE WHEN a.is_approved IS NOT NULL THEN a.completed_at END,
       CASE WHEN a.completed_at IS NULL THEN 'todo'
            WHEN a.is_approved IS NULL THEN 'waiting'
            WHEN a.is_approved THEN 'approved'
            ELSE 'rejected' END,
       a.completed_at, CASE WHEN a.completed_at IS NOT NULL THEN a.user_id END, a.completed_at
FROM public.task_assignments a;

-- Text assets become bytea; they replace the placeholder page.
INSERT INTO app_frontend.frontend_assets AS f (asset_name, content_type, content, created_at, updated_at)
SELECT a.asset_name, lower(a.content_type), convert_to(a.content, 'UTF8'),
       coalesce(a.created_at, now()), coalesce(a.updated_at, now())
FROM public.frontend_assets a
ON CONFLICT (asset_name) DO UPDATE
  SET content_type = EXCLUDED.content_type, content = EXCLUDED.content,
      content_gzip = NULL, content_br = NULL,
      created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at;
-- The copied index.html is the first release (what rollback/prune work from).
INSERT INTO app_frontend.releases (content)
SELECT f.content FROM app_frontend.frontend_assets f
WHERE f.asset_name = 'index.html' AND EXISTS (SELECT 1 FROM public.frontend_assets a WHERE a.asset_name = 'index.html');

-- Identity sequences continue after the copied ids.
\o /dev/null
SELECT setval(pg_get_serial_sequence('app_data.users', 'user_id'),
              coalesce((SELECT max(user_id) FROM app_data.users), 1), (SELECT count(*) > 0 FROM app_data.users));
SELECT setval(pg_get_serial_sequence('app_data.tasks', 'task_id'),
              coalesce((SELECT max(task_id) FROM app_data.tasks), 1), (SELECT count(*) > 0 FROM app_data.tasks));
SELECT setval(pg_get_serial_sequence('app_data.task_assignments', 'assignment_id'),
              coalesce((SELECT max(assignment_id) FROM app_data.task_assignments), 1),
              (SELECT count(*) > 0 FROM app_data.task_assignments));
\o

-- Nothing lost: counts and checksums of what was copied, compared in SQL.
DO $verify$
DECLARE
  v_old text;
  v_new text;
BEGIN
  SELECT md5(coalesce(string_agg(concat_ws('|', user_id, username, password_hash), E'\n' ORDER BY user_id), ''))
    INTO v_old FROM public.users;
  SELECT md5(coalesce(string_agg(concat_ws('|', user_id, username, password_hash), E'\n' ORDER BY user_id), ''))
    INTO v_new FROM app_data.users;
  IF v_old <> v_new THEN RAISE EXCEPTION 'users differ after copying'; END IF;

  SELECT md5(coalesce(string_agg(concat_ws('|', task_id, task_name, coalesce(description, '')), E'\n' ORDER BY task_id), ''))
    INTO v_old FROM public.tasks;
  SELECT md5(coalesce(string_agg(concat_ws('|', task_id, task_name, description), E'\n' ORDER BY task_id), ''))
    INTO v_new FROM app_data.tasks;
  IF v_old <> v_new THEN RAISE EXCEPTION 'tasks differ after copying'; END IF;

  SELECT md5(coalesce(string_agg(concat_ws('|', assignment_id, task_id, user_id, completed_at, is_approved), E'\n' ORDER BY assignment_id), ''))
    INTO v_old FROM public.task_assignments;
  SELECT md5(coalesce(string_agg(concat_ws('|', assignment_id, task_id, user_id, completed_at, is_approved), E'\n' ORDER BY assignment_id), ''))
    INTO v_new FROM app_data.task_assignments;
  IF v_old <> v_new THEN RAISE EXCEPTION 'task assignments differ after copying'; END IF;

  IF EXISTS (SELECT 1 FROM public.frontend_assets a
             LEFT JOIN app_frontend.frontend_assets f ON f.asset_name = a.asset_name
             WHERE f.sha256 IS DISTINCT FROM encode(sha256(convert_to(a.content, 'UTF8')), 'hex')) THEN
    RAISE EXCEPTION 'frontend assets differ after copying';
  END IF;

  RAISE NOTICE 'copied % users, % tasks, % task assignments, % frontend assets; checksums match',
    (SELECT count(*) FROM app_data.users), (SELECT count(*) FROM app_data.tasks),
    (SELECT count(*) FROM app_data.task_assignments), (SELECT count(*) FROM public.frontend_assets);
END
$verify$;

-- The development objects go (convert.sh took a pg_dump of them first):
-- the four tables and every function in public that no extension owns.
DO $drop$
DECLARE
  r record;
BEGIN
  DROP TABLE public.task_assignments, public.tasks, public.users, public.frontend_assets CASCADE;
  FOR r IN
    SELECT p.oid::regprocedure::text AS fn, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind
    FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP %s %s', r.kind, r.fn);
    RAISE NOTICE 'dropped development % %', lower(r.kind), r.fn;
  END LOOP;
END
$drop$;

COMMIT;
