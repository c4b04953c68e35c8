-- The hardening tables (sessions, sign-in attempts, invites, household
-- settings, common passwords) belong to app_owner, have RLS on and no
-- policy, and no request role can read or write them: only the SECURITY
-- DEFINER functions in db/api touch them. Plus the functions' grants and
-- the SQL-level behaviour the HTTP tests cannot see directly.
BEGIN;
\ir ../../ops/monitor/schemas_and_roles_list.sql
SELECT plan(35);

CREATE TEMP TABLE private_tables (name text PRIMARY KEY) ON COMMIT DROP;
INSERT INTO private_tables VALUES ('app_data.sessions'), ('app_data.login_attempts'),
  ('app_data.invites'), ('app_data.household'), ('app_data.common_passwords');

-- Ownership, RLS, policies.
SELECT is(
  (SELECT array_agg(t.name ORDER BY t.name) FROM private_tables t
   WHERE to_regclass(t.name) IS NOT NULL
     AND pg_get_userbyid((SELECT c.relowner FROM pg_class c WHERE c.oid = to_regclass(t.name))) = 'app_owner'),
  ARRAY['app_data.common_passwords', 'app_data.household', 'app_data.invites',
        'app_data.login_attempts', 'app_data.sessions'],
  'the five hardening tables exist and belong to app_owner');

SELECT is(
  (SELECT array_agg(format('%s.%s (%s)', n.nspname, c.relname, pg_get_userbyid(c.relowner)))
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                   AND d.refclassid = 'pg_class'::regclass
   WHERE d.refobjid IN (SELECT to_regclass(t.name) FROM private_tables t)
     AND c.relkind IN ('S', 'i') AND pg_get_userbyid(c.relowner) <> 'app_owner'),
  NULL, 'their sequences and indexes belong to app_owner too');

SELECT is(
  (SELECT array_agg(t.name ORDER BY t.name) FROM private_tables t
   JOIN pg_class c ON c.oid = to_regclass(t.name) WHERE NOT c.relrowsecurity),
  NULL, 'row-level security is on for each of them');

SELECT is(
  (SELECT array_agg(format('%s.%s: %s', p.schemaname, p.tablename, p.policyname))
   FROM pg_policies p
   WHERE format('%s.%s', p.schemaname, p.tablename) IN (SELECT t.name FROM private_tables t)),
  NULL, 'no policy opens any of them (only the owner''s functions see rows)');

