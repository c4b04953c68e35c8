-- Objects added by later migrations get the designed grants on their own.
BEGIN;
SELECT plan(5);
SET LOCAL ROLE app_owner;

CREATE TABLE app_data.pgtap_new_table (id int PRIMARY KEY);
CREATE VIEW api.pgtap_new_view WITH (security_invoker = true) AS SELECT id FROM app_data.pgtap_new_table;
CREATE FUNCTION api.pgtap_new_function() RETURNS int LANGUAGE sql AS 'SELECT 1';
RESET ROLE;

SELECT ok(has_table_privilege('api_authenticated', 'app_data.pgtap_new_table', 'SELECT'),
  'a new app_data table is readable by signed-in members (RLS then decides rows)');
SELECT ok(NOT has_table_privilege('api_authenticated', 'app_data.pgtap_new_table', 'INSERT'),
  'a new app_data table is not writable by members');
SELECT ok(NOT has_table_privilege('api_anon', 'app_data.pgtap_new_table', 'SELECT'),
  'a new app_data table is not readable anonymously');
SELECT ok(has_table_privilege('api_authenticated', 'api.pgtap_new_view', 'SELECT')
          AND NOT has_table_privilege('api_anon', 'api.pgtap_new_view', 'SELECT'),
  'a new api view is readable by members only');
SELECT ok(NOT has_function_privilege('public', 'api.pgtap_new_function()', 'EXECUTE'),
  'a new function is not executable by PUBLIC until granted');

SELECT * FROM finish();
ROLLBACK;
