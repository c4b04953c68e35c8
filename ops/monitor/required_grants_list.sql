-- The grants the site cannot work without: the anonymous page, sign-in and
-- registration, the member views and the member functions of the hardened
-- API (sessions, invites, member management), PostgREST's pre-request check,
-- the publisher's upload. db/api/*.sql grants them; required_grants.sql
-- reports one that was revoked by hand and fix.sql re-grants it. One list
-- for both (included with \ir).
CREATE TEMP VIEW required_grants (role, kind, name, privilege) AS
  VALUES ('api_anon', 'schema', 'api', 'USAGE'),
         ('api_authenticated', 'schema', 'api', 'USAGE'),
         ('api_publisher', 'schema', 'api', 'USAGE'),
         -- db-pre-request runs app_functions.check_request() before every
         -- request of every role: without it every request fails.
         ('api_anon', 'schema', 'app_functions', 'USAGE'),
         ('api_authenticated', 'schema', 'app_functions', 'USAGE'),
         ('api_publisher', 'schema', 'app_functions', 'USAGE'),
         ('api_anon', 'function', 'app_functions.check_request()', 'EXECUTE'),
         ('api_authenticated', 'function', 'app_functions.check_request()', 'EXECUTE'),
         ('api_publisher', 'function', 'app_functions.check_request()', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_html(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_css(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_js(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_wasm(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_asset(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.login(text,text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.register_user(text,text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.login(text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.register_user(text,text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.me()', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.logout()', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.change_password(text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.reset_member_password(bigint,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.remove_member(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.create_invite(integer,integer)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.invites()', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.revoke_invite(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.open_registration(integer)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.registration_settings()', 'EXECUTE'),
         ('api_authenticated', 'view', 'api.users', 'SELECT'),
         ('api_authenticated', 'view', 'api.tasks', 'SELECT'),
         ('api_authenticated', 'view', 'api.task_assignments', 'SELECT'),
         ('api_publisher', 'function', 'api.update_frontend_asset(text,text,text,text,text,text,text[])', 'EXECUTE');