-- Privileges, as the catalog records them.
SELECT is(
  (SELECT array_agg(format('%s on %s', r.role, t.name) ORDER BY 1)
   FROM private_tables t
   CROSS JOIN (SELECT role FROM request_roles UNION ALL VALUES ('api_user'), ('public')) r(role)
   WHERE has_table_privilege(r.role, to_regclass(t.name), 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
      OR has_any_column_privilege(r.role, to_regclass(t.name), 'SELECT, INSERT, UPDATE, REFERENCES')),
  NULL, 'no request role (nor api_user, nor PUBLIC) holds any table or column privilege on them');

SELECT is(
  (SELECT array_agg(format('%s on %s.%s', r.role, n.nspname, c.relname) ORDER BY 1)
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
   CROSS JOIN request_roles r
   WHERE c.relkind = 'S' AND d.refobjid IN (SELECT to_regclass(t.name) FROM private_tables t)
     AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(r.role, c.oid, 'USAGE, SELECT, UPDATE') ELSE false END),
  NULL, 'no request role can use their sequences');

SELECT ok(has_column_privilege('api_authenticated', 'app_data.users', 'removed_at', 'SELECT'),
  'members may see removed_at (GET /users lists active members only)');
SELECT ok(NOT has_column_privilege('api_authenticated', 'app_data.users', 'password_hash', 'SELECT'),
  'members still cannot read password_hash');
SELECT ok(NOT has_any_column_privilege('api_authenticated', 'app_data.users', 'INSERT, UPDATE'),
  'members cannot write users (removing and resetting go through functions)');

-- Privileges, as a request meets them: every attempt is refused.
SET LOCAL ROLE api_authenticated;
SELECT set_config('request.jwt.claims', '{"role":"api_authenticated","user_id":4}', true);
DO $$
DECLARE
  v_table text;
  v_statement text;
  v_let_through text[] := '{}';
BEGIN
  FOREACH v_table IN ARRAY ARRAY['app_data.sessions', 'app_data.login_attempts', 'app_data.invites',
                                 'app_data.household', 'app_data.common_passwords'] LOOP
    FOREACH v_statement IN ARRAY ARRAY[
      format('SELECT count(*) FROM %s', v_table),
      format('DELETE FROM %s', v_table),
      format('TRUNCATE %s', v_table)] LOOP
      BEGIN
        EXECUTE v_statement;
        v_let_through := v_let_through || v_statement;
      EXCEPTION WHEN insufficient_privilege THEN
        NULL;
      END;
    END LOOP;
  END LOOP;
  BEGIN
    UPDATE app_data.household SET registration_open_until = now() + interval '1 day';
    v_let_through := v_let_through || 'UPDATE app_data.household'::text;
  EXCEPTION WHEN insufficient_privilege THEN
    NULL;
  END;
  BEGIN
    INSERT INTO app_data.invites (code_sha256, expires_at, max_uses)
    VALUES (repeat('a', 64), now() + interval '1 day', 100);
    v_let_through := v_let_through || 'INSERT INTO app_data.invites'::text;
  EXCEPTION WHEN insufficient_privilege THEN
    NULL;
  END;
  PERFORM set_config('pgtap.let_through', array_to_string(v_let_through, '; '), true);
END
$$;
RESET ROLE;
SELECT is(current_setting('pgtap.let_through'), '',
  'even a signed-in admin''s request role cannot read, write or empty any of them');

-- Anonymous visitors and the publisher, each as itself: what a SELECT
-- lets through is kept per role for the assertions below.
DO $$
DECLARE
  v_role text;
  v_table text;
  v_let_through text[];
BEGIN
  FOREACH v_role IN ARRAY ARRAY['api_anon', 'api_publisher'] LOOP
    v_let_through := '{}';
    EXECUTE format('SET LOCAL ROLE %I', v_role);
    FOREACH v_table IN ARRAY ARRAY['app_data.sessions', 'app_data.login_attempts', 'app_data.invites',
                                   'app_data.household', 'app_data.common_passwords'] LOOP
      BEGIN
        EXECUTE format('SELECT count(*) FROM %s', v_table);
        v_let_through := v_let_through || v_table;
      EXCEPTION WHEN insufficient_privilege THEN
        NULL;
      END;
    END LOOP;
    RESET ROLE;
    PERFORM set_config('pgtap.let_through_' || v_role, array_to_string(v_let_through, '; '), true);
  END LOOP;
END
$$;
SELECT is(current_setting('pgtap.let_through_api_anon'), '', 'api_anon cannot SELECT any of them');
SELECT is(current_setting('pgtap.let_through_api_publisher'), '', 'api_publisher cannot SELECT any of them');

-- The shape of what is stored.
SELECT is(
  (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
   WHERE a.attrelid = 'app_data.invites'::regclass AND a.attnum > 0 AND NOT a.attisdropped),
  ARRAY['invite_id', 'code_sha256', 'created_by', 'created_at', 'expires_at', 'max_uses', 'uses', 'revoked_at'],
  'invites keep the code''s SHA-256 only, never the code');
SELECT throws_ok($$INSERT INTO app_data.invites (code_sha256, expires_at, max_uses) VALUES ('ABCD-EFGH-JKMN', now() + interval '1 day', 1)$$,
  '23514', NULL, 'a plain invite code cannot be stored as its hash');
SELECT throws_ok($$INSERT INTO app_data.invites (code_sha256, expires_at, max_uses, uses) VALUES (repeat('b', 64), now() + interval '1 day', 1, 2)$$,
  '23514', NULL, 'an invite cannot be used more often than it allows');
SELECT throws_ok($$INSERT INTO app_data.invites (code_sha256, expires_at, max_uses) VALUES (repeat('c', 64), now() + interval '1 day', 101)$$,
  '23514', NULL, 'an invite admits at most 100');
SELECT is((SELECT count(*)::int FROM app_data.household), 1, 'the household has exactly one settings row');
SELECT throws_ok($$INSERT INTO app_data.household DEFAULT VALUES$$,
  '23505', NULL, 'a second settings row is refused');
SELECT throws_ok($$INSERT INTO app_data.household (household_id) VALUES (false)$$,
  '23514', NULL, 'a second settings row under another key is refused');
SELECT ok((SELECT count(*) FROM app_data.common_passwords) BETWEEN 950 AND 1000
          AND EXISTS (SELECT 1 FROM app_data.common_passwords WHERE password = 'password123')
          AND NOT EXISTS (SELECT 1 FROM app_data.common_passwords WHERE password <> lower(password)),
  'the common-password list is loaded (lower case, "password123" on it)');
SELECT throws_ok($$INSERT INTO app_data.sessions (user_id, created_at, expires_at) VALUES (1, now(), now() - interval '1 second')$$,
  '23514', NULL, 'a session cannot expire before it starts');
SELECT throws_ok($$INSERT INTO app_data.sessions (user_id, expires_at) VALUES (999999, now() + interval '1 day')$$,
  '23503', NULL, 'a session belongs to an existing user');

-- Who may call what.
SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'api' AND has_function_privilege('api_authenticated', p.oid, 'EXECUTE')
     AND p.proname NOT LIKE 'serve\_%'),
  ARRAY['accept_swap', 'adjust_points', 'agenda', 'approve_assignment', 'approve_redemption',
        'archive_reward', 'assign_task', 'calendar_feed', 'cancel_redemption', 'cancel_swap',
        'change_password', 'claim_assignment', 'complete_assignment', 'create_chore', 'create_invite',
        'create_reward', 'create_task', 'decline_redemption', 'decline_swap', 'delete_task', 'export_history',
        'export_points', 'history', 'household', 'invites', 'leaderboard', 'login', 'logout', 'me', 'my_points',
        'offer_swap', 'open_registration', 'ping', 'preview_schedule', 'reassign_assignment', 'redeem_reward',
        'regenerate_calendar_key', 'register_user', 'registration_settings', 'reject_assignment',
        'remove_away', 'remove_member', 'reset_member_password', 'revoke_invite', 'set_away',
        'set_chore_points', 'skip_assignment', 'undo_assignment', 'update_chore', 'update_household',
        'update_reward', 'update_task'],
  'signed-in members can execute exactly the household functions');

