-- The grants the site cannot work without: the anonymous page, sign-in and
-- registration, the member views, the publisher's upload. db/api/*.sql
-- grants them; required_grants.sql reports one that was revoked by hand and
-- fix.sql re-grants it. One list for both (included with \ir).
CREATE TEMP VIEW required_grants (role, kind, name, privilege) AS
  VALUES ('api_anon', 'schema', 'api', 'USAGE'),
         ('api_authenticated', 'schema', 'api', 'USAGE'),
         ('api_publisher', 'schema', 'api', 'USAGE'),
         ('api_anon', 'function', 'api.serve_html(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_css(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_js(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_wasm(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_asset(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.login(text,text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.register_user(text,text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.me()', 'EXECUTE'),
         ('api_authenticated', 'view', 'api.users', 'SELECT'),
         ('api_authenticated', 'view', 'api.tasks', 'SELECT'),
         ('api_authenticated', 'view', 'api.task_assignments', 'SELECT'),
         ('api_publisher', 'function', 'api.update_frontend_asset(text,text,text,text,text,text,text[])', 'EXECUTE');
