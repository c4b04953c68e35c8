-- Every grant the request roles hold on the API, and the pre-request check
-- every request runs: the one list of them. db/api/*.sql grants them;
-- required_grants.sql (the monitor) reports one that was revoked by hand,
-- fix.sql re-grants it, and the pgTAP suite (db/tests/04_privileges.sql)
-- asserts every row and that no request role holds a grant on `api` beyond
-- it. Each includes this file with \ir.
--
-- Adding an endpoint: its GRANT in db/api/NN_*.sql and its rows here; the
-- pgTAP suite fails if either is missing.
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
         -- The health check (db/api/05_health.sql): deploy and the proxy ask it.
         ('api_anon', 'function', 'api.ping()', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.ping()', 'EXECUTE'),
         ('api_publisher', 'function', 'api.ping()', 'EXECUTE'),
         -- The page and its assets (db/api/50_frontend_serve.sql), for everyone.
         ('api_anon', 'function', 'api.serve_html(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_css(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_js(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_wasm(text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.serve_asset(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.serve_html(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.serve_css(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.serve_js(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.serve_wasm(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.serve_asset(text)', 'EXECUTE'),
         ('api_publisher', 'function', 'api.serve_html(text)', 'EXECUTE'),
         ('api_publisher', 'function', 'api.serve_css(text)', 'EXECUTE'),
         ('api_publisher', 'function', 'api.serve_js(text)', 'EXECUTE'),
         ('api_publisher', 'function', 'api.serve_wasm(text)', 'EXECUTE'),
         ('api_publisher', 'function', 'api.serve_asset(text)', 'EXECUTE'),
         -- Sign-in and registration (db/api/20_auth.sql, 25_members.sql).
         ('api_anon', 'function', 'api.login(text,text)', 'EXECUTE'),
         ('api_anon', 'function', 'api.register_user(text,text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.login(text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.register_user(text,text,text)', 'EXECUTE'),
         -- Sessions and member management (db/api/20_auth.sql, 25_members.sql).
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
         -- The household (db/api/10_views.sql, 30_tasks.sql, 40_assignments.sql).
         ('api_authenticated', 'view', 'api.users', 'SELECT'),
         ('api_authenticated', 'view', 'api.tasks', 'SELECT'),
         ('api_authenticated', 'view', 'api.task_assignments', 'SELECT'),
         ('api_authenticated', 'function', 'api.create_task(text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.update_task(bigint,text,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.delete_task(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.assign_task(bigint,bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.complete_assignment(bigint,text,timestamptz)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.approve_assignment(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.reject_assignment(bigint)', 'EXECUTE'),
         -- The chore engine's writes (db/api/35_chores.sql, 40_assignments.sql,
         -- 45_occurrence_actions.sql): RLS and the functions decide who may.
         ('api_authenticated', 'function', 'api.household()', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.update_household(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.create_chore(text,text,text,text,text,timestamptz,integer,text,bigint,integer,text,bigint,bigint[],text,boolean)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.update_chore(bigint,text,text,text,text,text,timestamptz,integer,text,bigint,integer,text,bigint,bigint[],text,boolean)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.skip_assignment(bigint,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.undo_assignment(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.claim_assignment(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.reassign_assignment(bigint,bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.offer_swap(bigint,bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.accept_swap(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.decline_swap(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.cancel_swap(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.set_away(date,date,bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.remove_away(bigint)', 'EXECUTE'),
         ('api_authenticated', 'view', 'api.away_periods', 'SELECT'),
         ('api_authenticated', 'view', 'api.swap_offers', 'SELECT'),
         -- Schedule previews (db/api/13_schedule_instances.sql), a read.
         ('api_authenticated', 'function', 'api.preview_schedule(text,text,integer,text)', 'EXECUTE'),
         -- Points and the reward store (db/api/55_points.sql, 56_rewards.sql).
         ('api_authenticated', 'function', 'api.set_chore_points(bigint,integer,integer)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.adjust_points(bigint,integer,text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.my_points(bigint,integer,bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.leaderboard(text)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.create_reward(text,text,integer,integer)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.update_reward(bigint,text,text,integer,integer)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.archive_reward(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.redeem_reward(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.cancel_redemption(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.approve_redemption(bigint)', 'EXECUTE'),
         ('api_authenticated', 'function', 'api.decline_redemption(bigint)', 'EXECUTE'),
         ('api_authenticated', 'view', 'api.point_balances', 'SELECT'),
         ('api_authenticated', 'view', 'api.rewards', 'SELECT'),
         ('api_authenticated', 'view', 'api.redemptions', 'SELECT'),
         -- Publishing (db/api/60_frontend_publish.sql): the uploader.
         ('api_publisher', 'function', 'api.update_frontend_asset(text,text,text,text,text,text,text[])', 'EXECUTE'),
         ('api_publisher', 'function', 'api.frontend_asset_manifest()', 'EXECUTE'),
         ('api_publisher', 'function', 'api.frontend_releases()', 'EXECUTE'),
         ('api_publisher', 'function', 'api.rollback_frontend()', 'EXECUTE'),
         ('api_publisher', 'function', 'api.prune_frontend_assets(boolean)', 'EXECUTE');