SELECT is(
  (SELECT array_agg(format('%s: %s', r.role, f.fn) ORDER BY 1)
   FROM (VALUES ('api.logout()'), ('api.change_password(text,text)'), ('api.reset_member_password(bigint,text)'),
                ('api.remove_member(bigint)'), ('api.create_invite(integer,integer)'), ('api.invites()'),
                ('api.revoke_invite(bigint)'), ('api.open_registration(integer)'), ('api.registration_settings()')) f(fn)
   CROSS JOIN (VALUES ('api_anon'), ('api_publisher')) r(role)
   WHERE has_function_privilege(r.role, f.fn, 'EXECUTE')),
  NULL, 'anonymous visitors and the publisher can execute none of the new member functions');

SELECT is(
  (SELECT array_agg(format('%s: %s', r.role, f.fn) ORDER BY 1)
   FROM (VALUES ('app_functions.create_first_admin(text,text)'), ('app_functions.start_session(bigint)'),
                ('app_functions.revoke_sessions(bigint)'), ('app_functions.password_matches(bigint,text)'),
                ('app_functions.valid_password(text)'), ('app_functions.hash_password(text)'),
                ('app_functions.record_failed_sign_in(text)'), ('app_functions.refuse_while_locked(text)'),
                ('app_functions.refuse_password(text,integer,text)'),
                ('app_functions.existing_member(bigint)'), ('app_functions.new_invite_code()'),
                ('app_functions.invite_code_sha256(text)'), ('app_functions.sign_jwt(jsonb)'),
                ('app_functions.publisher_token(interval)')) f(fn)
   CROSS JOIN (SELECT role FROM request_roles UNION ALL VALUES ('api_user'), ('public')) r(role)
   WHERE has_function_privilege(r.role, f.fn, 'EXECUTE')),
  NULL, 'no request role can create admins, sessions, password hashes or invite codes directly');

SELECT is(
  (SELECT array_agg(r.role ORDER BY r.role) FROM request_roles r
   WHERE has_function_privilege(r.role, 'app_functions.check_request()', 'EXECUTE')),
  ARRAY['api_anon', 'api_authenticated', 'api_publisher'],
  'every request role can run the pre-request check');

SELECT is(
  (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname IN (SELECT name FROM app_schemas) AND p.prosecdef
     AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search\_path=%')),
  NULL, 'every SECURITY DEFINER function pins its search_path');

-- Behaviour below HTTP.
SELECT throws_ok($$SELECT app_functions.valid_password('password123')$$,
  'PGRST', NULL, '"password123" is refused for new passwords');
SELECT throws_ok($$SELECT app_functions.valid_password('PassWord123')$$,
  'PGRST', NULL, 'the list is checked ignoring case');
SELECT is(app_functions.valid_password('correct-horse-battery-1'), 'correct-horse-battery-1',
  'an uncommon password is accepted');
SELECT is(app_functions.invite_code_sha256('abcd efgh-jkmn'), app_functions.invite_code_sha256('ABCD-EFGH-JKMN'),
  'an invite code is the same in any case, with or without dashes or spaces');
SELECT is(app_functions.create_first_admin('pgtap_founder', 'correct-horse-battery-1'), NULL,
  'create_first_admin does nothing while the household has an admin');

SELECT set_config('request.jwt.claims', '{"role":"api_authenticated","user_id":1,"sid":"00000000-0000-4000-8000-000000000000"}', true);
SELECT throws_ok($$SELECT app_functions.check_request()$$, 'PGRST', NULL,
  'the pre-request check refuses a token whose session does not exist');
SELECT set_config('request.jwt.claims', '{"role":"api_authenticated","user_id":1}', true);
SELECT throws_ok($$SELECT app_functions.check_request()$$, 'PGRST', NULL,
  'the pre-request check refuses a member token without a session id');
SELECT set_config('request.jwt.claims', '', true);
SELECT lives_ok($$SELECT app_functions.check_request()$$,
  'the pre-request check lets anonymous requests through');

SELECT * FROM finish();
ROLLBACK;
