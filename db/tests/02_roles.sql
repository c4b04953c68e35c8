-- The role model: no superuser at runtime, an authenticator that owns
-- nothing and can only become the request roles.
BEGIN;
SELECT plan(9);

SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = 'app_owner'), false, 'app_owner is not a superuser');
SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = 'api_user'), false, 'api_user is not a superuser');
SELECT is((SELECT rolbypassrls FROM pg_roles WHERE rolname = 'app_owner'), false, 'app_owner cannot bypass RLS by attribute');
SELECT is((SELECT rolinherit FROM pg_roles WHERE rolname = 'api_user'), false, 'api_user is NOINHERIT');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'api_anon'), false, 'api_anon cannot log in');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'api_publisher'), false, 'api_publisher cannot log in');

SELECT is(
  (SELECT array_agg(pg_get_userbyid(roleid)::text ORDER BY 1) FROM pg_auth_members
   WHERE member = 'api_user'::regrole),
  ARRAY['api_anon', 'api_authenticated', 'api_publisher'],
  'api_user can switch to exactly the three request roles');

SELECT is(
  (SELECT count(*)::int FROM pg_class WHERE relowner = 'api_user'::regrole)
  + (SELECT count(*)::int FROM pg_proc WHERE proowner = 'api_user'::regrole)
  + (SELECT count(*)::int FROM pg_namespace WHERE nspowner = 'api_user'::regrole),
  0, 'api_user owns nothing');

SELECT is(
  (SELECT count(*)::int FROM pg_auth_members WHERE member = 'app_owner'::regrole),
  0, 'app_owner is a member of no role (the guide''s GRANT api_user TO app_owner is gone)');

SELECT * FROM finish();
ROLLBACK;
