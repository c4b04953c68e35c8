-- The guide's sample household, for the local dev stack and tests only:
-- deploy.sh never loads it. Runs as app_owner; loads once (skips when any
-- user exists), so restarting the stack keeps what you changed.
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO app_data.users (user_id, username, password_hash, is_admin)
SELECT v.user_id, v.username, public.crypt('password123', public.gen_salt('bf', 10)), v.is_admin
FROM (VALUES (1, 'user1', false), (2, 'user2', false), (3, 'user3', false), (4, 'admin', true))
     AS v(user_id, username, is_admin)
WHERE NOT EXISTS (SELECT 1 FROM app_data.users);

INSERT INTO app_data.tasks (task_id, task_name, description, created_by)
SELECT v.task_id, v.task_name, v.description, 4
FROM (VALUES
  (1, 'Kitchen Cleaning', 'Clean the kitchen surfaces and floor.'),
  (2, 'Bathroom Cleaning', 'Clean the toilet, shower, and sink.'),
  (3, 'Living Room Tidying', 'Tidy up the living room area.'),
  (4, 'Trash Duty', 'Take out the trash and recycling.'),
  (5, 'Vacuuming', 'Vacuum all carpets and rugs.'),
  (6, 'Dishwashing', 'Wash all dirty dishes.')) AS v(task_id, task_name, description)
WHERE NOT EXISTS (SELECT 1 FROM app_data.tasks);

INSERT INTO app_data.task_assignments (assignment_id, task_id, user_id, assigned_by)
SELECT v.assignment_id, v.task_id, v.user_id, 4
FROM (VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 1), (5, 5, 2), (6, 6, 3))
     AS v(assignment_id, task_id, user_id)
WHERE NOT EXISTS (SELECT 1 FROM app_data.task_assignments);

-- Explicit ids above: move the identity sequences past them.
SELECT setval(pg_get_serial_sequence('app_data.users', 'user_id'), (SELECT max(user_id) FROM app_data.users));
SELECT setval(pg_get_serial_sequence('app_data.tasks', 'task_id'), (SELECT max(task_id) FROM app_data.tasks));
SELECT setval(pg_get_serial_sequence('app_data.task_assignments', 'assignment_id'),
              (SELECT max(assignment_id) FROM app_data.task_assignments));
COMMIT;
