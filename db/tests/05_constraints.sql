-- Constraints hold whatever path data comes in by (even app_owner's own SQL).
BEGIN;
SELECT plan(14);
SET LOCAL ROLE app_owner;

SELECT throws_ok($$INSERT INTO app_data.users (username, password_hash) VALUES ('', '$2a$x')$$,
  '23514', NULL, 'empty username rejected');
SELECT throws_ok($$INSERT INTO app_data.users (username, password_hash) VALUES (repeat('a', 33), '$2a$x')$$,
  '23514', NULL, 'username over 32 characters rejected');
SELECT throws_ok($$INSERT INTO app_data.users (username, password_hash) VALUES ('bad name', '$2a$x')$$,
  '23514', NULL, 'username with a space rejected');
SELECT throws_ok($$INSERT INTO app_data.users (username, password_hash) VALUES ('plainpw', 'password123')$$,
  '23514', NULL, 'a plain-text password_hash is rejected');
SELECT throws_ok($$INSERT INTO app_data.users (username, password_hash) VALUES ('USER1', '$2a$x')$$,
  '23505', NULL, 'usernames are unique ignoring case');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name) VALUES ('')$$,
  '23514', NULL, 'empty task name rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name) VALUES ('  padded ')$$,
  '23514', NULL, 'untrimmed task name rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name, description) VALUES ('long', repeat('x', 1001))$$,
  '23514', NULL, 'description over 1000 characters rejected');
SELECT throws_ok($$INSERT INTO app_data.tasks (task_name) VALUES ('kitchen cleaning')$$,
  '23505', NULL, 'task names are unique ignoring case');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id) VALUES (1, 999999)$$,
  '23503', NULL, 'assignment to a missing user rejected');
SELECT throws_ok($$UPDATE app_data.task_assignments SET is_approved = true, reviewed_at = now(), reviewed_by = 4
                   WHERE assignment_id = 2 AND completed_at IS NULL$$,
  '23514', NULL, 'approving work that is not completed is rejected');
SELECT throws_ok($$UPDATE app_data.task_assignments SET completed_at = now(), is_approved = true, reviewed_at = now(), reviewed_by = user_id
                   WHERE assignment_id = 2$$,
  '23514', NULL, 'reviewing one''s own work is rejected');
SELECT throws_ok($$INSERT INTO app_data.task_assignments (task_id, user_id) VALUES (2, 2)$$,
  '23505', NULL, 'a second open assignment of the same task to the same member is rejected');
SELECT throws_ok($$INSERT INTO app_frontend.frontend_assets (asset_name, content_type, content) VALUES ('../etc/passwd', 'text/plain', '\x00')$$,
  '23514', NULL, 'asset names cannot be paths');

SELECT * FROM finish();
ROLLBACK;
